// Flag instructions: CLC STC CMC CLD STD, CLI STI (IOPL-sensitive), PUSHF POPF.
// POPF's rules are the textbook virtualization hole: outside ring 0 it changes IOPL never
// and IF only when CPL <= IOPL, silently, without a fault (SDM vol. 2, POPF).

import { CpuFault, Vector } from '../faults';
import { F, WRITABLE_FLAGS } from '../flags';
import type { Cpu } from '../cpu';
import { Handler, HandlerGroup } from './handler';
import { operandBytes } from './operands';

/** CLI and STI: in protected mode they need CPL <= IOPL; in virtual-8086 mode IOPL = 3. */
function checkIopl(cpu: Cpu): void {
  if (cpu.protectedMode && cpu.cpl > cpu.flags.iopl) throw new CpuFault(Vector.GP, 0);
}

const sti: Handler = (cpu) => {
  checkIopl(cpu);
  if (!cpu.flags.has(F.IF)) cpu.interruptShadow = true; // interrupts wait until after the next instruction
  cpu.flags.setFlag(F.IF, true);
};

const pushf: Handler = (cpu, insn) => {
  if (cpu.flags.has(F.VM) && cpu.flags.iopl < 3) throw new CpuFault(Vector.GP, 0);
  cpu.stack.push(cpu.flags.value & ~(F.VM | F.RF), operandBytes(insn));
};

/** The flags POPF may change in the current mode and privilege level. */
function popfMask(cpu: Cpu): number {
  let mask = WRITABLE_FLAGS & ~(F.VM | F.VIF | F.VIP | F.RF);
  if (cpu.flags.has(F.VM)) return mask & ~F.IOPL;
  if (cpu.protectedMode && cpu.cpl > 0) mask &= ~F.IOPL;
  if (cpu.protectedMode && cpu.cpl > cpu.flags.iopl) mask &= ~F.IF;
  return mask;
}

const popf: Handler = (cpu, insn) => {
  if (cpu.flags.has(F.VM) && cpu.flags.iopl < 3) throw new CpuFault(Vector.GP, 0);
  const width = operandBytes(insn);
  const value = cpu.stack.pop(width);
  const mask = width === 2 ? popfMask(cpu) & 0xffff : popfMask(cpu);
  cpu.flags.value = ((cpu.flags.value & ~mask & ~F.RF) | (value & mask)) >>> 0;
};

export const FLAG_CONTROL: HandlerGroup = {
  clc: (cpu) => cpu.flags.setFlag(F.CF, false),
  stc: (cpu) => cpu.flags.setFlag(F.CF, true),
  cmc: (cpu) => cpu.flags.setFlag(F.CF, !cpu.flags.cf),
  cld: (cpu) => cpu.flags.setFlag(F.DF, false),
  std: (cpu) => cpu.flags.setFlag(F.DF, true),
  cli: (cpu) => {
    checkIopl(cpu);
    cpu.flags.setFlag(F.IF, false);
  },
  sti,
  pushf, pushfw: pushf, pushfd: pushf,
  popf, popfw: popf, popfd: popf,
};
