// Decoded instructions kept by physical address, so a loop is decoded once. A page that holds
// cached instructions is write-watched: a write drops the instructions it overlaps (guest code
// that modifies itself, or a page reused for other code). Anything that changes memory
// without a watched write — a snapshot restore, a loader's poke, A20 — moves the memory's
// view epoch, and the whole cache goes.

import { MAX_INSTRUCTION_LENGTH } from '../../arch/decoder';
import { WriteListener, WriteWatcher } from '../memory/write-watch';
import { Executable } from './executable';

/** What the cache needs of guest memory. */
export interface WatchableMemory {
  readonly viewEpoch: number;
  createWatcher(listener: WriteListener): WriteWatcher;
  /** A page's bytes if it is plain RAM or ROM; undefined for device (MMIO) pages. */
  readPage(page: number): Uint8Array | undefined;
}

export class DecodeCache {
  /** Per physical page and code size (key: page << 1 | (32-bit code ? 1 : 0)), indexed by offset. */
  private readonly pages = new Map<number, (Executable | undefined)[]>();
  private readonly watcher: WriteWatcher;
  private epoch: number;
  /** Moves when the cache is flushed: page arrays handed out by currentPage() are then stale. */
  private generation = 0;

  constructor(private readonly memory: WatchableMemory) {
    this.watcher = memory.createWatcher((address, size) => this.written(address, size));
    this.epoch = memory.viewEpoch;
  }

  /** The key of the last lookup (code runs a page at a time), -1 for none. */
  private lastKey = -1;
  private lastPage: (Executable | undefined)[] | undefined;

  lookup(physical: number, big: boolean): Executable | undefined {
    if (this.memory.viewEpoch !== this.epoch) this.flush();
    const key = pageKey(physical, big);
    if (key !== this.lastKey) {
      this.lastKey = key;
      this.lastPage = this.pages.get(key);
    }
    const page = this.lastPage;
    return page === undefined ? undefined : page[physical & 0xfff];
  }

  /**
   * The instructions of the page the last lookup was in, by offset (undefined where none is
   * cached; entries drop out as their bytes are written). It belongs to currentGeneration.
   */
  currentPage(): (Executable | undefined)[] | undefined {
    return this.lastPage;
  }

  get currentGeneration(): number {
    return this.generation;
  }

  /** Whether page arrays from currentPage() under `generation` still hold (no flush since, none due). */
  holds(generation: number): boolean {
    return this.generation === generation && this.memory.viewEpoch === this.epoch;
  }

  /** Keeps an instruction that lies wholly within one RAM or ROM page. */
  insert(physical: number, big: boolean, insn: Executable): void {
    const offset = physical & 0xfff;
    if (offset + insn.length > 0x1000) return;
    const key = pageKey(physical, big);
    let page = this.pages.get(key);
    if (page === undefined) {
      const number = physical >>> 12;
      if (this.memory.readPage(number) === undefined) return;
      page = new Array<Executable | undefined>(0x1000).fill(undefined);
      this.pages.set(key, page);
      if (key === this.lastKey) this.lastPage = page;
      this.watcher.watch(number);
      this.epoch = this.memory.viewEpoch; // watching moved the epoch; nothing changed
    }
    page[offset] = insn;
  }

  flush(): void {
    this.generation++;
    this.pages.clear();
    this.lastKey = -1;
    this.lastPage = undefined;
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
      this.drop(pageKey(start, false), start, address);
      this.drop(pageKey(start, true), start, address);
    }
  }

  /** Drops the instruction cached at `start` under `key` if it reaches `address`. */
  private drop(key: number, start: number, address: number): void {
    const page = this.pages.get(key);
    const insn = page?.[start & 0xfff];
    if (insn !== undefined && start + insn.length > address) page![start & 0xfff] = undefined;
  }
}

const pageKey = (physical: number, big: boolean): number => ((physical >>> 12) << 1) | (big ? 1 : 0);
