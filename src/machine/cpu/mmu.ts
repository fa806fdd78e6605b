// Linear-to-physical translation: 32-bit two-level paging with 4 KiB and 4 MiB pages, the
// accessed and dirty bits, CR0.WP, global pages, and a TLB that is really consulted.
// The TLB is unbounded and only emptied by the events that empty it on hardware (MOV CR3,
// INVLPG, CR0/CR4 paging changes, a page fault on the address), so a guest that edits a
// page-table entry without invalidating it keeps seeing the old translation, as it would.

import { CpuFault, PfError, Vector } from './faults';

/** What the MMU needs of guest-physical memory: the walk reads and updates entries through it. */
export interface PhysicalMemory {
  read32(address: number): number;
  write32(address: number, value: number): void;
}

const enum Pte {
  Present = 1 << 0,
  Writable = 1 << 1,
  User = 1 << 2,
  Accessed = 1 << 5,
  Dirty = 1 << 6,
  LargePage = 1 << 7,
  Global = 1 << 8,
}

// Per-page TLB flags.
const enum Tlb {
  Valid = 1,
  Writable = 2,
  User = 4,
  Dirty = 8,
  Global = 16,
  Large = 32,
}

export const CR0_PE = 1 << 0;
export const CR0_WP = 1 << 16;
export const CR0_PG = 1 << 31;
export const CR4_PSE = 1 << 4;
export const CR4_PGE = 1 << 7;

/** One cached translation, as the debugger's `info tlb` shows it. */
export interface TlbEntry {
  linear: number;
  physical: number;
  writable: boolean;
  user: boolean;
  dirty: boolean;
  global: boolean;
  large: boolean;
}

export class Mmu {
  cr3 = 0;
  cr4 = 0;
  /**
   * Moves whenever a translation may have changed: an entry walked, flushed or invalidated, or
   * CR0 written (paging on or off). What was translated under one value holds while it stays.
   */
  generation = 0;
  private cr0Value = 0;

  get cr0(): number {
    return this.cr0Value;
  }

  set cr0(value: number) {
    this.cr0Value = value;
    this.generation++;
  }

  private readonly frames = new Int32Array(1 << 20);
  private readonly flags = new Uint8Array(1 << 20);
  /** Pages that may hold an entry, each once, so that flushes cost what the TLB holds, not 4 GiB. */
  private listed: number[] = [];
  private readonly isListed = new Uint8Array(1 << 20);
  /** 4 MiB regions that may hold entries made from a large page (INVLPG must drop them all). */
  private readonly largeRegion = new Uint8Array(1 << 10);

  constructor(private readonly memory: PhysicalMemory) {}

  get pagingEnabled(): boolean {
    return (this.cr0 & CR0_PG) !== 0;
  }

  /**
   * Translates a linear address for an access of one byte-range within a page.
   * `user` is true for accesses made at CPL 3 (implicit system-table accesses pass false).
   * Throws a #PF CpuFault when the access is not allowed.
   */
  translate(linear: number, write: boolean, user: boolean): number {
    const cached = this.cached(linear, write, user);
    return cached >= 0 ? cached : this.walk(linear, write, user);
  }

  /** translate() when the TLB alone answers (no walk, no fault, nothing changed); -1 otherwise. */
  cached(linear: number, write: boolean, user: boolean): number {
    if ((this.cr0 & CR0_PG) === 0) return linear >>> 0;
    const page = linear >>> 12;
    const f = this.flags[page];
    if ((f & Tlb.Valid) !== 0 && this.allows(f, write, user) && (!write || (f & Tlb.Dirty) !== 0)) {
      return ((this.frames[page] << 12) | (linear & 0xfff)) >>> 0;
    }
    return -1;
  }

  /** Walks the tables without touching accessed/dirty bits or the TLB (for the debugger). */
  probe(linear: number): { physical: number; writable: boolean; user: boolean } | undefined {
    if ((this.cr0 & CR0_PG) === 0) return { physical: linear >>> 0, writable: true, user: true };
    const pde = this.memory.read32(this.pdeAddress(linear));
    if ((pde & Pte.Present) === 0) return undefined;
    if ((pde & Pte.LargePage) !== 0 && (this.cr4 & CR4_PSE) !== 0) {
      return { physical: ((pde & 0xffc00000) | (linear & 0x3fffff)) >>> 0, writable: (pde & Pte.Writable) !== 0, user: (pde & Pte.User) !== 0 };
    }
    const pte = this.memory.read32(this.pteAddress(pde, linear));
    if ((pte & Pte.Present) === 0) return undefined;
    return {
      physical: ((pte & 0xfffff000) | (linear & 0xfff)) >>> 0,
      writable: (pde & pte & Pte.Writable) !== 0,
      user: (pde & pte & Pte.User) !== 0,
    };
  }

  /** MOV to CR3: every non-global entry goes. */
  flushNonGlobal(): void {
    this.generation++;
    const keep: number[] = [];
    for (const page of this.listed) {
      if ((this.flags[page] & Tlb.Global) !== 0) keep.push(page);
      else {
        this.flags[page] = 0;
        this.isListed[page] = 0;
      }
    }
    this.listed = keep;
  }

  /** Changes of CR0.PG/WP or CR4.PSE/PGE flush everything, global entries included. */
  flushAll(): void {
    this.generation++;
    for (const page of this.listed) {
      this.flags[page] = 0;
      this.isListed[page] = 0;
    }
    this.listed = [];
    this.largeRegion.fill(0);
  }

