// The architectural state of one IA-32 processor: what a snapshot holds and what the
// debugger and the monitor read. Behaviour lives elsewhere.

import { Ar, SegmentCache } from './descriptors';
import { Eflags } from './flags';
import { Mmu, PhysicalMemory } from './mmu';

export const enum Reg { EAX, ECX, EDX, EBX, ESP, EBP, ESI, EDI }
export const enum Seg { ES, CS, SS, DS, FS, GS }

export interface TableRegister {
  base: number;
  limit: number;
}

export class CpuState {
  readonly gpr = new Uint32Array(8);
  eip = 0;
  readonly flags = new Eflags();
  /** ES, CS, SS, DS, FS, GS in encoding order. */
  readonly segs: SegmentCache[];
  readonly ldtr = new SegmentCache(0, 0, 0xffff, Ar.Present | 2);
  readonly tr = new SegmentCache(0, 0, 0xffff, Ar.Present | 11);
  readonly gdtr: TableRegister = { base: 0, limit: 0xffff };
  readonly idtr: TableRegister = { base: 0, limit: 0x3ff };
  readonly mmu: Mmu;
  cr2 = 0;
  readonly dr = new Uint32Array(8);
  /** Current privilege level (the RPL of CS in protected mode; 0 in real mode, 3 in virtual-8086). */
  cpl = 0;

  constructor(memory: PhysicalMemory) {
    this.mmu = new Mmu(memory);
    this.segs = [0, 1, 2, 3, 4, 5].map(() => new SegmentCache());
    this.reset();
  }

  get cr0(): number {
    return this.mmu.cr0;
  }

  get cr3(): number {
    return this.mmu.cr3;
  }

  get cr4(): number {
    return this.mmu.cr4;
  }

  get protectedMode(): boolean {
    return (this.mmu.cr0 & 1) !== 0;
  }

  /** The power-on and RESET state (SDM vol. 3, 10.1.1): CS:EIP = F000:FFF0 with CS base FFFF0000. */
  reset(): void {
    this.gpr.fill(0);
    this.gpr[Reg.EDX] = 0x0000_0480; // family 4, model 8: a 486 DX4-class processor
    this.eip = 0xfff0;
    this.flags.value = 0;
    for (const s of this.segs) {
      s.selector = 0;
      s.base = 0;
      s.limit = 0xffff;
      s.ar = Ar.Present | Ar.S | Ar.ReadWrite | Ar.Accessed;
    }
    const cs = this.segs[Seg.CS];
    cs.selector = 0xf000;
    cs.base = 0xffff0000;
    cs.ar = Ar.Present | Ar.S | Ar.Code | Ar.ReadWrite | Ar.Accessed;
    this.gdtr.base = 0;
    this.gdtr.limit = 0xffff;
    this.idtr.base = 0;
    this.idtr.limit = 0x3ff;
    this.ldtr.selector = this.tr.selector = 0;
    this.mmu.cr0 = 0x60000010; // CD, NW and ET set
    this.mmu.cr3 = 0;
    this.mmu.cr4 = 0;
    this.mmu.flushAll();
    this.cr2 = 0;
    this.dr.fill(0);
    this.dr[6] = 0xffff0ff0;
    this.dr[7] = 0x00000400;
    this.cpl = 0;
  }
}

/** Everything a CpuState holds, as plain data (the TLB included: stale entries are state too). */
export interface CpuStateSnapshot {
  gpr: number[];
  eip: number;
  eflags: number;
  segs: { selector: number; base: number; limit: number; ar: number }[];
  ldtr: { selector: number; base: number; limit: number; ar: number };
  tr: { selector: number; base: number; limit: number; ar: number };
  gdtr: TableRegister;
  idtr: TableRegister;
  cr0: number;
  cr2: number;
  cr3: number;
  cr4: number;
  dr: number[];
  cpl: number;
  tlb: ReturnType<Mmu['saveTlb']>;
}

const copySeg = (s: SegmentCache) => ({ selector: s.selector, base: s.base, limit: s.limit, ar: s.ar });

export function saveCpuState(s: CpuState): CpuStateSnapshot {
  return {
    gpr: [...s.gpr],
    eip: s.eip,
    eflags: s.flags.value,
    segs: s.segs.map(copySeg),
    ldtr: copySeg(s.ldtr),
    tr: copySeg(s.tr),
    gdtr: { ...s.gdtr },
    idtr: { ...s.idtr },
    cr0: s.mmu.cr0,
    cr2: s.cr2,
    cr3: s.mmu.cr3,
    cr4: s.mmu.cr4,
    dr: [...s.dr],
    cpl: s.cpl,
    tlb: s.mmu.saveTlb(),
  };
}

export function restoreCpuState(s: CpuState, snap: CpuStateSnapshot): void {
  s.gpr.set(snap.gpr);
  s.eip = snap.eip;
  s.flags.value = snap.eflags;
  snap.segs.forEach((seg, i) => Object.assign(s.segs[i], seg));
  Object.assign(s.ldtr, snap.ldtr);
  Object.assign(s.tr, snap.tr);
  Object.assign(s.gdtr, snap.gdtr);
  Object.assign(s.idtr, snap.idtr);
  s.mmu.cr0 = snap.cr0;
  s.cr2 = snap.cr2;
  s.mmu.cr3 = snap.cr3;
  s.mmu.cr4 = snap.cr4;
  s.dr.set(snap.dr);
  s.cpl = snap.cpl;
  s.mmu.restoreTlb(snap.tlb);
}
