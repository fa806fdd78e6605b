// Segment descriptors and the hidden part of segment registers (the descriptor cache).
// Attributes are kept in the VMX access-rights layout (SDM vol. 3, 25.4.1): type 3:0, S 4,
// DPL 6:5, P 7, AVL 12, D/B 14, G 15, unusable 16 — the VMCS guest-state fields use it too.

export const enum Ar {
  Accessed = 1 << 0,
  /** Code: readable; data: writable. */
  ReadWrite = 1 << 1,
  /** Code: conforming; data: expand-down. */
  ConformingOrDown = 1 << 2,
  Code = 1 << 3,
  /** Code or data (clear for system descriptors). */
  S = 1 << 4,
  Present = 1 << 7,
  Avl = 1 << 12,
  Big = 1 << 14,
  Granularity = 1 << 15,
  Unusable = 1 << 16,
}

/** System-descriptor types (S = 0). */
export const enum SysType {
  Tss16Available = 1,
  Ldt = 2,
  Tss16Busy = 3,
  CallGate16 = 4,
  TaskGate = 5,
  InterruptGate16 = 6,
  TrapGate16 = 7,
  Tss32Available = 9,
  Tss32Busy = 11,
  CallGate32 = 12,
  InterruptGate32 = 14,
  TrapGate32 = 15,
}

export class SegmentCache {
  constructor(
    public selector = 0,
    public base = 0,
    /** The limit in bytes (granularity already applied). */
    public limit = 0xffff,
    public ar = Ar.Present | Ar.S | Ar.ReadWrite | Ar.Accessed,
  ) {}

  get dpl(): number {
    return (this.ar >>> 5) & 3;
  }

  get big(): boolean {
    return (this.ar & Ar.Big) !== 0;
  }

  /** The real-mode and virtual-8086 meaning of a selector: base = selector * 16. */
  loadReal(selector: number): void {
    this.selector = selector & 0xffff;
    this.base = this.selector << 4;
  }

  copyFrom(other: SegmentCache): void {
    this.selector = other.selector;
    this.base = other.base;
    this.limit = other.limit;
    this.ar = other.ar;
  }
}

/** The fields of an eight-byte descriptor given as its low and high doublewords. */
export interface Descriptor {
  base: number;
  limit: number;
  ar: number;
}

export function parseDescriptor(lo: number, hi: number): Descriptor {
  const rawLimit = (lo & 0xffff) | (hi & 0xf0000);
  const ar = (hi >>> 8) & 0xf0ff;
  return {
    base: ((lo >>> 16) | ((hi & 0xff) << 16) | (hi & 0xff000000)) >>> 0,
    limit: ar & Ar.Granularity ? ((rawLimit << 12) | 0xfff) >>> 0 : rawLimit,
    ar,
  };
}

/** A gate descriptor (call, interrupt, trap, task): target selector and offset. */
export function parseGate(lo: number, hi: number): { selector: number; offset: number; ar: number; paramCount: number } {
  return {
    selector: lo >>> 16,
    offset: ((lo & 0xffff) | (hi & 0xffff0000)) >>> 0,
    ar: (hi >>> 8) & 0xff,
    paramCount: hi & 0x1f,
  };
}

export const arType = (ar: number): number => ar & 0xf;
export const arDpl = (ar: number): number => (ar >>> 5) & 3;
export const isPresent = (ar: number): boolean => (ar & Ar.Present) !== 0;
export const isCodeOrData = (ar: number): boolean => (ar & Ar.S) !== 0;
export const isCode = (ar: number): boolean => (ar & (Ar.S | Ar.Code)) === (Ar.S | Ar.Code);
export const isData = (ar: number): boolean => (ar & (Ar.S | Ar.Code)) === Ar.S;
export const isConforming = (ar: number): boolean => isCode(ar) && (ar & Ar.ConformingOrDown) !== 0;
export const isExpandDown = (ar: number): boolean => isData(ar) && (ar & Ar.ConformingOrDown) !== 0;
/** Data segments are always readable; code segments only with the R bit. */
export const isReadable = (ar: number): boolean => isData(ar) || (isCode(ar) && (ar & Ar.ReadWrite) !== 0);
export const isWritable = (ar: number): boolean => isData(ar) && (ar & Ar.ReadWrite) !== 0;
