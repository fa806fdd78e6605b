// What the decoder hands the CPU and the disassembler: one instruction, operands resolved.
// Both classes keep every field present on every object so that the interpreter's accesses
// stay monomorphic. Treat both as read-only: register operands are shared between decodes.

import { InstructionForm } from '../forms';
import { RegisterClass, registerWidth } from '../registers';

export type OperandKind = 'reg' | 'mem' | 'imm' | 'rel' | 'far';

export class DecodedOperand {
  kind: OperandKind;
  /**
   * Width in bits: of the register, of the memory access (0 for an unsized 'm' such as LEA's,
   * 32 or 48 for a far pointer in memory, 64 for m64), of the immediate after extension, or of
   * the branch's operand size.
   */
  size: number;
  /** reg: the register class; null otherwise. */
  cls: RegisterClass | null = null;
  /** reg: the register number as encoded. */
  reg = 0;
  /** mem: the segment register number (SEG) that applies: the override, else the SDM default. */
  seg = 0;
  /** mem: base and index register numbers (of r16 or r32 as the address size says), -1 for none. */
  base = -1;
  index = -1;
  scale = 1;
  /** mem: the displacement, sign-extended (an absolute 16- or 32-bit offset is left unsigned). */
  disp = 0;
  /** imm: the value extended as the form says, as an unsigned number of `size` bits. rel: the signed displacement. far: the offset. */
  value = 0;
  /** far: the selector. */
  selector = 0;

  constructor(kind: OperandKind, size: number) {
    this.kind = kind;
    this.size = size;
  }
}

export const NO_OPERANDS: DecodedOperand[] = [];

export class DecodedInstruction {
  /** The table form; null when the bytes are not a valid instruction. */
  form: InstructionForm | null = null;
  /** Why the bytes are invalid, and the fault the CPU raises for it (6 = #UD, 13 = #GP). */
  invalid: string | null = null;
  fault = 0;
  /** Bytes taken, prefixes included (for an invalid result: the bytes looked at). */
  length = 0;
  operands: DecodedOperand[] = NO_OPERANDS;
  /** Operand and address size in effect (after 66/67 prefixes, mandatory prefixes excluded). */
  operandSize: 16 | 32 = 32;
  addressSize: 16 | 32 = 32;
  /** Segment override prefix (SEG number), -1 when none. */
  segment = -1;
  lock = false;
  /** 0xF3 (REP/REPE), 0xF2 (REPNE) or 0: the repeat prefix in effect, unless it was a mandatory prefix. */
  rep = 0;
  /** Number of prefix bytes before the opcode (mandatory prefixes included). */
  prefixCount = 0;
  /** The ModRM and SIB bytes, -1 when absent; the displacement's width in bytes. */
  modrm = -1;
  sib = -1;
  dispBytes = 0;
}

/** The target of a relative branch operand when the instruction starts at `address`. */
export function branchTarget(insn: DecodedInstruction, op: DecodedOperand, address: number): number {
  const t = address + insn.length + op.value;
  return insn.operandSize === 16 ? t & 0xffff : t >>> 0;
}

/** One shared operand object per register (decoded operands are read-only), by class and number. */
export const REGISTER_OPERANDS: ReadonlyMap<RegisterClass, readonly DecodedOperand[]> = new Map(
  (['r8', 'r16', 'r32', 'sreg', 'creg', 'dreg', 'treg'] as RegisterClass[]).map((cls) => [cls, [0, 1, 2, 3, 4, 5, 6, 7].map((num) => {
    const op = new DecodedOperand('reg', registerWidth(cls));
    op.cls = cls;
    op.reg = num;
    return op;
  })]),
);
