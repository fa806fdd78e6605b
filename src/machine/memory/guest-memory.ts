// Guest-physical memory: sparse RAM, ROM regions, memory-mapped devices and the A20 gate.
//
// Every 4 KiB page has a buffer in `pages` that reads may use directly: its own RAM buffer,
// a shared all-zero page for RAM never written, a shared all-0xFF page for unmapped addresses,
// or the ROM image. MMIO pages have none and take the slow path. Writes go straight into a page
// only when its flags say Direct (owned RAM, not watched, not shared with a snapshot); every
// other write takes the slow path, which allocates, copies on write, drops ROM and unmapped
// writes, calls devices and notifies write-watchers.
//
// Views handed out by readPage/writablePage/hostPage stay valid until `viewEpoch` changes.

import { MmioDevice, MmioRegion } from './mmio';
import { PAGE_COUNT, PAGE_MASK, PAGE_SHIFT, PAGE_SIZE, PageFlag, PageKind } from './page';
import { WatchTable, WriteListener, WriteWatcher } from './write-watch';

export const MAX_RAM_BYTES = 3 * 1024 * 1024 * 1024;
const A20_ON = 0xffffffff | 0;
const A20_OFF = ~(1 << 20);
const MAX_WATCHERS = 8;

const ZERO_PAGE = new Uint8Array(PAGE_SIZE);
const OPEN_BUS_PAGE = new Uint8Array(PAGE_SIZE).fill(0xff);

export interface MemorySnapshot {
  readonly a20: boolean;
  readonly pageNumbers: Uint32Array;
  readonly buffers: readonly Uint8Array[];
  readonly watches: ReadonlyMap<number, number>;
}

export class GuestMemory implements WatchTable {
  readonly ramPages: number;
  /** Changes whenever a view from readPage/writablePage/hostPage may have become stale. */
  viewEpoch = 0;

  private readonly pages: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(PAGE_COUNT).fill(OPEN_BUS_PAGE);
  private readonly flags = new Uint8Array(PAGE_COUNT);
  private readonly mmio = new Map<number, MmioRegion>();
  private readonly watches = new Map<number, number>();
  private readonly watchers: (WriteWatcher | undefined)[] = [];
  private a20Mask = A20_ON;

  constructor(readonly ramBytes: number) {
    if (ramBytes <= 0 || ramBytes > MAX_RAM_BYTES || ramBytes % PAGE_SIZE !== 0) {
      throw new RangeError(`RAM size must be a positive multiple of 4 KiB up to 3 GiB, not ${ramBytes}`);
    }
    this.ramPages = ramBytes / PAGE_SIZE;
    this.pages.fill(ZERO_PAGE, 0, this.ramPages);
    this.flags.fill(PageKind.Ram, 0, this.ramPages);
  }

  get a20Enabled(): boolean {
    return this.a20Mask === A20_ON;
  }

  set a20Enabled(on: boolean) {
    if (on === this.a20Enabled) return;
    this.a20Mask = on ? A20_ON : A20_OFF;
    this.viewEpoch++;
  }

  /** Maps a read-only image (padded with 0xFF to whole pages) over whatever was at `base`. */
  mapRom(base: number, image: Uint8Array): void {
    const count = Math.ceil(image.length / PAGE_SIZE);
    const first = this.firstPage(base, count * PAGE_SIZE);
    for (let i = 0; i < count; i++) {
      const chunk = image.subarray(i * PAGE_SIZE, (i + 1) * PAGE_SIZE);
      const page = chunk.length === PAGE_SIZE ? chunk : OPEN_BUS_PAGE.slice();
      if (page !== chunk) page.set(chunk);
      this.setPage(first + i, PageKind.Rom, page);
    }
  }

  /** Routes a page-aligned range, rounded up to whole pages, to a device. */
  mapMmio(base: number, length: number, device: MmioDevice): void {
    const count = Math.ceil(length / PAGE_SIZE);
    const first = this.firstPage(base, count * PAGE_SIZE);
    const region: MmioRegion = { base: base >>> 0, length: count * PAGE_SIZE, device };
    for (let i = 0; i < count; i++) {
      this.setPage(first + i, PageKind.Mmio, undefined);
      this.mmio.set(first + i, region);
    }
  }

