// Bitwise logic: AND OR XOR TEST (CF = OF = 0, AF undefined and left clear; alu-ops.ts) and NOT (no flags).

import { aluHandlers } from './alu-ops';
import { HandlerGroup } from './handler';
import { readForWrite, writeBack } from './operands';

export const LOGIC: HandlerGroup = {
  ...aluHandlers(['and', 'or', 'xor', 'test']),
  not: (cpu, insn) => writeBack(cpu, insn, 0, ~readForWrite(cpu, insn, 0)),
};
