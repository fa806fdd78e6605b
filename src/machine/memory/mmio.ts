// Memory-mapped device hooks.

/** A device that answers physical accesses to a page-aligned range. */
export interface MmioDevice {
  /** `offset` is relative to the region's base; `size` is 1, 2 or 4 and the access lies inside the region. */
  read(offset: number, size: number): number;
  write(offset: number, size: number, value: number): void;
}

export interface MmioRegion {
  readonly base: number;
  readonly length: number;
  readonly device: MmioDevice;
}