  // ---- CPU access paths -------------------------------------------------------------------

  read8(address: number): number {
    const a = address & this.a20Mask;
    const page = this.pages[a >>> PAGE_SHIFT];
    if (page !== undefined) return page[a & PAGE_MASK];
    return this.slowRead(a >>> 0, 1);
  }

  read16(address: number): number {
    const a = address & this.a20Mask;
    const off = a & PAGE_MASK;
    const page = this.pages[a >>> PAGE_SHIFT];
    if (off !== PAGE_MASK && page !== undefined) return page[off] | (page[off + 1] << 8);
    return this.slowRead(a >>> 0, 2);
  }

  read32(address: number): number {
    const a = address & this.a20Mask;
    const off = a & PAGE_MASK;
    const page = this.pages[a >>> PAGE_SHIFT];
    if (off <= PAGE_SIZE - 4 && page !== undefined) {
      return (page[off] | (page[off + 1] << 8) | (page[off + 2] << 16) | (page[off + 3] << 24)) >>> 0;
    }
    return this.slowRead(a >>> 0, 4);
  }

  write8(address: number, value: number): void {
    const a = address & this.a20Mask;
    const p = a >>> PAGE_SHIFT;
    if ((this.flags[p] & PageFlag.Direct) !== 0) this.pages[p]![a & PAGE_MASK] = value;
    else this.slowWrite(a >>> 0, value, 1);
  }

  write16(address: number, value: number): void {
    const a = address & this.a20Mask;
    const p = a >>> PAGE_SHIFT;
    const off = a & PAGE_MASK;
    if ((this.flags[p] & PageFlag.Direct) !== 0 && off !== PAGE_MASK) {
      const page = this.pages[p]!;
      page[off] = value;
      page[off + 1] = value >>> 8;
    } else this.slowWrite(a >>> 0, value, 2);
  }

  write32(address: number, value: number): void {
    const a = address & this.a20Mask;
    const p = a >>> PAGE_SHIFT;
    const off = a & PAGE_MASK;
    if ((this.flags[p] & PageFlag.Direct) !== 0 && off <= PAGE_SIZE - 4) {
      const page = this.pages[p]!;
      page[off] = value;
      page[off + 1] = value >>> 8;
      page[off + 2] = value >>> 16;
      page[off + 3] = value >>> 24;
    } else this.slowWrite(a >>> 0, value, 4);
  }

  /**
   * A view of physical page `page` (A20 applied) for reading, or undefined for MMIO pages.
   * RAM never touched is allocated here, so the view sees later writes.
   */
  readPage(page: number): Uint8Array | undefined {
    const p = page & (this.a20Mask >>> PAGE_SHIFT);
    if ((this.flags[p] & PageFlag.KindMask) === PageKind.Ram && this.pages[p] === ZERO_PAGE) return this.own(p);
    return this.pages[p];
  }

  /** A view of RAM page `page` (A20 applied) for writing, or undefined when writes must take the slow path. */
  writablePage(page: number): Uint8Array | undefined {
    const p = page & (this.a20Mask >>> PAGE_SHIFT);
    const f = this.flags[p];
    if ((f & PageFlag.KindMask) !== PageKind.Ram || (f & PageFlag.Watched) !== 0) return undefined;
    return this.own(p);
  }

  /**
   * Page `page`'s own buffer (A20 applied) if reads (or, with `write`, writes) may go straight
   * to it until viewEpoch moves: RAM that was written (reads of untouched RAM do not allocate
   * it, and its first write moves no epoch), and for writes a Direct page. Never allocates.
   */
  hostPage(page: number, write: boolean): Uint8Array | undefined {
    const p = page & (this.a20Mask >>> PAGE_SHIFT);
    const f = this.flags[p];
    if (write) return (f & PageFlag.Direct) !== 0 ? this.pages[p] : undefined;
    return (f & PageFlag.KindMask) === PageKind.Ram && this.pages[p] !== ZERO_PAGE ? this.pages[p] : undefined;
  }

  // ---- Debugger access: physical addresses as they are (no A20), no watches, no device side effects.

