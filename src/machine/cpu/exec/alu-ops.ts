// The two-operand ALU operations (ADD ADC SUB SBB CMP AND OR XOR TEST) as functions of their
// operand values: the general handlers (made here, grouped in arithmetic.ts and logic.ts) and
// the handlers specialize.ts makes for memory operands both compute through them. AND, OR,
// XOR and TEST clear CF and OF and leave AF clear (undefined in the SDM).

import { Eflags } from '../flags';
import { Handler } from './handler';
import { read, readForWrite, writeBack } from './operands';

export interface AluOp {
  /** The result of `a op b` at `bits` width; records the flags. */
  readonly compute: (flags: Eflags, a: number, b: number, bits: number) => number;
  /** False for CMP and TEST, which only set flags. */
  readonly writes: boolean;
}

const op = (writes: boolean, compute: AluOp['compute']): AluOp => ({ compute, writes });

export const ALU_OPS: ReadonlyMap<string, AluOp> = new Map(Object.entries({
  add: op(true, (flags, a, b, bits) => {
    flags.add(a, b, a + b, bits);
    return a + b;
  }),
  adc: op(true, (flags, a, b, bits) => {
    const carry = flags.cf;
    const res = a + b + (carry ? 1 : 0);
    flags.add(a, b, res, bits, carry);
    return res;
  }),
  sub: op(true, (flags, a, b, bits) => {
    flags.sub(a, b, a - b, bits);
    return a - b;
  }),
  sbb: op(true, (flags, a, b, bits) => {
    const borrow = flags.cf;
    const res = a - b - (borrow ? 1 : 0);
    flags.sub(a, b, res, bits, borrow);
    return res;
  }),
  cmp: op(false, (flags, a, b, bits) => {
    flags.sub(a, b, a - b, bits);
    return a - b;
  }),
  and: op(true, (flags, a, b, bits) => {
    flags.logic(a & b, bits);
    return a & b;
  }),
  or: op(true, (flags, a, b, bits) => {
    flags.logic(a | b, bits);
    return a | b;
  }),
  xor: op(true, (flags, a, b, bits) => {
    flags.logic(a ^ b, bits);
    return a ^ b;
  }),
  test: op(false, (flags, a, b, bits) => {
    flags.logic(a & b, bits);
    return a & b;
  }),
}));

/** The general handlers of the named operations: operand 0 is the destination (read-modify-write unless only flags are set). */
export function aluHandlers(mnemonics: string[]): Record<string, Handler> {
  return Object.fromEntries(mnemonics.map((mnemonic) => {
    const { compute, writes } = ALU_OPS.get(mnemonic)!;
    const handler: Handler = writes
      ? (cpu, insn) => {
        const b = read(cpu, insn, 1);
        const a = readForWrite(cpu, insn, 0);
        writeBack(cpu, insn, 0, compute(cpu.flags, a, b, insn.operands[0].size));
      }
      : (cpu, insn) => {
        compute(cpu.flags, read(cpu, insn, 0), read(cpu, insn, 1), insn.operands[0].size);
      };
    return [mnemonic, handler];
  }));
}
