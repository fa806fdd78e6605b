// Hardware task switching through a TSS (SDM vol. 3, 8.3): for JMP and CALL to a TSS or task
// gate, IRET with NT set, and interrupts through task gates. Both the 32-bit and the 286
// (16-bit) TSS formats.

import { arDpl, isCode, isConforming, isPresent, SysType } from './descriptors';
import { CpuFault, Vector } from './faults';
import { F } from './flags';
import { CR0_PG } from './mmu';
import { Seg } from './state';
import type { Cpu } from './cpu';

export const enum TaskSwitchSource { Jump, Call, Iret, Interrupt }

/** Where a TSS keeps each field, for the 32-bit and 16-bit formats. */
const LAYOUT = {
  32: { eip: 0x20, eflags: 0x24, gpr: 0x28, seg: 0x48, ldt: 0x60, width: 4 as const, minLimit: 0x67 },
  16: { eip: 0x0e, eflags: 0x10, gpr: 0x12, seg: 0x22, ldt: 0x2a, width: 2 as const, minLimit: 0x2b },
};

const CR0_TS = 1 << 3;

export function switchTask(cpu: Cpu, selector: number, source: TaskSwitchSource, returnEip: number): void {
  const error = selector & 0xfffc;
  if ((selector & 4) !== 0) throw new CpuFault(Vector.GP, error); // a TSS lives in the GDT
  const next = cpu.tables.read(selector);
  const type = next.ar & 0x1f;
  const wantBusy = source === TaskSwitchSource.Iret;
  const validTypes = wantBusy ? [SysType.Tss16Busy, SysType.Tss32Busy] : [SysType.Tss16Available, SysType.Tss32Available];
  if (!validTypes.includes(type)) throw new CpuFault(wantBusy ? Vector.TS : Vector.GP, error);
  if (!isPresent(next.ar)) throw new CpuFault(Vector.NP, error);
  const nextLayout = LAYOUT[(type & 8) !== 0 ? 32 : 16];
  if (next.limit < nextLayout.minLimit) throw new CpuFault(Vector.TS, error);

  const mem = cpu.mem;
  const oldLayout = LAYOUT[(cpu.tr.ar & 8) !== 0 ? 32 : 16];
  const oldBase = cpu.tr.base;
  const write = (base: number, offset: number, width: 2 | 4, value: number) =>
    mem.writeLinear((base + offset) >>> 0, width, value, false);
  const read = (offset: number, width: 2 | 4) => mem.readLinear((next.base + offset) >>> 0, width, false);

  // Read the new task's state before the old one is written over it (they may overlap).
  const w = nextLayout.width;
  const state = {
    cr3: w === 4 ? read(0x1c, 4) : cpu.cr3,
    eip: read(nextLayout.eip, w),
    eflags: read(nextLayout.eflags, w),
    gpr: Array.from({ length: 8 }, (_, i) => read(nextLayout.gpr + i * w, w)),
    segs: Array.from({ length: w === 4 ? 6 : 4 }, (_, i) => read(nextLayout.seg + i * w, 2)),
    ldt: read(nextLayout.ldt, 2),
  };

  if (source === TaskSwitchSource.Jump || source === TaskSwitchSource.Iret) setBusy(cpu, cpu.tr.selector, false);

  const savedFlags = source === TaskSwitchSource.Iret ? cpu.flags.value & ~F.NT : cpu.flags.value;
  const ow = oldLayout.width;
  write(oldBase, oldLayout.eip, ow, returnEip);
  write(oldBase, oldLayout.eflags, ow, savedFlags);
  for (let i = 0; i < 8; i++) write(oldBase, oldLayout.gpr + i * ow, ow, cpu.gpr[i]);
  for (let i = 0; i < (ow === 4 ? 6 : 4); i++) write(oldBase, oldLayout.seg + i * ow, 2, cpu.segs[i].selector);

  const nested = source === TaskSwitchSource.Call || source === TaskSwitchSource.Interrupt;
  if (nested) {
    write(next.base, 0, 2, cpu.tr.selector);
    state.eflags |= F.NT;
  }
  if (source !== TaskSwitchSource.Iret) setBusy(cpu, selector, true);

  cpu.tr.selector = selector;
  cpu.tr.base = next.base;
  cpu.tr.limit = next.limit;
  cpu.tr.ar = (next.ar | 2) & 0xf0ff; // now busy
  cpu.mmu.cr0 |= CR0_TS;

  if (w === 4 && (cpu.mmu.cr0 & CR0_PG) !== 0) {
    cpu.mmu.cr3 = state.cr3;
    cpu.mmu.flushNonGlobal();
  } else if (w === 4) {
    cpu.mmu.cr3 = state.cr3;
  }
  cpu.eip = state.eip;
  cpu.flags.value = w === 4 ? state.eflags : (cpu.flags.value & 0xffff0000) | state.eflags;
  state.gpr.forEach((v, i) => {
    cpu.gpr[i] = w === 4 ? v : (cpu.gpr[i] & 0xffff0000) | v;
  });
  // Selectors are in place before any descriptor is loaded, so a fault reports in the new task.
  state.segs.forEach((s, i) => (cpu.segs[i].selector = s));
  loadTaskSegments(cpu, state.ldt, state.segs);
}

