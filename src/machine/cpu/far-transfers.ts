// Far JMP, far CALL, far RET and IRET: the control transfers that load CS, with the
// privilege checks, call gates, stack switches and task switches of SDM vol. 2 (the JMP, CALL,
// RET and IRET pseudo-code) and vol. 3, 5.8. They run with EIP already past the instruction,
// which is the return address a CALL pushes and the EIP a task switch saves.

import { Width } from './access';
import {
  arDpl, Ar, isCode, isConforming, isData, isPresent, isWritable, parseGate, SysType,
} from './descriptors';
import { CpuFault, Vector } from './faults';
import { F, WRITABLE_FLAGS } from './flags';
import { stackFromTss } from './interrupts';
import { Reg, Seg } from './state';
import { TableEntry } from './system-tables';
import { switchTask, TaskSwitchSource } from './tasks';
import type { Cpu } from './cpu';

const gp = (code: number): never => {
  throw new CpuFault(Vector.GP, code);
};

const inRealOrV86 = (cpu: Cpu): boolean => !cpu.protectedMode || cpu.flags.has(F.VM);

const sysType = (ar: number): number => ar & 0x1f;

const isCallGate = (ar: number): boolean => sysType(ar) === SysType.CallGate16 || sysType(ar) === SysType.CallGate32;

/** Loads CS for a transfer at the same privilege level (or into a conforming segment). */
function enterSamePrivilege(cpu: Cpu, selector: number, code: TableEntry, offset: number): void {
  if (offset > code.limit) gp(0);
  cpu.tables.markAccessed(code);
  cpu.tables.fill(Seg.CS, (selector & 0xfffc) | cpu.cpl, code);
  cpu.eip = offset;
}

/** The checks on a code segment named directly by a far JMP or CALL. */
function checkDirectCode(cpu: Cpu, selector: number, code: TableEntry): void {
  const dpl = arDpl(code.ar);
  const ok = isConforming(code.ar) ? dpl <= cpu.cpl : (selector & 3) <= cpu.cpl && dpl === cpu.cpl;
  if (!ok) gp(selector & 0xfffc);
  if (!isPresent(code.ar)) throw new CpuFault(Vector.NP, selector & 0xfffc);
}

/** The code segment a call gate leads to, checked (SDM vol. 3, 5.8.4). */
function gateTarget(cpu: Cpu, gateSelector: number, gate: TableEntry): { selector: number; code: TableEntry; offset: number } {
  const rpl = gateSelector & 3;
  if (arDpl(gate.ar) < cpu.cpl || arDpl(gate.ar) < rpl) gp(gateSelector & 0xfffc);
  if (!isPresent(gate.ar)) throw new CpuFault(Vector.NP, gateSelector & 0xfffc);
  const g = parseGate(gate.lo, gate.hi);
  if ((g.selector & 0xfffc) === 0) gp(0);
  const code = cpu.tables.read(g.selector);
  if (!isCode(code.ar) || arDpl(code.ar) > cpu.cpl) gp(g.selector & 0xfffc);
  if (!isPresent(code.ar)) throw new CpuFault(Vector.NP, g.selector & 0xfffc);
  const offset = sysType(gate.ar) === SysType.CallGate32 ? g.offset : g.offset & 0xffff;
  return { selector: g.selector, code, offset };
}

/** Jumps or calls through a TSS descriptor or a task gate. */
function viaTask(cpu: Cpu, selector: number, entry: TableEntry, source: TaskSwitchSource): boolean {
  const type = sysType(entry.ar);
  const isTss = type === SysType.Tss16Available || type === SysType.Tss32Available;
  if (!isTss && type !== SysType.TaskGate) return false;
  if (arDpl(entry.ar) < cpu.cpl || arDpl(entry.ar) < (selector & 3)) gp(selector & 0xfffc);
  if (!isPresent(entry.ar)) throw new CpuFault(Vector.NP, selector & 0xfffc);
  const tss = isTss ? selector : parseGate(entry.lo, entry.hi).selector;
  switchTask(cpu, tss, source, cpu.eip);
  if (cpu.eip > cpu.segs[Seg.CS].limit) gp(0);
  return true;
}

