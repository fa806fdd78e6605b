// Write-watches on physical pages. Each watcher owns one bit of a page's watch mask, so the
// binary translator (code pages) and shadow paging (guest page tables) can watch the same page
// independently; a page with any bit set loses its direct-write flag, and only those writes
// take the slow path that calls listeners.

/** Called after a watched page was written: the first byte's physical address and the size. */
export type WriteListener = (address: number, size: number) => void;

/** What a watcher needs of the memory that owns it. */
export interface WatchTable {
  setWatchBit(page: number, bit: number, on: boolean): void;
  watchMask(page: number): number;
  watchedPages(bit: number): number[];
}

export class WriteWatcher {
  constructor(
    private readonly table: WatchTable,
    readonly bit: number,
    readonly listener: WriteListener,
  ) {}

  watch(page: number): void {
    this.table.setWatchBit(page, this.bit, true);
  }

  unwatch(page: number): void {
    this.table.setWatchBit(page, this.bit, false);
  }

  isWatching(page: number): boolean {
    return (this.table.watchMask(page) & (1 << this.bit)) !== 0;
  }

  /** Watched page numbers, ascending. */
  pages(): number[] {
    return this.table.watchedPages(this.bit);
  }

  clear(): void {
    for (const page of this.pages()) this.unwatch(page);
  }
}