  /** INVLPG: the entry for the page; for a 4 MiB page, the whole large mapping. */
  invalidate(linear: number): void {
    this.generation++;
    const page = linear >>> 12;
    this.flags[page] = 0;
    const region = page >>> 10;
    if (this.largeRegion[region] === 0) return;
    this.largeRegion[region] = 0;
    const first = region << 10;
    for (let p = first; p < first + 0x400; p++) if ((this.flags[p] & Tlb.Large) !== 0) this.flags[p] = 0;
  }

  entries(): TlbEntry[] {
    return this.live().map((page) => {
      const f = this.flags[page];
      return {
        linear: (page << 12) >>> 0,
        physical: (this.frames[page] << 12) >>> 0,
        writable: (f & Tlb.Writable) !== 0,
        user: (f & Tlb.User) !== 0,
        dirty: (f & Tlb.Dirty) !== 0,
        global: (f & Tlb.Global) !== 0,
        large: (f & Tlb.Large) !== 0,
      };
    });
  }

  /** The TLB contents, for snapshots (stale entries are machine state too). */
  saveTlb(): { pages: Int32Array; frames: Int32Array; flags: Uint8Array } {
    const pages = Int32Array.from(this.live());
    return { pages, frames: pages.map((p) => this.frames[p]), flags: Uint8Array.from(pages, (p) => this.flags[p]) };
  }

  restoreTlb(saved: { pages: Int32Array; frames: Int32Array; flags: Uint8Array }): void {
    this.flushAll();
    saved.pages.forEach((page, i) => {
      this.frames[page] = saved.frames[i];
      this.flags[page] = saved.flags[i];
      if (saved.flags[i] & Tlb.Large) this.largeRegion[page >>> 10] = 1;
      this.isListed[page] = 1;
      this.listed.push(page);
    });
  }

  private allows(f: number, write: boolean, user: boolean): boolean {
    if (user) return (f & Tlb.User) !== 0 && (!write || (f & Tlb.Writable) !== 0);
    return !write || (f & Tlb.Writable) !== 0 || (this.cr0 & CR0_WP) === 0;
  }

  private pdeAddress(linear: number): number {
    return ((this.cr3 & 0xfffff000) + ((linear >>> 22) << 2)) >>> 0;
  }

  private pteAddress(pde: number, linear: number): number {
    return ((pde & 0xfffff000) + (((linear >>> 12) & 0x3ff) << 2)) >>> 0;
  }

  private walk(linear: number, write: boolean, user: boolean): number {
    this.generation++;
    const page = linear >>> 12;
    this.flags[page] = 0; // a walk replaces whatever the TLB held (and a fault leaves nothing)
    const pdeAt = this.pdeAddress(linear);
    const pde = this.memory.read32(pdeAt);
    if ((pde & Pte.Present) === 0) this.pageFault(linear, 0, write, user);

    if ((pde & Pte.LargePage) !== 0 && (this.cr4 & CR4_PSE) !== 0) {
      this.check(pde, linear, write, user);
      this.markUsed(pdeAt, pde, write);
      const frame = ((pde & 0xffc00000) >>> 12) | (page & 0x3ff);
      return this.insert(page, frame, pde, pde | Pte.Accessed | (write ? Pte.Dirty : 0), Tlb.Large, linear);
    }

    if ((pde & Pte.Accessed) === 0) this.memory.write32(pdeAt, pde | Pte.Accessed);
    const pteAt = this.pteAddress(pde, linear);
    const pte = this.memory.read32(pteAt);
    if ((pte & Pte.Present) === 0) this.pageFault(linear, 0, write, user);
    const rights = pde & pte;
    this.check(rights, linear, write, user);
    this.markUsed(pteAt, pte, write);
    return this.insert(page, pte >>> 12, rights, pte | Pte.Accessed | (write ? Pte.Dirty : 0), 0, linear);
  }

  private check(rights: number, linear: number, write: boolean, user: boolean): void {
    const userOk = !user || (rights & Pte.User) !== 0;
    const writeOk = !write || (rights & Pte.Writable) !== 0 || (!user && (this.cr0 & CR0_WP) === 0);
    if (!userOk || !writeOk) this.pageFault(linear, PfError.Present, write, user);
  }

  private markUsed(at: number, entry: number, write: boolean): void {
    const updated = entry | Pte.Accessed | (write ? Pte.Dirty : 0);
    if (updated !== entry) this.memory.write32(at, updated);
  }

  private insert(page: number, frame: number, rights: number, leaf: number, extra: number, linear: number): number {
    let f = Tlb.Valid | extra;
    if ((rights & Pte.Writable) !== 0) f |= Tlb.Writable;
    if ((rights & Pte.User) !== 0) f |= Tlb.User;
    if ((leaf & Pte.Dirty) !== 0) f |= Tlb.Dirty;
    if ((leaf & Pte.Global) !== 0 && (this.cr4 & CR4_PGE) !== 0) f |= Tlb.Global;
    this.frames[page] = frame;
    this.flags[page] = f;
    if (extra & Tlb.Large) this.largeRegion[page >>> 10] = 1;
    if (this.isListed[page] === 0) {
      this.isListed[page] = 1;
      this.listed.push(page);
    }
    return ((frame << 12) | (linear & 0xfff)) >>> 0;
  }

  private pageFault(linear: number, bits: number, write: boolean, user: boolean): never {
    const code = bits | (write ? PfError.Write : 0) | (user ? PfError.User : 0);
    throw new CpuFault(Vector.PF, code, linear >>> 0);
  }

  private live(): number[] {
    return this.listed.filter((p) => this.flags[p] !== 0).sort((a, b) => a - b);
  }
}
