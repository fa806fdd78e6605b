// Handlers made for one decoded instruction, for the commonest forms: register and immediate
// ALU operations, moves, ALU operations and extensions with 32-bit-addressed memory, PUSH and
// POP, shifts of a register, relative jumps and calls, near returns. Their
// operands (register numbers, widths, immediates, address parts) are fixed when the
// instruction is decoded, so running it reads no operand objects; each does exactly what the
// general handler of its mnemonic does for those operands. None changes CS, CPL or CR0, halts,
// or touches EFLAGS' system flags, the interrupt shadow or the debug registers: the fetch
// window (fetch-window.ts) and the run loop (Cpu.runUntil) rely on it. Every other form keeps its general
// handler (dispatch.ts). The decode cache keeps the result with the instruction (executable.ts).

import { DecodedInstruction } from '../../../arch/decoder';
import { Handler } from './handler';
import { specializeAlu } from './specialized-alu';
import { specializeBranch } from './specialized-branches';
import { specializeMemory } from './specialized-memory';
import { specializeMove } from './specialized-moves';
import { specializeShift } from './specialized-shifts';

/** A handler made for this instruction, or undefined when its form has none (use the general one). */
export function specialize(insn: DecodedInstruction): Handler | undefined {
  const mnemonic = insn.form!.mnemonic;
  return specializeAlu(insn, mnemonic) ?? specializeMove(insn, mnemonic) ?? specializeMemory(insn, mnemonic) ??
    specializeShift(insn, mnemonic) ?? specializeBranch(insn, mnemonic);
}