export function farJump(cpu: Cpu, selector: number, offset: number): void {
  if (inRealOrV86(cpu)) {
    cpu.segs[Seg.CS].loadReal(selector);
    cpu.eip = offset;
    return;
  }
  if ((selector & 0xfffc) === 0) gp(0);
  const entry = cpu.tables.read(selector);
  if (isCode(entry.ar)) {
    checkDirectCode(cpu, selector, entry);
    enterSamePrivilege(cpu, selector, entry, offset);
  } else if (isCallGate(entry.ar)) {
    const target = gateTarget(cpu, selector, entry);
    if (!isConforming(target.code.ar) && arDpl(target.code.ar) !== cpu.cpl) gp(target.selector & 0xfffc);
    enterSamePrivilege(cpu, target.selector, target.code, target.offset);
  } else if (!viaTask(cpu, selector, entry, TaskSwitchSource.Jump)) {
    gp(selector & 0xfffc);
  }
}

/** Far CALL; `width` is the operand size (the size of the pushed return address). */
export function farCall(cpu: Cpu, selector: number, offset: number, width: Width): void {
  const oldCs = cpu.segs[Seg.CS].selector;
  const returnEip = cpu.eip;
  if (inRealOrV86(cpu)) {
    pushAll(cpu, [oldCs, returnEip], width);
    cpu.segs[Seg.CS].loadReal(selector);
    cpu.eip = offset;
    return;
  }
  if ((selector & 0xfffc) === 0) gp(0);
  const entry = cpu.tables.read(selector);
  if (isCode(entry.ar)) {
    checkDirectCode(cpu, selector, entry);
    if (offset > entry.limit) gp(0);
    pushAll(cpu, [oldCs, returnEip], width);
    enterSamePrivilege(cpu, selector, entry, offset);
  } else if (isCallGate(entry.ar)) {
    callGate(cpu, selector, entry);
  } else if (!viaTask(cpu, selector, entry, TaskSwitchSource.Call)) {
    gp(selector & 0xfffc);
  }
}

function callGate(cpu: Cpu, selector: number, gate: TableEntry): void {
  const returnEip = cpu.eip;
  const target = gateTarget(cpu, selector, gate);
  const width: Width = sysType(gate.ar) === SysType.CallGate32 ? 4 : 2;
  const oldCs = cpu.segs[Seg.CS].selector;
  const dpl = arDpl(target.code.ar);
  if (isConforming(target.code.ar) || dpl === cpu.cpl) {
    if (target.offset > target.code.limit) gp(0);
    pushAll(cpu, [oldCs, returnEip], width);
    enterSamePrivilege(cpu, target.selector, target.code, target.offset);
    return;
  }
  // A call to a more privileged level: new stack from the TSS, parameters copied across.
  const { ss, esp } = stackFromTss(cpu, dpl, 0);
  const ssError = ss & 0xfffc;
  if (ssError === 0) throw new CpuFault(Vector.TS, 0);
  const stackSeg = cpu.tables.read(ss, Vector.TS);
  if ((ss & 3) !== dpl || arDpl(stackSeg.ar) !== dpl || !isWritable(stackSeg.ar)) throw new CpuFault(Vector.TS, ssError);
  if (!isPresent(stackSeg.ar)) throw new CpuFault(Vector.SS, ssError);
  if (target.offset > target.code.limit) gp(0);

  const count = parseGate(gate.lo, gate.hi).paramCount;
  const params = Array.from({ length: count }, (_, i) => cpu.stack.peek((count - 1 - i) * width, width));
  const oldSs = cpu.segs[Seg.SS].selector;
  const oldEsp = cpu.gpr[Reg.ESP];
  cpu.stack.atomically(() => {
    cpu.tables.fill(Seg.SS, ss, stackSeg);
    cpu.gpr[Reg.ESP] = esp;
    cpu.cpl = dpl;
    for (const v of [oldSs, oldEsp, ...params, oldCs, returnEip]) cpu.stack.push(v, width);
  });
  cpu.tables.markAccessed(stackSeg);
  cpu.tables.markAccessed(target.code);
  cpu.tables.fill(Seg.CS, (target.selector & 0xfffc) | dpl, target.code);
  cpu.eip = target.offset;
}

