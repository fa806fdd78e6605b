// Handlers made for one decoded instruction (see specialize.ts): the group-2 shifts and rotates
// of a general register by an immediate count, by 1 or by CL. The operation is shifts.ts's;
// as there, the count is masked to five bits and a masked count of zero changes nothing.

import { DecodedInstruction } from '../../../arch/decoder';
import { Reg } from '../state';
import { Handler } from './handler';
import { isGeneralRegister, readGpr, writeGpr } from './operands';
import { SHIFT_OPS } from './shifts';

export function specializeShift(insn: DecodedInstruction, mnemonic: string): Handler | undefined {
  const shift = SHIFT_OPS.get(mnemonic);
  if (shift === undefined || insn.operands.length !== 2) return undefined;
  const [dst, src] = insn.operands;
  if (!isGeneralRegister(dst)) return undefined;
  const d = dst.reg;
  const bits = dst.size;
  if (src.kind === 'imm') {
    const count = src.value & 0x1f;
    if (count === 0) return () => {};
    return (cpu) => writeGpr(cpu, d, bits, shift(cpu.flags, readGpr(cpu, d, bits), count, bits));
  }
  if (!isGeneralRegister(src) || src.size !== 8 || src.reg !== Reg.ECX) return undefined;
  return (cpu) => {
    const count = cpu.gpr[Reg.ECX] & 0x1f;
    if (count !== 0) writeGpr(cpu, d, bits, shift(cpu.flags, readGpr(cpu, d, bits), count, bits));
  };
}