function setBusy(cpu: Cpu, selector: number, busy: boolean): void {
  const entry = cpu.tables.read(selector);
  const hi = busy ? entry.hi | 0x200 : entry.hi & ~0x200;
  cpu.mem.writeLinear((entry.address + 4) >>> 0, 4, hi, false);
}

/** Loads LDTR, CS, SS and the data segments of the new task; errors are #TS, #NP or #SS. */
function loadTaskSegments(cpu: Cpu, ldt: number, segs: number[]): void {
  loadLdt(cpu, ldt);
  if (cpu.flags.has(F.VM)) {
    segs.forEach((s, i) => cpu.segs[i].loadReal(s));
    cpu.cpl = 3;
    return;
  }
  const cs = segs[Seg.CS];
  const csError = cs & 0xfffc;
  if (csError === 0) throw new CpuFault(Vector.TS, 0);
  const code = asTaskFault(() => cpu.tables.read(cs));
  const rpl = cs & 3;
  const dplOk = isConforming(code.ar) ? arDpl(code.ar) <= rpl : arDpl(code.ar) === rpl;
  if (!isCode(code.ar) || !dplOk) throw new CpuFault(Vector.TS, csError);
  if (!isPresent(code.ar)) throw new CpuFault(Vector.NP, csError);
  cpu.cpl = rpl;
  asTaskFault(() => cpu.tables.loadStack(segs[Seg.SS]));
  cpu.tables.markAccessed(code);
  cpu.tables.fill(Seg.CS, cs, code);
  for (const seg of [Seg.ES, Seg.DS, Seg.FS, Seg.GS] as const) {
    if (seg < segs.length) asTaskFault(() => cpu.tables.loadData(seg, segs[seg]));
  }
}

function loadLdt(cpu: Cpu, selector: number): void {
  if ((selector & 0xfffc) === 0) {
    cpu.ldtr.selector = selector;
    cpu.ldtr.ar = 1 << 16; // unusable
    return;
  }
  if ((selector & 4) !== 0) throw new CpuFault(Vector.TS, selector & 0xfffc);
  const d = asTaskFault(() => cpu.tables.read(selector));
  if ((d.ar & 0x1f) !== SysType.Ldt) throw new CpuFault(Vector.TS, selector & 0xfffc);
  if (!isPresent(d.ar)) throw new CpuFault(Vector.TS, selector & 0xfffc);
  cpu.ldtr.selector = selector;
  cpu.ldtr.base = d.base;
  cpu.ldtr.limit = d.limit;
  cpu.ldtr.ar = d.ar;
}

/** During a task switch, what would be #GP for an ordinary load is #TS. */
function asTaskFault<T>(load: () => T): T {
  try {
    return load();
  } catch (e) {
    if (e instanceof CpuFault && e.vector === Vector.GP) throw new CpuFault(Vector.TS, e.errorCode);
    throw e;
  }
}

