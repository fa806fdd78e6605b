// Reading and updating descriptors in the GDT and LDT, and loading data and stack segment
// registers with every protected-mode check (SDM vol. 3, 5.5-5.10; MOV and POP pseudo-code).

import {
  Ar, arDpl, Descriptor, isCode, isData, isConforming, isPresent, isReadable, isWritable, parseDescriptor,
} from './descriptors';
import { CpuFault, Vector } from './faults';
import { MemoryAccess } from './access';
import { CpuState, Seg } from './state';
import { F } from './flags';

export interface TableEntry extends Descriptor {
  /** Linear address of the eight-byte descriptor. */
  address: number;
  lo: number;
  hi: number;
}

/** A selector's error code: the selector without its RPL bits. */
export const selectorError = (selector: number): number => selector & 0xfffc;

export class SystemTables {
  constructor(
    private readonly cpu: CpuState,
    private readonly mem: MemoryAccess,
  ) {}

  /**
   * Reads the descriptor a selector names, in the GDT or (TI = 1) the LDT.
   * Raises `vector` (default #GP) with the selector as error code when it lies outside the table.
   */
  read(selector: number, vector: number = Vector.GP): TableEntry {
    const table = (selector & 4) !== 0 ? this.cpu.ldtr : this.cpu.gdtr;
    const offset = selector & 0xfff8;
    const unusableLdt = (selector & 4) !== 0 && (this.cpu.ldtr.ar & Ar.Unusable) !== 0;
    if (unusableLdt || offset + 7 > table.limit) throw new CpuFault(vector, selectorError(selector));
    const address = (table.base + offset) >>> 0;
    const lo = this.mem.readLinear(address, 4, false);
    const hi = this.mem.readLinear((address + 4) >>> 0, 4, false);
    return { address, lo, hi, ...parseDescriptor(lo, hi) };
  }

  /** Sets the accessed bit of a code or data descriptor, as the processor does on a load. */
  markAccessed(entry: TableEntry): void {
    if ((entry.hi & 0x100) === 0) this.mem.writeLinear((entry.address + 4) >>> 0, 4, entry.hi | 0x100, false);
  }

  /** MOV/POP/LDS... to DS, ES, FS or GS. */
  loadData(seg: Seg.DS | Seg.ES | Seg.FS | Seg.GS, selector: number): void {
    const cache = this.cpu.segs[seg];
    if (!this.cpu.protectedMode || this.cpu.flags.has(F.VM)) {
      cache.loadReal(selector);
      return;
    }
    if ((selector & 0xfffc) === 0) {
      // A null selector loads an unusable segment; using it faults later.
      cache.selector = selector & 0xffff;
      cache.ar = Ar.Unusable;
      return;
    }
    const d = this.read(selector);
    const rpl = selector & 3;
    const dpl = arDpl(d.ar);
    if (!isReadable(d.ar) || (!isData(d.ar) && !isCode(d.ar))) throw new CpuFault(Vector.GP, selectorError(selector));
    if (!isConforming(d.ar) && (rpl > dpl || this.cpu.cpl > dpl)) throw new CpuFault(Vector.GP, selectorError(selector));
    if (!isPresent(d.ar)) throw new CpuFault(Vector.NP, selectorError(selector));
    this.markAccessed(d);
    this.fill(seg, selector, d);
  }

  /** MOV/POP/LSS to SS. */
  loadStack(selector: number): void {
    const cache = this.cpu.segs[Seg.SS];
    if (!this.cpu.protectedMode || this.cpu.flags.has(F.VM)) {
      cache.loadReal(selector);
      return;
    }
    const error = selectorError(selector);
    if ((selector & 0xfffc) === 0) throw new CpuFault(Vector.GP, 0);
    const d = this.read(selector);
    if ((selector & 3) !== this.cpu.cpl || !isWritable(d.ar) || arDpl(d.ar) !== this.cpu.cpl) {
      throw new CpuFault(Vector.GP, error);
    }
    if (!isPresent(d.ar)) throw new CpuFault(Vector.SS, error);
    this.markAccessed(d);
    this.fill(Seg.SS, selector, d);
  }

  /** Loads a segment register's cache from a descriptor that has passed its checks. */
  fill(seg: Seg, selector: number, d: Descriptor): void {
    const cache = this.cpu.segs[seg];
    cache.selector = selector & 0xffff;
    cache.base = d.base;
    cache.limit = d.limit;
    cache.ar = d.ar | Ar.Accessed;
  }
}
