// Decoded instructions kept by physical address, so a loop is decoded once. A page that holds
// cached instructions is write-watched: a write drops the instructions it overlaps (guest code
// that modifies itself, or a page reused for other code). Anything that changes memory
// without a watched write — a snapshot restore, a loader's poke, A20 — moves the memory's
// view epoch, and the whole cache goes.

import { DecodedInstruction, MAX_INSTRUCTION_LENGTH } from '../../arch/decoder';
import { WriteListener, WriteWatcher } from '../memory/write-watch';

/** What the cache needs of guest memory. */
export interface WatchableMemory {
  readonly viewEpoch: number;
  createWatcher(listener: WriteListener): WriteWatcher;
  /** A page's bytes if it is plain RAM or ROM; undefined for device (MMIO) pages. */
  readPage(page: number): Uint8Array | undefined;
}

export class DecodeCache {
  /** Per physical page, indexed by offset << 1 | (32-bit code ? 1 : 0). */
  private readonly pages = new Map<number, (DecodedInstruction | undefined)[]>();
  private readonly watcher: WriteWatcher;
  private epoch: number;

  constructor(private readonly memory: WatchableMemory) {
    this.watcher = memory.createWatcher((address, size) => this.written(address, size));
    this.epoch = memory.viewEpoch;
  }

  lookup(physical: number, big: boolean): DecodedInstruction | undefined {
    if (this.memory.viewEpoch !== this.epoch) this.flush();
    const page = this.pages.get(physical >>> 12);
    return page === undefined ? undefined : page[((physical & 0xfff) << 1) | (big ? 1 : 0)];
  }

  /** Keeps an instruction that lies wholly within one RAM or ROM page. */
  insert(physical: number, big: boolean, insn: DecodedInstruction): void {
    const offset = physical & 0xfff;
    if (offset + insn.length > 0x1000) return;
    const number = physical >>> 12;
    let page = this.pages.get(number);
    if (page === undefined) {
      if (this.memory.readPage(number) === undefined) return;
      page = new Array<DecodedInstruction | undefined>(0x2000).fill(undefined);
      this.pages.set(number, page);
      this.watcher.watch(number);
      this.epoch = this.memory.viewEpoch; // watching moved the epoch; nothing changed
    }
    page[(offset << 1) | (big ? 1 : 0)] = insn;
  }

  flush(): void {
    this.pages.clear();
    this.watcher.clear();
    this.epoch = this.memory.viewEpoch;
  }

  get size(): number {
    let n = 0;
    for (const page of this.pages.values()) for (const insn of page) if (insn !== undefined) n++;
    return n;
  }

  /** Drops every cached instruction whose bytes overlap [address, address + size). */
  private written(address: number, size: number): void {
    for (let start = address - (MAX_INSTRUCTION_LENGTH - 1); start < address + size; start++) {
      const page = this.pages.get(start >>> 12);
      if (page === undefined) continue;
      const key = (start & 0xfff) << 1;
      const a = page[key];
      if (a !== undefined && start + a.length > address) page[key] = undefined;
      const b = page[key | 1];
      if (b !== undefined && start + b.length > address) page[key | 1] = undefined;
    }
  }
}
