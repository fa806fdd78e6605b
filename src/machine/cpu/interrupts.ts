// Delivering an exception or interrupt: through the real-mode vector table, or through an
// IDT interrupt or trap gate with the privilege checks and the stack switch of SDM vol. 3,
// 6.12 (and the INT n pseudo-code in vol. 2). Task gates are handed to the task switcher.

import { Width } from './access';
import { arDpl, Descriptor, isCode, isConforming, isPresent, isWritable, parseGate, SysType } from './descriptors';
import { CpuFault, Vector } from './faults';
import { F } from './flags';
import { Reg, Seg } from './state';
import type { Cpu } from './cpu';

export interface InterruptEvent {
  vector: number;
  errorCode?: number;
  /** INT n, INT3, INTO: checked against the gate's DPL, and EXT = 0 in error codes. */
  software: boolean;
  /** INT n (not INT3 or INTO): in virtual-8086 mode it needs IOPL = 3. */
  intN?: boolean;
  /** The EIP saved for the handler: the faulting instruction for faults, the next one otherwise. */
  returnEip: number;
}

export function deliver(cpu: Cpu, event: InterruptEvent): void {
  if (!cpu.protectedMode) deliverReal(cpu, event);
  else deliverProtected(cpu, event);
}

function deliverReal(cpu: Cpu, { vector, returnEip }: InterruptEvent): void {
  const entry = vector * 4;
  if (entry + 3 > cpu.idtr.limit) throw new CpuFault(Vector.GP, 0);
  const ivt = cpu.mem.readLinear((cpu.idtr.base + entry) >>> 0, 4, false);
  cpu.stack.push(cpu.flags.value, 2);
  cpu.stack.push(cpu.segs[Seg.CS].selector, 2);
  cpu.stack.push(returnEip, 2);
  cpu.flags.setFlag(F.IF, false);
  cpu.flags.setFlag(F.TF, false);
  cpu.flags.setFlag(F.AC, false);
  cpu.segs[Seg.CS].loadReal(ivt >>> 16);
  cpu.eip = ivt & 0xffff;
}

