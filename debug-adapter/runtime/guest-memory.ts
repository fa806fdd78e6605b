// Guest memory as the debugger sees it: guest-linear addresses through the current page tables
// (without touching accessed/dirty bits or the TLB) and guest-physical addresses. Unmapped
// linear pages are unreadable, never zeros.

import type { Cpu } from '../../src/machine/cpu/cpu';
import type { GuestMemory } from '../../src/machine/memory/guest-memory';
import { EvalError } from './expressions';

export type Space = 'linear' | 'physical';

export interface ReadResult {
  /** The readable bytes from the start address. */
  data: Uint8Array;
  /** Bytes after them that could not be read (an unmapped page). */
  unreadable: number;
}

export class GuestMemoryView {
  constructor(
    private readonly cpu: Cpu,
    private readonly memory: GuestMemory,
  ) {}

  /** The physical address of a linear one, or undefined when no page maps it. */
  physical(linear: number): number | undefined {
    return this.cpu.mmu.probe(linear >>> 0)?.physical;
  }

  read(space: Space, address: number, count: number): ReadResult {
    if (space === 'physical') return { data: this.memory.peek(address >>> 0, count), unreadable: 0 };
    const parts: Uint8Array[] = [];
    let done = 0;
    while (done < count) {
      const a = (address + done) >>> 0;
      const n = Math.min(0x1000 - (a & 0xfff), count - done);
      const p = this.physical(a);
      if (p === undefined) return { data: concat(parts, done), unreadable: count - done };
      parts.push(this.memory.peek(p, n));
      done += n;
    }
    return { data: concat(parts, done), unreadable: 0 };
  }

  /** Writes bytes; returns how many were written (up to the first unmapped page or non-RAM byte). */
  write(space: Space, address: number, bytes: Uint8Array): number {
    if (space === 'physical') return this.memory.poke(address >>> 0, bytes);
    let done = 0;
    while (done < bytes.length) {
      const a = (address + done) >>> 0;
      const n = Math.min(0x1000 - (a & 0xfff), bytes.length - done);
      const p = this.physical(a);
      if (p === undefined) break;
      const w = this.memory.poke(p, bytes.subarray(done, done + n));
      done += w;
      if (w < n) break;
    }
    return done;
  }

  /** A little-endian value at a linear address, for expressions. */
  readValue(linear: number, size: 1 | 2 | 4): number {
    const r = this.read('linear', linear, size);
    if (r.unreadable > 0) throw new EvalError(`cannot read ${size} byte(s) at 0x${(linear >>> 0).toString(16).padStart(8, '0')}: not mapped`);
    let v = 0;
    for (let i = size - 1; i >= 0; i--) v = v * 256 + r.data[i];
    return v;
  }
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
