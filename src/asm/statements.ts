// The parsed form of source lines: what each pass of the assembler walks.

import { Register } from '../arch/registers';
import { Origin } from './diagnostics';
import { Expr } from './expressions';
import { BranchKind, OperandSize, PrefixWord } from './operands';

export type OperandSpec =
  | { kind: 'reg'; reg: Register; col: number }
  | { kind: 'imm'; expr: Expr; size?: OperandSize; strict?: boolean; branch?: BranchKind; col: number }
  | {
      kind: 'mem'; size?: OperandSize; seg?: number; base?: Register; index?: Register; scale: 1 | 2 | 4 | 8;
      disp: Expr | null; dispSize?: 8 | 16 | 32; nosplit?: boolean; branch?: BranchKind; col: number;
    }
  | { kind: 'far'; selector: Expr; offset: Expr; size?: OperandSize; col: number };

export type DataItem = { str: string; col: number } | { expr: Expr; col: number };

export type StmtKind = 'insn' | 'data' | 'res' | 'equ' | 'label' | 'bytes';

const NONE: never[] = [];

/** One statement. A single class for all kinds keeps the passes' loops monomorphic (and fast). */
export class Stmt {
  /** A label defined at the statement's address. */
  label: { name: string; col: number } | undefined = undefined;
  /** A `times` count. */
  times: Expr | undefined = undefined;
  /** ALIGN/ALIGNB: repeat the statement until $-$$ is a multiple of this. */
  alignTo: number | undefined = undefined;
  // insn
  mnemonic = '';
  prefixes: PrefixWord[] = NONE;
  operands: OperandSpec[] = NONE;
  /** Whether immediates are branch targets (JMP, Jcc, CALL, LOOP, JCXZ). */
  branch = false;
  /** Bytes of an encoding that depends on nothing that can change between passes. */
  cache: number[] | undefined = undefined;
  /** For such an instruction: its text, to share one encoding among identical lines. */
  memoKey: string | undefined = undefined;
  /** The evaluated operand values of the last encoding, and its bytes. */
  lastInputs: number[] | undefined = undefined;
  lastBytes: number[] | undefined = undefined;
  // data (width also for res)
  width = 0;
  items: DataItem[] = NONE;
  // res
  count: Expr | undefined = undefined;
  // equ
  name = '';
  expr: Expr | undefined = undefined;
  // bytes (incbin)
  bytes: Uint8Array | undefined = undefined;

  constructor(
    readonly k: StmtKind,
    readonly origin: Origin,
    /** Column of the statement's first token (for messages). */
    readonly col: number,
    readonly section: number,
    readonly bits: 16 | 32,
  ) {}
}