function deliverProtected(cpu: Cpu, event: InterruptEvent): void {
  const { vector, software } = event;
  const ext = software ? 0 : 1;
  const v86 = cpu.flags.has(F.VM);
  if (event.intN && v86 && cpu.flags.iopl < 3) throw new CpuFault(Vector.GP, 0);

  const gateError = vector * 8 + 2 + ext;
  if (vector * 8 + 7 > cpu.idtr.limit) throw new CpuFault(Vector.GP, gateError);
  const at = (cpu.idtr.base + vector * 8) >>> 0;
  const gate = parseGate(cpu.mem.readLinear(at, 4, false), cpu.mem.readLinear((at + 4) >>> 0, 4, false));
  const type = gate.ar & 0x1f; // S bit included: gates are system descriptors
  const isGate = [SysType.TaskGate, SysType.InterruptGate16, SysType.TrapGate16, SysType.InterruptGate32, SysType.TrapGate32].includes(type);
  if (!isGate) throw new CpuFault(Vector.GP, gateError);
  if (software && arDpl(gate.ar) < cpu.cpl) throw new CpuFault(Vector.GP, vector * 8 + 2);
  if (!isPresent(gate.ar)) throw new CpuFault(Vector.NP, gateError);

  if (type === SysType.TaskGate) {
    cpu.taskGate(gate.selector, event);
    return;
  }

  const selectorError = (gate.selector & 0xfffc) + ext;
  if ((gate.selector & 0xfffc) === 0) throw new CpuFault(Vector.GP, ext);
  const target = cpu.tables.read(gate.selector, Vector.GP);
  const dpl = arDpl(target.ar);
  if (!isCode(target.ar) || dpl > cpu.cpl) throw new CpuFault(Vector.GP, selectorError);
  if (!isPresent(target.ar)) throw new CpuFault(Vector.NP, selectorError);

  const width: Width = type === SysType.InterruptGate32 || type === SysType.TrapGate32 ? 4 : 2;
  const oldFlags = cpu.flags.value;
  const oldCs = cpu.segs[Seg.CS].selector;
  const pushed: number[] = [];
  const interPrivilege = !isConforming(target.ar) && dpl < cpu.cpl;
  let newStack: { selector: number; descriptor: Descriptor; esp: number } | undefined;

  if (interPrivilege) {
    if (v86 && dpl !== 0) throw new CpuFault(Vector.GP, selectorError);
    newStack = innerStack(cpu, dpl, ext);
    if (v86) pushed.push(cpu.segs[Seg.GS].selector, cpu.segs[Seg.FS].selector, cpu.segs[Seg.DS].selector, cpu.segs[Seg.ES].selector);
    pushed.push(cpu.segs[Seg.SS].selector, cpu.gpr[Reg.ESP]);
  } else if (v86) {
    throw new CpuFault(Vector.GP, selectorError);
  }
  pushed.push(oldFlags, oldCs, event.returnEip);
  if (event.errorCode !== undefined) pushed.push(event.errorCode);

  // Nothing is committed until every push has succeeded: a fault here leaves the old stack.
  cpu.stack.atomically(() => {
    if (newStack) {
      cpu.tables.fill(Seg.SS, newStack.selector, newStack.descriptor);
      cpu.gpr[Reg.ESP] = newStack.esp;
      cpu.cpl = dpl; // the new stack is written with the handler's privilege
    }
    for (const value of pushed) cpu.stack.push(value, width);
  });

  if (v86) for (const seg of [Seg.ES, Seg.DS, Seg.FS, Seg.GS] as const) cpu.tables.loadData(seg, 0);
  cpu.tables.markAccessed(target);
  cpu.tables.fill(Seg.CS, (gate.selector & 0xfffc) | (interPrivilege ? dpl : cpu.cpl), target);
  cpu.cpl = interPrivilege ? dpl : cpu.cpl;
  cpu.eip = width === 4 ? gate.offset : gate.offset & 0xffff;
  cpu.flags.setFlag(F.TF, false);
  cpu.flags.setFlag(F.NT, false);
  cpu.flags.setFlag(F.RF, false);
  cpu.flags.setFlag(F.VM, false);
  if (type === SysType.InterruptGate16 || type === SysType.InterruptGate32) cpu.flags.setFlag(F.IF, false);
}

/** The stack for privilege level `dpl` from the current TSS (SDM vol. 3, 8.2.1). */
export function stackFromTss(cpu: Cpu, dpl: number, ext: number): { ss: number; esp: number } {
  const tr = cpu.tr;
  const is32 = (tr.ar & 0xf) === SysType.Tss32Busy;
  const offset = is32 ? 4 + dpl * 8 : 2 + dpl * 4;
  const size = is32 ? 8 : 4;
  if (offset + size - 1 > tr.limit) throw new CpuFault(Vector.TS, (tr.selector & 0xfffc) + ext);
  const base = (tr.base + offset) >>> 0;
  if (is32) {
    return { esp: cpu.mem.readLinear(base, 4, false), ss: cpu.mem.readLinear((base + 4) >>> 0, 2, false) };
  }
  return { esp: cpu.mem.readLinear(base, 2, false), ss: cpu.mem.readLinear((base + 2) >>> 0, 2, false) };
}

/** SS:ESP for an inner privilege level, with the checks that raise #TS or #SS. */
function innerStack(cpu: Cpu, dpl: number, ext: number): { selector: number; descriptor: Descriptor; esp: number } {
  const { ss, esp } = stackFromTss(cpu, dpl, ext);
  const error = (ss & 0xfffc) + ext;
  if ((ss & 0xfffc) === 0) throw new CpuFault(Vector.TS, ext);
  const d = cpu.tables.read(ss, Vector.TS);
  if ((ss & 3) !== dpl || arDpl(d.ar) !== dpl || !isWritable(d.ar)) throw new CpuFault(Vector.TS, error);
  if (!isPresent(d.ar)) throw new CpuFault(Vector.SS, error);
  cpu.tables.markAccessed(d);
  return { selector: ss, descriptor: d, esp };
}
