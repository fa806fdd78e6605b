// The less privileged context an interrupt, trap or exception left to enter the ring the CPU is
// in now, read from the frame the CPU saved (SDM vol. 3, 6.12.1). Entering a more privileged ring
// switches to the stack the TSS names for it (SSn:ESPn) and pushes, at its top, the old SS, ESP,
// EFLAGS, CS and EIP (from virtual-8086 mode, GS, FS, DS and ES before them), so that frame is
// always at the same place whatever the handler has pushed since: the top of the TSS stack.
// Read without side effects; undefined when there is no such frame (the CPU is in ring 3, in
// real or virtual-8086 mode, with no TSS loaded, on another stack than the TSS names, or the top holds no valid frame).

import type { Cpu } from '../../src/machine/cpu/cpu';
import type { GuestMemoryView } from './guest-memory';
import { modeName } from './registers';

export interface InterruptedContext {
  /** The privilege level and mode of the interrupted code ("ring 3, protected 32-bit"). */
  label: string;
  /** Where it was interrupted: CS base + EIP. */
  linear: number;
  /** Its stack segment's base, for walking its own frames. */
  ssBase: number;
  /** The top of the stack the CPU switched to (the current one, SSn:ESPn), and where on it the saved frame starts. */
  stackTop: number;
  savedAt: number;
}

const SS = 2;
const EFLAGS_VM = 1 << 17;
const EFLAGS_RESERVED_1 = 1 << 1;
const BIG = 1 << 22; // a code descriptor's D bit (high doubleword)

export function interruptedContext(cpu: Cpu, memory: GuestMemoryView): InterruptedContext | undefined {
  if (!cpu.protectedMode || (cpu.flags.value & EFLAGS_VM) !== 0 || cpu.cpl === 3 || (cpu.tr.selector & ~3) === 0) return undefined;
  const type = cpu.tr.ar & 0xf;
  const width: 2 | 4 | undefined = type === 9 || type === 11 ? 4 : type === 1 || type === 3 ? 2 : undefined;
  if (width === undefined) return undefined;
  const read = (linear: number, size: 2 | 4): number | undefined => {
    try {
      return memory.readValue(linear >>> 0, size);
    } catch {
      return undefined;
    }
  };
  // ESPn and SSn of the current ring: offsets 4 + 8n and 8 + 8n (32-bit TSS), 2 + 4n and 4 + 4n (16-bit)
  const top = read(cpu.tr.base + (width === 4 ? 4 + 8 * cpu.cpl : 2 + 4 * cpu.cpl), width);
  const stackSelector = read(cpu.tr.base + (width === 4 ? 8 + 8 * cpu.cpl : 4 + 4 * cpu.cpl), 2);
  const ss = cpu.segs[SS];
  if (top === undefined || stackSelector === undefined || (stackSelector & ~3) !== (ss.selector & ~3)) return undefined;
  const esp = width === 4 ? cpu.gpr[4] : cpu.gpr[4] & 0xffff;
  const at = (slot: number) => read(ss.base + top - slot * width, width);
  if (width === 4 && esp <= top - 36) {
    const flags = at(7);
    if (flags !== undefined && (flags & EFLAGS_VM) !== 0 && (flags & EFLAGS_RESERVED_1) !== 0) {
      const [eip, cs, stackSeg] = [at(9), at(8), at(5)];
      if (eip === undefined || cs === undefined || stackSeg === undefined) return undefined;
      const label = `ring 3, ${modeName({ protected: true, vm86: true, big: false, paging: paging(cpu) })}`;
      return { label, linear: ((cs & 0xffff) * 16 + (eip & 0xffff)) >>> 0, ssBase: (stackSeg & 0xffff) * 16, stackTop: top, savedAt: top - 36 };
    }
  }
  if (esp > top - 5 * width) return undefined;
  const [eip, cs, flags, stackSeg] = [at(5), at(4), at(3), at(1)];
  if (eip === undefined || cs === undefined || flags === undefined || stackSeg === undefined) return undefined;
  const rpl = cs & 3;
  if (rpl <= cpu.cpl || (stackSeg & 3) !== rpl || (flags & EFLAGS_RESERVED_1) === 0 || (flags & EFLAGS_VM) !== 0) return undefined;
  const code = descriptor(cpu, memory, cs);
  const stack = descriptor(cpu, memory, stackSeg);
  if (code === undefined || stack === undefined) return undefined;
  const label = `ring ${rpl}, ${modeName({ protected: true, vm86: false, big: (code.hi & BIG) !== 0, paging: paging(cpu) })}`;
  return { label, linear: (code.base + eip) >>> 0, ssBase: stack.base, stackTop: top, savedAt: top - 5 * width };
}

const paging = (cpu: Cpu) => (cpu.mmu.cr0 & 0x80000000) !== 0;

/** A selector's descriptor from the GDT or the LDT: its base and high doubleword. */
function descriptor(cpu: Cpu, memory: GuestMemoryView, selector: number): { base: number; hi: number } | undefined {
  const table = (selector & 4) !== 0 ? cpu.ldtr : { base: cpu.gdtr.base, limit: cpu.gdtr.limit };
  const offset = selector & ~7;
  if (offset + 7 > table.limit || (selector & ~3) === 0) return undefined; // past the table, or the null selector
  try {
    const lo = memory.readValue((table.base + offset) >>> 0, 4);
    const hi = memory.readValue((table.base + offset + 4) >>> 0, 4);
    return { base: ((lo >>> 16) | ((hi & 0xff) << 16) | (hi & 0xff000000)) >>> 0, hi };
  } catch {
    return undefined;
  }
}