  /** Reads bytes; MMIO reads as 0xFF rather than disturbing a device. */
  peek(address: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; ) {
      const a = (address + i) >>> 0;
      const off = a & PAGE_MASK;
      const n = Math.min(PAGE_SIZE - off, length - i);
      const page = this.pages[a >>> PAGE_SHIFT];
      if (page === undefined) out.fill(0xff, i, i + n);
      else out.set(page.subarray(off, off + n), i);
      i += n;
    }
    return out;
  }

  /**
   * Writes bytes into RAM without device side effects (also how loaders place images); returns
   * how many landed (ROM, MMIO and holes are skipped). Watchers still hear of the change: what
   * they watch (decoded code, guest page tables) is stale whoever wrote it.
   */
  poke(address: number, bytes: Uint8Array): number {
    let written = 0;
    for (let i = 0; i < bytes.length; ) {
      const a = (address + i) >>> 0;
      const p = a >>> PAGE_SHIFT;
      const off = a & PAGE_MASK;
      const n = Math.min(PAGE_SIZE - off, bytes.length - i);
      if ((this.flags[p] & PageFlag.KindMask) === PageKind.Ram) {
        this.own(p).set(bytes.subarray(i, i + n), off);
        written += n;
        if ((this.flags[p] & PageFlag.Watched) !== 0) this.notify(p, a, n);
      }
      i += n;
    }
    return written;
  }

  // ---- Write-watches ----------------------------------------------------------------------

  createWatcher(listener: WriteListener): WriteWatcher {
    let bit = this.watchers.indexOf(undefined);
    if (bit < 0) bit = this.watchers.length;
    if (bit >= MAX_WATCHERS) throw new Error(`at most ${MAX_WATCHERS} write-watchers`);
    const watcher = new WriteWatcher(this, bit, listener);
    this.watchers[bit] = watcher;
    return watcher;
  }

  removeWatcher(watcher: WriteWatcher): void {
    watcher.clear();
    this.watchers[watcher.bit] = undefined;
  }

  setWatchBit(page: number, bit: number, on: boolean): void {
    const old = this.watches.get(page) ?? 0;
    const mask = on ? old | (1 << bit) : old & ~(1 << bit);
    if (mask === old) return;
    if (mask === 0) this.watches.delete(page);
    else this.watches.set(page, mask);
    if (mask !== 0) {
      this.flags[page] = (this.flags[page] | PageFlag.Watched) & ~PageFlag.Direct;
      this.viewEpoch++;
    } else {
      this.flags[page] &= ~PageFlag.Watched;
      this.updateDirect(page);
    }
  }

  watchMask(page: number): number {
    return this.watches.get(page) ?? 0;
  }

  watchedPages(bit: number): number[] {
    const out: number[] = [];
    for (const [page, mask] of this.watches) if ((mask & (1 << bit)) !== 0) out.push(page);
    return out.sort((a, b) => a - b);
  }

  // ---- Snapshots --------------------------------------------------------------------------

  /** RAM pages that have their own buffer. */
  get allocatedPages(): number {
    let n = 0;
    for (let p = 0; p < this.ramPages; p++) if (this.pages[p] !== ZERO_PAGE && this.isRam(p)) n++;
    return n;
  }

  /** Captures RAM, A20 and watches. Pages are shared, not copied: each is copied on its next write. */
  snapshot(): MemorySnapshot {
    const numbers: number[] = [];
    const buffers: Uint8Array[] = [];
    for (let p = 0; p < this.ramPages; p++) {
      const page = this.pages[p];
      if (page === undefined || page === ZERO_PAGE || !this.isRam(p)) continue;
      numbers.push(p);
      buffers.push(page);
      this.flags[p] = (this.flags[p] | PageFlag.Shared) & ~PageFlag.Direct;
    }
    this.viewEpoch++;
    return { a20: this.a20Enabled, pageNumbers: Uint32Array.from(numbers), buffers, watches: new Map(this.watches) };
  }

  restore(s: MemorySnapshot): void {
    for (let p = 0; p < this.ramPages; p++) {
      if (this.pages[p] === ZERO_PAGE || !this.isRam(p)) continue;
      this.pages[p] = ZERO_PAGE;
      this.flags[p] &= ~(PageFlag.Shared | PageFlag.Direct);
    }
    s.pageNumbers.forEach((p, i) => {
      this.pages[p] = s.buffers[i];
      this.flags[p] = (this.flags[p] | PageFlag.Shared) & ~PageFlag.Direct;
    });
    for (const page of this.watches.keys()) this.flags[page] &= ~PageFlag.Watched;
    this.watches.clear();
    for (const [page, mask] of s.watches) {
      this.watches.set(page, mask);
      this.flags[page] = (this.flags[page] | PageFlag.Watched) & ~PageFlag.Direct;
    }
    this.a20Mask = s.a20 ? A20_ON : A20_OFF;
    this.viewEpoch++;
  }

  // ---- Slow paths -------------------------------------------------------------------------

  private slowRead(a: number, size: number): number {
    const off = a & PAGE_MASK;
    if (off + size <= PAGE_SIZE) {
      const region = this.mmio.get(a >>> PAGE_SHIFT);
      if (region !== undefined) return region.device.read(a - region.base, size);
    }
    let value = 0;
    for (let i = 0; i < size; i++) value |= this.read8(a + i) << (8 * i);
    return value >>> 0;
  }

  private slowWrite(a: number, value: number, size: number): void {
    if ((a & PAGE_MASK) + size <= PAGE_SIZE) return this.writeInPage(a, value, size);
    for (let i = 0; i < size; i++) this.writeInPage(((a + i) & this.a20Mask) >>> 0, (value >>> (8 * i)) & 0xff, 1);
  }

  private writeInPage(a: number, value: number, size: number): void {
    const p = a >>> PAGE_SHIFT;
    const f = this.flags[p];
    switch (f & PageFlag.KindMask) {
      case PageKind.Ram: {
        const page = this.own(p);
        const off = a & PAGE_MASK;
        for (let i = 0; i < size; i++) page[off + i] = value >>> (8 * i);
        if ((f & PageFlag.Watched) !== 0) this.notify(p, a, size);
        return;
      }
      case PageKind.Mmio: {
        const region = this.mmio.get(p)!;
        return region.device.write(a - region.base, size, value);
      }
      default:
        return; // ROM and holes ignore writes
    }
  }

  private notify(page: number, address: number, size: number): void {
    const mask = this.watches.get(page) ?? 0;
    for (let bit = 0; bit < this.watchers.length; bit++) {
      if ((mask & (1 << bit)) !== 0) this.watchers[bit]?.listener(address, size);
    }
  }

  /** The page's own buffer, allocated or copied from a snapshot as needed. */
  private own(p: number): Uint8Array {
    let page = this.pages[p]!;
    if (page === ZERO_PAGE) {
      page = new Uint8Array(PAGE_SIZE);
    } else if ((this.flags[p] & PageFlag.Shared) !== 0) {
      page = page.slice();
      this.flags[p] &= ~PageFlag.Shared;
      this.viewEpoch++;
    } else {
      return page;
    }
    this.pages[p] = page;
    this.updateDirect(p);
    return page;
  }

  private updateDirect(p: number): void {
    const f = this.flags[p];
    const direct =
      (f & PageFlag.KindMask) === PageKind.Ram &&
      (f & (PageFlag.Watched | PageFlag.Shared)) === 0 &&
      this.pages[p] !== ZERO_PAGE;
    this.flags[p] = direct ? f | PageFlag.Direct : f & ~PageFlag.Direct;
  }

  private isRam(p: number): boolean {
    return (this.flags[p] & PageFlag.KindMask) === PageKind.Ram;
  }

  private setPage(p: number, kind: PageKind, buffer: Uint8Array | undefined): void {
    this.mmio.delete(p);
    this.pages[p] = buffer;
    this.flags[p] = (this.flags[p] & PageFlag.Watched) | kind;
    this.viewEpoch++;
  }

  private firstPage(base: number, length: number): number {
    if ((base & PAGE_MASK) !== 0) throw new RangeError(`region base 0x${(base >>> 0).toString(16)} is not page-aligned`);
    if ((base >>> 0) + length > 2 ** 32) throw new RangeError('region extends past 4 GiB');
    return base >>> PAGE_SHIFT;
  }
}
