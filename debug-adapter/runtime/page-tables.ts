// The guest's own paging as a list of mapped regions: each run of pages that maps contiguous
// linear addresses to contiguous physical ones with the same rights, from the page directory at
// CR3 (32-bit paging, 4 KiB and, with CR4.PSE, 4 MiB pages). Read without side effects.

import type { Cpu } from '../../src/machine/cpu/cpu';
import type { GuestMemory } from '../../src/machine/memory/guest-memory';
import { hex8 } from './format';

export interface MappedRegion {
  virtual: string;
  physical: string;
  size: number;
  pageSize: 4096 | 4194304;
  flags: string[];
}

export interface PageTablesAnswer {
  mode: 'guest';
  paging: boolean;
  cr3: string;
  pse: boolean;
  regions: MappedRegion[];
  truncated: boolean;
  message?: string;
}

const MAX_REGIONS = 4096;

/** A table entry, read as the debugger reads (no device side effects). */
function entry(memory: GuestMemory, at: number): number {
  const b = memory.peek(at >>> 0, 4);
  return (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
}

function flagNames(entry: number, large: boolean): string[] {
  const f: string[] = [];
  if (entry & 2) f.push('W');
  if (entry & 4) f.push('U');
  if (entry & 8) f.push('PWT');
  if (entry & 0x10) f.push('PCD');
  if (entry & 0x20) f.push('A');
  if (entry & 0x40) f.push('D');
  if (entry & 0x100) f.push('G');
  if (large) f.push('PS');
  return f;
}

export function guestPageTables(cpu: Cpu, memory: GuestMemory): PageTablesAnswer {
  const cr3 = cpu.mmu.cr3 >>> 0;
  const pse = (cpu.mmu.cr4 & 0x10) !== 0;
  const paging = (cpu.mmu.cr0 & 0x80000000) !== 0;
  const answer: PageTablesAnswer = { mode: 'guest', paging, cr3: hex8(cr3), pse, regions: [], truncated: false };
  if (!paging) {
    answer.message = 'paging is off (CR0.PG = 0): linear addresses are physical';
    return answer;
  }
  const dir = cr3 & 0xfffff000;
  type Open = { v: number; p: number; size: number; pageSize: 4096 | 4194304; flags: string[] };
  let open: Open | undefined;
  const push = (v: number, p: number, size: number, pageSize: 4096 | 4194304, flags: string[]) => {
    if (open && open.v + open.size === v && open.p + open.size === p && open.pageSize === pageSize && open.flags.join() === flags.join()) {
      open.size += size;
      return;
    }
    if (open) answer.regions.push({ virtual: hex8(open.v), physical: hex8(open.p), size: open.size, pageSize: open.pageSize, flags: open.flags });
    open = { v, p, size, pageSize, flags };
  };
  for (let i = 0; i < 1024 && answer.regions.length < MAX_REGIONS; i++) {
    const pde = entry(memory, dir + i * 4);
    if ((pde & 1) === 0) continue;
    const base = i * 0x400000;
    if ((pde & 0x80) !== 0 && pse) {
      push(base, (pde & 0xffc00000) >>> 0, 0x400000, 4194304, flagNames(pde, true));
      continue;
    }
    const table = pde & 0xfffff000;
    for (let j = 0; j < 1024; j++) {
      const pte = entry(memory, table + j * 4);
      if ((pte & 1) === 0) continue;
      // the rights that apply are those of both levels; A/D/G are the PTE's own
      const rights = (pte & ~6) | (pde & pte & 6);
      push(base + j * 0x1000, (pte & 0xfffff000) >>> 0, 0x1000, 4096, flagNames(rights, false));
    }
  }
  const last = open as Open | undefined;
  if (last) answer.regions.push({ virtual: hex8(last.v), physical: hex8(last.p), size: last.size, pageSize: last.pageSize, flags: last.flags });
  answer.truncated = answer.regions.length >= MAX_REGIONS;
  return answer;
}

/** Each level of the walk for one linear address, as lines of text (the REPL's `pt ADDR`). */
export function walkText(cpu: Cpu, memory: GuestMemory, linear: number): string {
  linear >>>= 0;
  if ((cpu.mmu.cr0 & 0x80000000) === 0) return `paging is off: ${hex8(linear)} is physical ${hex8(linear)}`;
  const dir = cpu.mmu.cr3 & 0xfffff000;
  const pdeAt = dir + (linear >>> 22) * 4;
  const pde = entry(memory, pdeAt) >>> 0;
  const lines = [`CR3 ${hex8(cpu.mmu.cr3)}`, `PDE[${linear >>> 22}] at ${hex8(pdeAt)} = ${hex8(pde)} ${pde & 1 ? flagNames(pde, false).join(' ') : 'not present'}`];
  if ((pde & 1) === 0) return lines.concat(`${hex8(linear)} is not mapped`).join('\n');
  if ((pde & 0x80) !== 0 && (cpu.mmu.cr4 & 0x10) !== 0) {
    return lines.concat(`4 MiB page: ${hex8(linear)} -> physical ${hex8(((pde & 0xffc00000) | (linear & 0x3fffff)) >>> 0)}`).join('\n');
  }
  const pteAt = (pde & 0xfffff000) + ((linear >>> 12) & 0x3ff) * 4;
  const pte = entry(memory, pteAt) >>> 0;
  lines.push(`PTE[${(linear >>> 12) & 0x3ff}] at ${hex8(pteAt)} = ${hex8(pte)} ${pte & 1 ? flagNames(pte, false).join(' ') : 'not present'}`);
  if ((pte & 1) === 0) return lines.concat(`${hex8(linear)} is not mapped`).join('\n');
  return lines.concat(`${hex8(linear)} -> physical ${hex8(((pte & 0xfffff000) | (linear & 0xfff)) >>> 0)}`).join('\n');
}
