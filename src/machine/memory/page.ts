// Page geometry and the per-page flag bits that steer every physical access.

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;
export const PAGE_MASK = PAGE_SIZE - 1;
/** Pages in the 4 GiB physical address space. */
export const PAGE_COUNT = 1 << 20;

export const enum PageKind {
  Unmapped = 0,
  Ram = 1,
  Rom = 2,
  Mmio = 3,
}

export const enum PageFlag {
  KindMask = 3,
  /** A write-watch listener wants to hear of writes to this page. */
  Watched = 4,
  /** The page's buffer is shared with a snapshot: copy it before the first write. */
  Shared = 8,
  /** RAM page with its own buffer, neither watched nor shared: writes may go straight in. */
  Direct = 16,
}