/** Far RET (RETF imm16): `release` bytes of parameters are dropped from each stack. */
export function farReturn(cpu: Cpu, width: Width, release: number): void {
  const eip = cpu.stack.peek(0, width);
  const cs = cpu.stack.peek(width, width) & 0xffff;
  if (inRealOrV86(cpu)) {
    cpu.stack.pointer += 2 * width + release;
    cpu.segs[Seg.CS].loadReal(cs);
    cpu.eip = eip;
    return;
  }
  const code = returnCode(cpu, cs);
  const rpl = cs & 3;
  if (rpl === cpu.cpl) {
    if (eip > code.limit) gp(0);
    cpu.stack.pointer += 2 * width + release;
    cpu.tables.fill(Seg.CS, cs, code);
    cpu.eip = eip;
    return;
  }
  // Return to an outer level: its SS:ESP sit above the parameters.
  const esp = cpu.stack.peek(2 * width + release, width);
  const ss = cpu.stack.peek(3 * width + release, width) & 0xffff;
  const stackSeg = outerStack(cpu, ss, rpl);
  if (eip > code.limit) gp(0);
  cpu.cpl = rpl;
  cpu.tables.fill(Seg.CS, cs, code);
  cpu.eip = eip;
  cpu.tables.fill(Seg.SS, ss, stackSeg);
  cpu.gpr[Reg.ESP] = esp;
  cpu.stack.pointer += release;
  nullInaccessibleSegments(cpu);
}

/** IRET, IRETD: from an interrupt or exception handler, a nested task, or to virtual-8086 mode. */
export function interruptReturn(cpu: Cpu, width: Width): void {
  if (!cpu.protectedMode) {
    realModeIret(cpu, width, WRITABLE_FLAGS & ~(F.VM | F.VIF | F.VIP));
    return;
  }
  if (cpu.flags.has(F.VM)) {
    if (cpu.flags.iopl < 3) gp(0);
    realModeIret(cpu, width, WRITABLE_FLAGS & ~(F.IOPL | F.VM | F.VIF | F.VIP));
    return;
  }
  if (cpu.flags.has(F.NT)) {
    const link = cpu.mem.readLinear(cpu.tr.base, 2, false);
    switchTask(cpu, link, TaskSwitchSource.Iret, cpu.eip);
    return;
  }
  const eip = cpu.stack.peek(0, width);
  const cs = cpu.stack.peek(width, width) & 0xffff;
  const flags = cpu.stack.peek(2 * width, width);
  if (width === 4 && (flags & F.VM) !== 0 && cpu.cpl === 0) {
    returnToV86(cpu, eip, cs, flags);
    return;
  }
  const code = returnCode(cpu, cs);
  const rpl = cs & 3;
  if (eip > code.limit) gp(0);
  if (rpl === cpu.cpl) {
    cpu.stack.pointer += 3 * width;
    cpu.tables.fill(Seg.CS, cs, code);
    cpu.eip = eip;
    setFlagsFromIret(cpu, flags, width);
    return;
  }
  const esp = cpu.stack.peek(3 * width, width);
  const ss = cpu.stack.peek(4 * width, width) & 0xffff;
  const stackSeg = outerStack(cpu, ss, rpl);
  setFlagsFromIret(cpu, flags, width); // with the privilege of the handler
  cpu.cpl = rpl;
  cpu.tables.fill(Seg.CS, cs, code);
  cpu.eip = eip;
  cpu.tables.fill(Seg.SS, ss, stackSeg);
  cpu.gpr[Reg.ESP] = esp;
  nullInaccessibleSegments(cpu);
}

