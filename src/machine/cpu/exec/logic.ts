// Bitwise logic: AND OR XOR TEST (CF = OF = 0, AF undefined and left clear) and NOT (no flags).

import { Handler, HandlerGroup } from './handler';
import { read, readForWrite, writeBack } from './operands';

function logic(op: (a: number, b: number) => number): Handler {
  return (cpu, insn) => {
    const b = read(cpu, insn, 1);
    const res = op(readForWrite(cpu, insn, 0), b);
    cpu.flags.logic(res, insn.operands[0].size);
    writeBack(cpu, insn, 0, res);
  };
}

const test: Handler = (cpu, insn) => cpu.flags.logic(read(cpu, insn, 0) & read(cpu, insn, 1), insn.operands[0].size);

export const LOGIC: HandlerGroup = {
  and: logic((a, b) => a & b),
  or: logic((a, b) => a | b),
  xor: logic((a, b) => a ^ b),
  test,
  not: (cpu, insn) => writeBack(cpu, insn, 0, ~readForWrite(cpu, insn, 0)),
};
