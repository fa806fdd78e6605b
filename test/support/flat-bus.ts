// A plain little-endian RAM for CPU unit tests that do not need the PC's devices.

import { PhysicalBus } from '../../src/machine/cpu/access';

export class FlatBus implements PhysicalBus {
  readonly bytes: Uint8Array;
  private readonly view: DataView;

  constructor(size = 1 << 20) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }

  read8(a: number): number { return this.bytes[a]; }
  read16(a: number): number { return this.view.getUint16(a, true); }
  read32(a: number): number { return this.view.getUint32(a, true); }
  write8(a: number, v: number): void { this.bytes[a] = v; }
  write16(a: number, v: number): void { this.view.setUint16(a, v, true); }
  write32(a: number, v: number): void { this.view.setUint32(a, v >>> 0, true); }

  // The host TLB may use any page: the bytes never move and nothing watches them.
  readonly viewEpoch = 0;
  hostPage(page: number): Uint8Array | undefined {
    return (page + 1) << 12 <= this.bytes.length ? this.bytes.subarray(page << 12, (page + 1) << 12) : undefined;
  }
}

/** Encodes a code/data/system segment descriptor: [low dword, high dword]. */
export function segmentDescriptor(base: number, limit: number, access: number, flags = 0): [number, number] {
  const lo = ((base & 0xffff) << 16) | (limit & 0xffff);
  const hi = (base & 0xff000000) | ((flags & 0xf) << 20) | (limit & 0xf0000) | ((access & 0xff) << 8) | ((base >>> 16) & 0xff);
  return [lo >>> 0, hi >>> 0];
}

/** Encodes an interrupt, trap, call or task gate. */
export function gateDescriptor(selector: number, offset: number, access: number): [number, number] {
  return [((selector << 16) | (offset & 0xffff)) >>> 0, ((offset & 0xffff0000) | ((access & 0xff) << 8)) >>> 0];
}
