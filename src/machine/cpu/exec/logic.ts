// Bitwise logic: AND OR XOR TEST (CF = OF = 0, AF undefined and left clear) and NOT (no flags).

import { Handler, HandlerGroup } from './handler';
import { modify, read } from './operands';

function logic(op: (a: number, b: number) => number): Handler {
  return (cpu, insn) => {
    const bits = insn.operands[0].size;
    const b = read(cpu, insn, 1);
    modify(cpu, insn, 0, (a) => {
      const res = op(a, b);
      cpu.flags.logic(res, bits);
      return res;
    });
  };
}

const test: Handler = (cpu, insn) => cpu.flags.logic(read(cpu, insn, 0) & read(cpu, insn, 1), insn.operands[0].size);

export const LOGIC: HandlerGroup = {
  and: logic((a, b) => a & b),
  or: logic((a, b) => a | b),
  xor: logic((a, b) => a ^ b),
  test,
  not: (cpu, insn) => modify(cpu, insn, 0, (a) => ~a),
};
