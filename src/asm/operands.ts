// Operands as the assembler's parser produces them and the encoder consumes them.
// Values are already evaluated; `known` is false while a forward reference is unresolved
// (the encoder must then pick a form that stays valid for any value, and a later pass shrinks it).

import { Register } from '../arch/registers';

/** A size keyword: byte word dword qword tword oword, or none. */
export type OperandSize = 8 | 16 | 32 | 64 | 80 | 128;

/** SHORT, NEAR or FAR in front of a branch target or a memory operand. */
export type BranchKind = 'short' | 'near' | 'far';

export interface RegisterOperand {
  kind: 'reg';
  reg: Register;
}

export interface ImmediateOperand {
  kind: 'imm';
  value: number;
  known: boolean;
  /** An explicit size keyword (`byte 5`, `dword label`). */
  size?: OperandSize;
  /** `strict`: the size keyword forbids a shorter encoding. */
  strict?: boolean;
  branch?: BranchKind;
}

export interface MemoryOperand {
  kind: 'mem';
  /** An explicit size keyword before the brackets. */
  size?: OperandSize;
  /** Segment register number (SEG) of an override written `[es:...]` or `es:[...]`. */
  seg?: number;
  base?: Register;
  index?: Register;
  scale: 1 | 2 | 4 | 8;
  disp: number;
  known: boolean;
  /** A size keyword on the displacement inside the brackets: `[byte eax+4]`, `[dword eax]`. */
  dispSize?: 8 | 16 | 32;
  /** NOSPLIT: keep `[eax*2]` as index-only instead of NASM's `[eax+eax]`. */
  nosplit?: boolean;
  /** Address size asked for by a size keyword inside the brackets (`[word 0x10]` in 32-bit code). */
  addrSize?: 16 | 32;
  branch?: BranchKind;
}

/** A far pointer written `selector:offset`. */
export interface FarOperand {
  kind: 'far';
  selector: number;
  offset: number;
  known: boolean;
  size?: OperandSize;
}

export type Operand = RegisterOperand | ImmediateOperand | MemoryOperand | FarOperand;

/** Prefixes written before a mnemonic. Segment overrides may also stand here (`es movsb`). */
export type PrefixWord =
  | 'lock' | 'rep' | 'repe' | 'repz' | 'repne' | 'repnz'
  | 'o16' | 'o32' | 'a16' | 'a32'
  | 'es' | 'cs' | 'ss' | 'ds' | 'fs' | 'gs';

export interface InstructionRequest {
  mnemonic: string;
  operands: Operand[];
  prefixes: PrefixWord[];
  /** The BITS setting in force. */
  bits: 16 | 32;
  /** The address ($) of the instruction's first byte, for relative branches. */
  address: number;
}
