// The guest's paging as the Page Tables view and the REPL show it: mapped regions with the flags
// of each level (PDE, PTE), a structured walk of one address (the `pageWalk` request, and the
// REPL's `pt ADDR` as text), and the comparison of the guest's translation with a monitor's
// shadow tables. 32-bit paging, 4 KiB pages and, with CR4.PSE,
// 4 MiB pages. Reads entries with peek: no accessed/dirty bits set, no device side effects.

import type { Cpu } from '../src/machine/cpu/cpu';
import type { GuestMemory } from '../src/machine/memory/guest-memory';
import type { GuestPageTables, GuestRegion, PageFlags, PageWalkAnswer, PageWalkStep, SecondLevelRegion } from './custom-request-types';
import { hex8 } from './runtime/format';

const MAX_REGIONS = 4096;
const PAGE_4M = 0x400000;

function entry(memory: GuestMemory, at: number): number {
  const b = memory.peek(at >>> 0, 4);
  return (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
}

/** The flag bits of an entry (P is implied; bit 7 is shown as PS only where it means a 4 MiB page). */
function flagNames(e: number): PageFlags {
  const names: [number, string][] = [[2, 'W'], [4, 'U'], [8, 'PWT'], [0x10, 'PCD'], [0x20, 'A'], [0x40, 'D'], [0x100, 'G']];
  return names.filter(([bit]) => (e & bit) !== 0).map(([, name]) => name);
}

const largeFlags = (pde: number): PageFlags => [...flagNames(pde), 'PS'];
const pteFlags = (pte: number): PageFlags => flagNames(pte);
/** A PDE that points at a page table: its D and G bits are ignored, so they are not shown. */
const tablePdeFlags = (pde: number): PageFlags => flagNames(pde & ~0x140);

const paging = (cpu: Cpu) => (cpu.mmu.cr0 & 0x80000000) !== 0;
const pse = (cpu: Cpu) => (cpu.mmu.cr4 & 0x10) !== 0;

/** The guest's own tables as regions (natively machine-physical is guest-physical: `machine` = `physical`). */
export function guestRegions(cpu: Cpu, memory: GuestMemory): GuestPageTables {
  const answer: GuestPageTables = { mode: 'guest', paging: paging(cpu), cr3: hex8(cpu.mmu.cr3), pse: pse(cpu), regions: [], truncated: false };
  if (!answer.paging) {
    answer.message = 'paging is off (CR0.PG = 0): linear addresses are physical';
    return answer;
  }
  type Open = { v: number; p: number; size: number; pageSize: 4096 | 4194304; levels: PageFlags[]; rights: PageFlags; key: string };
  let open: Open | undefined;
  const close = () => {
    if (!open) return;
    const levels = open.levels.map((flags, i) => ({ level: (i === 0 ? 'PDE' : 'PTE') as 'PDE' | 'PTE', flags }));
    answer.regions.push({ virtual: hex8(open.v), physical: hex8(open.p), machine: hex8(open.p), size: open.size, pageSize: open.pageSize, flags: open.rights, levels });
  };
  const push = (v: number, p: number, size: number, pageSize: 4096 | 4194304, levels: PageFlags[], rights: PageFlags) => {
    const key = `${pageSize}|${levels.map((l) => l.join(',')).join('|')}`;
    if (open && open.v + open.size === v && open.p + open.size === p && open.key === key) {
      open.size += size;
      return;
    }
    close();
    open = { v, p, size, pageSize, levels, rights, key };
  };
  const dir = cpu.mmu.cr3 & 0xfffff000;
  for (let i = 0; i < 1024 && answer.regions.length < MAX_REGIONS; i++) {
    const pde = entry(memory, dir + i * 4);
    if ((pde & 1) === 0) continue;
    const base = i * PAGE_4M;
    if ((pde & 0x80) !== 0 && answer.pse) {
      const flags = largeFlags(pde);
      push(base, (pde & 0xffc00000) >>> 0, PAGE_4M, 4194304, [flags], flags);
      continue;
    }
    const pdeFlags = tablePdeFlags(pde);
    const table = pde & 0xfffff000;
    for (let j = 0; j < 1024; j++) {
      const pte = entry(memory, table + j * 4);
      if ((pte & 1) === 0) continue;
      // the rights that apply are those of both levels; A/D/G are the PTE's own
      const rights = pteFlags((pte & ~6) | (pde & pte & 6));
      push(base + j * 0x1000, (pte & 0xfffff000) >>> 0, 0x1000, 4096, [pdeFlags, pteFlags(pte)], rights);
    }
  }
  close();
  answer.truncated = answer.regions.length >= MAX_REGIONS;
  return answer;
}

/** One linear address through CR3, the PDE and (for 4 KiB pages) the PTE. */
export function walk(cpu: Cpu, memory: GuestMemory, linear: number): PageWalkAnswer {
  linear >>>= 0;
  const address = hex8(linear);
  if (!paging(cpu)) {
    return { address, paging: false, steps: [], physical: address, machine: address, summary: `paging is off (CR0.PG = 0): ${address} is physical ${address}` };
  }
  const steps: PageWalkStep[] = [];
  const cr3 = cpu.mmu.cr3 >>> 0;
  const dir = cr3 & 0xfffff000;
  steps.push({ level: 'CR3', at: hex8(dir), value: hex8(cr3), present: true, flags: flagNames(cr3 & 0x18), text: `page directory at ${hex8(dir)}` });
  const pdi = linear >>> 22;
  const pdeAt = dir + pdi * 4;
  const pde = entry(memory, pdeAt);
  const large = (pde & 0x80) !== 0 && pse(cpu);
  const notMapped = (why: string): PageWalkAnswer => ({ address, paging: true, steps, physical: null, machine: null, summary: `${address} is not mapped: ${why}` });
  if ((pde & 1) === 0) {
    steps.push({ level: 'PDE', index: pdi, at: hex8(pdeAt), value: hex8(pde), present: false, flags: [], text: `PDE[${pdi}] not present` });
    return notMapped(`PDE[${pdi}] is not present`);
  }
  if (large) {
    const physical = ((pde & 0xffc00000) | (linear & 0x3fffff)) >>> 0;
    steps.push({ level: 'PDE', index: pdi, at: hex8(pdeAt), value: hex8(pde), present: true, flags: largeFlags(pde), text: `PDE[${pdi}] maps a 4 MiB page at ${hex8(pde & 0xffc00000)}` });
    steps.push({ level: 'page', at: hex8(physical), value: hex8(physical), present: true, flags: largeFlags(pde), text: `offset ${hex8(linear & 0x3fffff)} in the 4 MiB page` });
    return { address, paging: true, steps, physical: hex8(physical), machine: hex8(physical), summary: `${address} → physical ${hex8(physical)} (4 MiB page)` };
  }
  const table = pde & 0xfffff000;
  steps.push({ level: 'PDE', index: pdi, at: hex8(pdeAt), value: hex8(pde), present: true, flags: tablePdeFlags(pde), text: `PDE[${pdi}] → page table at ${hex8(table)}` });
  const pti = (linear >>> 12) & 0x3ff;
  const pteAt = table + pti * 4;
  const pte = entry(memory, pteAt);
  if ((pte & 1) === 0) {
    steps.push({ level: 'PTE', index: pti, at: hex8(pteAt), value: hex8(pte), present: false, flags: [], text: `PTE[${pti}] not present` });
    return notMapped(`PTE[${pti}] is not present`);
  }
  const frame = (pte & 0xfffff000) >>> 0;
  const physical = (frame | (linear & 0xfff)) >>> 0;
  steps.push({ level: 'PTE', index: pti, at: hex8(pteAt), value: hex8(pte), present: true, flags: pteFlags(pte), text: `PTE[${pti}] → page frame ${hex8(frame)}` });
  steps.push({ level: 'page', at: hex8(physical), value: hex8(physical), present: true, flags: pteFlags((pte & ~6) | (pde & pte & 6)), text: `offset ${hex8(linear & 0xfff)} in the page` });
  return { address, paging: true, steps, physical: hex8(physical), machine: hex8(physical), summary: `${address} → physical ${hex8(physical)}` };
}

/** A walk as lines of text (the REPL's `pt ADDR`): each level's entry, then how the walk ended. */
export function walkText(w: PageWalkAnswer): string {
  const lines = w.steps
    .filter((s) => s.level !== 'page')
    .map((s) => {
      if (s.level === 'CR3') return `CR3 ${s.value}: ${s.text}`;
      const flags = s.flags.length > 0 ? ` ${s.flags.join(' ')}` : '';
      return `${s.text} (entry at ${s.at} = ${s.value}${flags})`;
    });
  return [...lines, w.summary].join('\n');
}

/**
 * Marks the guest regions whose shadow mappings disagree with what the guest's tables, composed
 * with the monitor's guest-physical → machine map (each region's `machine`), say. A page the
 * shadow tables do not map yet is normal (they fill in on hidden faults); a shadow page that is
 * read-only where the guest's is writable is normal too (the monitor write-protects the guest's
 * page tables). What is marked: another machine page, or rights the guest did not grant.
 */
export function markShadowDisagreements(regions: GuestRegion[], shadow: SecondLevelRegion[]): void {
  const sorted = shadow.map((s) => ({ from: Number(s.from), machine: Number(s.machine), size: s.size, flags: s.flags })).sort((a, b) => a.from - b.from);
  const find = (v: number) => {
    let lo = 0;
    let hi = sorted.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = sorted[mid];
      if (v < s.from) hi = mid - 1;
      else if (v >= s.from + s.size) lo = mid + 1;
      else return s;
    }
    return undefined;
  };
  for (const r of regions) {
    if (r.machine === null) continue;
    const v0 = Number(r.virtual);
    const m0 = Number(r.machine);
    for (let off = 0; off < r.size; off += 0x1000) {
      const s = find(v0 + off);
      if (!s) continue;
      const got = s.machine + (v0 + off - s.from);
      const want = m0 + off;
      if (got !== want) {
        r.disagreement = `shadow maps ${hex8(v0 + off)} to machine ${hex8(got)}; the guest's tables give ${hex8(want)}`;
        break;
      }
      const extra = ['W', 'U'].filter((f) => s.flags.includes(f) && !r.flags.includes(f));
      if (extra.length > 0) {
        r.disagreement = `shadow grants ${extra.join(', ')} at ${hex8(v0 + off)}; the guest's tables do not`;
        break;
      }
    }
  }
}
