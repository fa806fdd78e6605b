// Decimal arithmetic adjustments: DAA DAS AAA AAS AAM AAD (SDM vol. 2 pseudo-code).
// Flags the SDM leaves undefined (OF for all; SF ZF PF for AAA/AAS; OF AF CF for AAM/AAD)
// are computed from the result where the hardware does something and cleared otherwise.

import { CpuFault, Vector } from '../faults';
import { Eflags, F } from '../flags';
import { Reg } from '../state';
import type { Cpu } from '../cpu';
import { HandlerGroup } from './handler';
import { read, readGpr, writeGpr } from './operands';

const ALL = F.CF | F.PF | F.AF | F.ZF | F.SF | F.OF;

function decimalAdjust(cpu: Cpu, subtract: boolean): void {
  const al = readGpr(cpu, Reg.EAX, 8);
  const cf = cpu.flags.cf;
  let res = al;
  let newCf = false;
  let newAf = false;
  if ((al & 0x0f) > 9 || cpu.flags.af) {
    res = subtract ? res - 6 : res + 6;
    newCf = cf || (subtract ? al < 6 : al + 6 > 0xff);
    newAf = true;
  }
  if (al > 0x99 || cf) {
    res = subtract ? res - 0x60 : res + 0x60;
    newCf = true;
  } else if (!subtract) {
    newCf = false; // DAA clears CF here; DAS keeps the borrow of the first step
  }
  res &= 0xff;
  writeGpr(cpu, Reg.EAX, 8, res);
  cpu.flags.setArith(ALL, Eflags.resultFlags(res, 8) | (newCf ? F.CF : 0) | (newAf ? F.AF : 0));
}

function asciiAdjust(cpu: Cpu, subtract: boolean): void {
  let ax = readGpr(cpu, Reg.EAX, 16);
  const adjust = (ax & 0x0f) > 9 || cpu.flags.af;
  if (adjust) ax = subtract ? ax - 0x106 : ax + 0x106;
  ax = (ax & 0xff00) | (ax & 0x0f);
  writeGpr(cpu, Reg.EAX, 16, ax);
  cpu.flags.setArith(ALL, Eflags.resultFlags(ax & 0xff, 8) | (adjust ? F.AF | F.CF : 0));
}

export const BCD: HandlerGroup = {
  daa: (cpu) => decimalAdjust(cpu, false),
  das: (cpu) => decimalAdjust(cpu, true),
  aaa: (cpu) => asciiAdjust(cpu, false),
  aas: (cpu) => asciiAdjust(cpu, true),
  aam: (cpu, insn) => {
    const base = insn.operands.length > 0 ? read(cpu, insn, 0) : 10;
    if (base === 0) throw new CpuFault(Vector.DE);
    const al = readGpr(cpu, Reg.EAX, 8);
    const res = al % base;
    writeGpr(cpu, Reg.EAX, 16, (Math.floor(al / base) << 8) | res);
    cpu.flags.setArith(ALL, Eflags.resultFlags(res, 8));
  },
  aad: (cpu, insn) => {
    const base = insn.operands.length > 0 ? read(cpu, insn, 0) : 10;
    const ax = readGpr(cpu, Reg.EAX, 16);
    const res = ((ax & 0xff) + (ax >>> 8) * base) & 0xff;
    writeGpr(cpu, Reg.EAX, 16, res);
    cpu.flags.setArith(ALL, Eflags.resultFlags(res, 8));
  },
};
