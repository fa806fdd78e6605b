// Memory as instructions see it: segment checks (SDM vol. 3, 5.3 and 5.4), then paging,
// then the physical bus (or, for a page the host TLB holds, straight to its host buffer:
// host-tlb.ts). An access that crosses a page is checked on both pages before any
// byte is written, so a faulting instruction leaves memory untouched and can be restarted.

import { Ar, isExpandDown, isReadable, isWritable, SegmentCache } from './descriptors';
import { CpuFault, Vector } from './faults';
import { DebugRegisters } from './debug-registers';
import { HostPages, HostTlb } from './host-tlb';
import { PhysicalMemory } from './mmu';

import { CpuState, Seg } from './state';
import { F } from './flags';

const CR0_AM = 1 << 18;
const PLAIN_DATA_MASK = Ar.Unusable | Ar.S | Ar.Code | Ar.ReadWrite | Ar.ConformingOrDown;
const PLAIN_DATA = Ar.S | Ar.ReadWrite;

/** Guest-physical memory with the widths the CPU uses, and the pages it lends the host TLB. */
export interface PhysicalBus extends PhysicalMemory, HostPages {
  read8(address: number): number;
  read16(address: number): number;
  write8(address: number, value: number): void;
  write16(address: number, value: number): void;
}

export type Width = 1 | 2 | 4;

/** Memory access for one processor: the state plus the bus it is wired to. */
export class MemoryAccess {
  private readonly host: HostTlb;

  constructor(
    private readonly cpu: CpuState,
    private readonly bus: PhysicalBus,
    private readonly debug: DebugRegisters,
  ) {
    this.host = new HostTlb(cpu.mmu, bus);
  }

  /** The linear address of `size` bytes at `offset` in segment `seg`, after the protection and limit checks. */
  linear(seg: Seg, offset: number, size: number, write: boolean): number {
    const linear = this.linearOrNone(seg, offset, size, write);
    if (linear < 0) segmentFault(seg);
    return linear;
  }

  /** linear() without the fault: -1 where linear() would raise one. */
  linearOrNone(seg: Seg, offset: number, size: number, write: boolean): number {
    const s = this.cpu.segs[seg];
    const start = offset >>> 0;
    // A usable, writable, expand-up data segment passes every check but the limit, in any mode.
    if ((s.ar & PLAIN_DATA_MASK) === PLAIN_DATA) return start + size - 1 > s.limit ? -1 : (s.base + start) >>> 0;
    const protectedNotV86 = this.cpu.protectedMode && !this.cpu.flags.has(F.VM);
    if (protectedNotV86) {
      if ((s.ar & Ar.Unusable) !== 0) return -1;
      if (write ? !isWritable(s.ar) : !isReadable(s.ar)) return -1;
    }
    return withinLimit(s, start, size) ? (s.base + start) >>> 0 : -1;
  }

  /** The linear address of an instruction byte at CS:offset (limit check only). */
  fetchLinear(offset: number): number {
    const cs = this.cpu.segs[Seg.CS];
    if (offset >>> 0 > cs.limit) throw new CpuFault(Vector.GP, 0);
    return (cs.base + offset) >>> 0;
  }

  read(seg: Seg, offset: number, width: Width): number {
    const linear = this.linear(seg, offset, width, false);
    if ((linear & (width - 1)) !== 0) this.checkAlignment();
    if (this.debug.armed) this.debug.checkData(linear, width, false);
    return this.readLinear(linear, width, this.cpu.cpl === 3);
  }

  write(seg: Seg, offset: number, width: Width, value: number): void {
    const linear = this.linear(seg, offset, width, true);
    if ((linear & (width - 1)) !== 0) this.checkAlignment();
    if (this.debug.armed) this.debug.checkData(linear, width, true);
    this.writeLinear(linear, width, value, this.cpu.cpl === 3);
  }

  /** A misaligned data access at CPL 3 with CR0.AM and EFLAGS.AC set raises #AC(0). */
  checkAlignment(): void {
    if (this.alignmentChecked()) throw new CpuFault(Vector.AC, 0);
  }

  /** Whether misaligned data accesses fault now (CPL 3, CR0.AM and EFLAGS.AC). */
  alignmentChecked(): boolean {
    return this.cpu.cpl === 3 && (this.cpu.cr0 & CR0_AM) !== 0 && this.cpu.flags.has(F.AC);
  }

  /**
   * Reads at a linear address; `user` is false for the CPU's own accesses to system tables.
   * `forWrite` checks (and marks dirty) for a write that follows: read-modify-write instructions.
   */
  readLinear(linear: number, width: Width, user: boolean, forWrite = false): number {
    const mmu = this.cpu.mmu;
    const off = linear & 0xfff;
    if (off + width <= 0x1000) {
      const v = this.host.view(linear, forWrite, user);
      if (v === undefined) return this.readPhysical(mmu.translate(linear, forWrite, user), width);
      if (width === 1) return v[off];
      if (width === 2) return v[off] | (v[off + 1] << 8);
      return (v[off] | (v[off + 1] << 8) | (v[off + 2] << 16) | (v[off + 3] << 24)) >>> 0;
    }
    let value = 0;
    for (let i = 0; i < width; i++) value |= this.bus.read8(mmu.translate((linear + i) >>> 0, forWrite, user)) << (8 * i);
    return value >>> 0;
  }

  writeLinear(linear: number, width: Width, value: number, user: boolean): void {
    const mmu = this.cpu.mmu;
    const off = linear & 0xfff;
    if (off + width <= 0x1000) {
      const v = this.host.view(linear, true, user);
      if (v === undefined) {
        this.writePhysical(mmu.translate(linear, true, user), width, value);
        return;
      }
      v[off] = value;
      if (width === 1) return;
      v[off + 1] = value >>> 8;
      if (width === 2) return;
      v[off + 2] = value >>> 16;
      v[off + 3] = value >>> 24;
      return;
    }
    // Both pages are translated (and may fault) before any byte is written.
    const inFirst = 0x1000 - (linear & 0xfff);
    const first = mmu.translate(linear, true, user);
    const second = mmu.translate((linear + inFirst) >>> 0, true, user);
    for (let i = 0; i < width; i++) this.bus.write8(i < inFirst ? first + i : second + i - inFirst, (value >>> (8 * i)) & 0xff);
  }

  /** `width` bytes at a physical address, within one page. */
  readPhysical(pa: number, width: Width): number {
    return width === 1 ? this.bus.read8(pa) : width === 2 ? this.bus.read16(pa) : this.bus.read32(pa) >>> 0;
  }

  writePhysical(pa: number, width: Width, value: number): void {
    if (width === 1) this.bus.write8(pa, value & 0xff);
    else if (width === 2) this.bus.write16(pa, value & 0xffff);
    else this.bus.write32(pa, value >>> 0);
  }
}

/** The fault a segment violation raises: #SS for the stack segment, #GP otherwise. */
function segmentFault(seg: Seg): never {
  throw new CpuFault(seg === Seg.SS ? Vector.SS : Vector.GP, 0);
}

/** Whether `size` bytes at `offset` lie within the segment's limit (expand-up or expand-down). */
function withinLimit(s: SegmentCache, offset: number, size: number): boolean {
  const last = offset + size - 1;
  if (isExpandDown(s.ar)) return offset > s.limit && last <= (s.big ? 0xffffffff : 0xffff);
  return last <= s.limit;
}
