// Handlers made for one decoded instruction, for the commonest forms: register and immediate
// ALU operations, moves with 32-bit-addressed memory, PUSH and POP, relative jumps. Their
// operands (register numbers, widths, immediates, address parts) are fixed when the
// instruction is decoded, so running it reads no operand objects; each does exactly what the
// general handler of its mnemonic does for those operands. Every other form keeps its general
// handler (dispatch.ts). The decode cache keeps the result with the instruction (executable.ts).

import { DecodedInstruction } from '../../../arch/decoder';
import { Handler } from './handler';
import { specializeAlu } from './specialized-alu';
import { specializeBranch } from './specialized-branches';
import { specializeMove } from './specialized-moves';

/** A handler made for this instruction, or undefined when its form has none (use the general one). */
export function specialize(insn: DecodedInstruction): Handler | undefined {
  const mnemonic = insn.form!.mnemonic;
  return specializeAlu(insn, mnemonic) ?? specializeMove(insn, mnemonic) ?? specializeBranch(insn, mnemonic);
}
