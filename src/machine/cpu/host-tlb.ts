// A host TLB beside the MMU's: for a linear page, the host buffer that holds the RAM page it
// maps to, per access kind (read or write, user or supervisor), so that an access within one
// page is an array access. An entry is made only from a TLB hit that needs nothing changed
// (rights allow the access; for a write, the dirty bit is set), and only for a page the memory
// offers (hostPage: RAM with its own buffer; for writes, one that is neither write-watched nor
// shared with a snapshot). Everything such an entry relies on moves one of two counters: the
// MMU's generation (a walk, a flush, INVLPG, a CR0/CR3/CR4 change) or the memory's view epoch
// (A20, a new write-watch, a snapshot or its restore, a copy on write, a region mapped), and
// either empties the table. Everything else takes the slow path, which fills the TLB or
// allocates as it always did; the next access may then come here.

import { Mmu } from './mmu';

/** What the host TLB needs of guest-physical memory. */
export interface HostPages {
  /** Moves whenever a buffer from hostPage may no longer be the page's. */
  readonly viewEpoch: number;
  /** Physical page `page`'s buffer if reads (or writes) may go straight to it; never allocates. */
  hostPage(page: number, write: boolean): Uint8Array | undefined;
}

const SIZE = 1024;
const NONE = new Uint8Array(0);

export class HostTlb {
  /** Per slot: linear page << 2 | write << 1 | user, or -1. */
  private readonly keys = new Int32Array(SIZE).fill(-1);
  private readonly views: Uint8Array[] = new Array<Uint8Array>(SIZE).fill(NONE);
  private generation = -1;
  private epoch = -1;

  constructor(
    private readonly mmu: Mmu,
    private readonly memory: HostPages,
  ) {}

  /** The buffer of the page holding `linear` for this kind of access, or undefined (take the slow path). */
  view(linear: number, write: boolean, user: boolean): Uint8Array | undefined {
    if (this.mmu.generation !== this.generation || this.memory.viewEpoch !== this.epoch) this.flush();
    const key = ((linear >>> 12) << 2) | (write ? 2 : 0) | (user ? 1 : 0);
    const slot = (key ^ (key >>> 12)) & (SIZE - 1);
    if (this.keys[slot] === key) return this.views[slot];
    const physical = this.mmu.cached(linear, write, user);
    if (physical < 0) return undefined;
    const view = this.memory.hostPage(physical >>> 12, write);
    if (view === undefined) return undefined;
    this.keys[slot] = key;
    this.views[slot] = view;
    return view;
  }

  private flush(): void {
    this.keys.fill(-1);
    this.views.fill(NONE);
    this.generation = this.mmu.generation;
    this.epoch = this.memory.viewEpoch;
  }
}