function realModeIret(cpu: Cpu, width: Width, changeable: number): void {
  const eip = cpu.stack.peek(0, width);
  const cs = cpu.stack.peek(width, width) & 0xffff;
  const flags = cpu.stack.peek(2 * width, width);
  if (eip > cpu.segs[Seg.CS].limit && !cpu.flags.has(F.VM)) gp(0);
  cpu.stack.pointer += 3 * width;
  cpu.segs[Seg.CS].loadReal(cs);
  cpu.eip = eip;
  const mask = width === 4 ? changeable : changeable & 0xffff;
  cpu.flags.value = (cpu.flags.value & ~mask) | (flags & mask);
}

/** EFLAGS from an IRET in protected mode: IOPL only at CPL 0, IF only when CPL <= IOPL. */
function setFlagsFromIret(cpu: Cpu, flags: number, width: Width): void {
  let mask = WRITABLE_FLAGS & ~(F.VM | F.VIF | F.VIP);
  if (cpu.cpl > 0) mask &= ~F.IOPL;
  if (cpu.cpl > cpu.flags.iopl) mask &= ~F.IF;
  if (cpu.cpl === 0) mask |= F.VIF | F.VIP;
  if (width === 2) mask &= 0xffff;
  cpu.flags.value = (cpu.flags.value & ~mask) | (flags & mask);
}

function returnToV86(cpu: Cpu, eip: number, cs: number, flags: number): void {
  const [esp, ss, es, ds, fs, gs] = [3, 4, 5, 6, 7, 8].map((i) => cpu.stack.peek(i * 4, 4));
  cpu.flags.value = flags;
  cpu.cpl = 3;
  cpu.segs[Seg.CS].loadReal(cs);
  cpu.eip = eip & 0xffff;
  for (const [seg, sel] of [[Seg.ES, es], [Seg.DS, ds], [Seg.FS, fs], [Seg.GS, gs], [Seg.SS, ss]] as const) {
    const cache = cpu.segs[seg];
    cache.loadReal(sel);
    cache.limit = 0xffff;
    cache.ar = Ar.Present | Ar.S | Ar.ReadWrite | Ar.Accessed | (3 << 5);
  }
  cpu.segs[Seg.CS].ar = Ar.Present | Ar.S | Ar.Code | Ar.ReadWrite | Ar.Accessed | (3 << 5);
  cpu.gpr[Reg.ESP] = esp;
}

/** The code segment a RET or IRET returns to, checked. */
function returnCode(cpu: Cpu, cs: number): TableEntry {
  if ((cs & 0xfffc) === 0) gp(0);
  const code = cpu.tables.read(cs);
  const rpl = cs & 3;
  if (!isCode(code.ar) || rpl < cpu.cpl) gp(cs & 0xfffc);
  if (isConforming(code.ar) ? arDpl(code.ar) > rpl : arDpl(code.ar) !== rpl) gp(cs & 0xfffc);
  if (!isPresent(code.ar)) throw new CpuFault(Vector.NP, cs & 0xfffc);
  return code;
}

/** The stack segment of an outer privilege level a RET or IRET goes back to, checked. */
function outerStack(cpu: Cpu, ss: number, rpl: number): TableEntry {
  if ((ss & 0xfffc) === 0) gp(0);
  const stackSeg = cpu.tables.read(ss);
  if ((ss & 3) !== rpl || arDpl(stackSeg.ar) !== rpl || !isWritable(stackSeg.ar)) gp(ss & 0xfffc);
  if (!isPresent(stackSeg.ar)) throw new CpuFault(Vector.SS, ss & 0xfffc);
  return stackSeg;
}

/** After a return to an outer level, data segments the new CPL may not use become null. */
function nullInaccessibleSegments(cpu: Cpu): void {
  for (const seg of [Seg.ES, Seg.DS, Seg.FS, Seg.GS]) {
    const cache = cpu.segs[seg];
    const reachable = isConforming(cache.ar) || !(isData(cache.ar) || isCode(cache.ar)) || arDpl(cache.ar) >= cpu.cpl;
    if (!reachable) {
      cache.selector = 0;
      cache.ar = Ar.Unusable;
    }
  }
}

function pushAll(cpu: Cpu, values: number[], width: Width): void {
  cpu.stack.atomically(() => {
    for (const v of values) cpu.stack.push(v, width);
  });
}
