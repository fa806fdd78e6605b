// Data breakpoints on writes, through the memory's write-watches: a watched physical page sends
// its writes here, and a write that overlaps a breakpoint's bytes stops the run before the next
// instruction. A guest-linear breakpoint is translated to physical when it is set (a later change
// of the mapping is not followed). Reads are not watched, so only `write` is offered.

import type { GuestMemory } from '../../src/machine/memory/guest-memory';
import type { WriteWatcher } from '../../src/machine/memory/write-watch';
import { hex8 } from './format';
import type { GuestMemoryView, Space } from './guest-memory';
import type { StopInfo } from './observer';

export interface DataBreakpointSpec {
  space: Space;
  address: number;
  size: number;
}

export interface DataBreakpoint extends DataBreakpointSpec {
  id: number;
  verified: boolean;
  message?: string;
  /** Physical byte ranges [start, end) it covers (a linear range can span pages). */
  ranges: [number, number][];
}

let nextId = 100_000;

export class DataBreakpoints {
  private list: DataBreakpoint[] = [];
  private readonly watcher: WriteWatcher;
  private quiet = false;

  constructor(
    memory: GuestMemory,
    private readonly view: GuestMemoryView,
    private readonly onHit: (stop: StopInfo) => void,
  ) {
    this.watcher = memory.createWatcher((address, size) => this.written(address, size));
  }

  set(specs: DataBreakpointSpec[]): DataBreakpoint[] {
    this.list = specs.map((spec) => {
      const bp: DataBreakpoint = { ...spec, id: nextId++, verified: false, ranges: [] };
      if (!Number.isInteger(spec.size) || spec.size < 1 || spec.size > 0x1000) {
        bp.message = 'the size must be 1 to 4096 bytes';
        return bp;
      }
      for (let done = 0; done < spec.size;) {
        const a = (spec.address + done) >>> 0;
        const n = Math.min(0x1000 - (a & 0xfff), spec.size - done);
        const p = spec.space === 'physical' ? a : this.view.physical(a);
        if (p === undefined) {
          bp.message = `${hex8(a)} is not mapped`;
          return bp;
        }
        bp.ranges.push([p, p + n]);
        done += n;
      }
      bp.verified = true;
      return bp;
    });
    this.reapply();
    return this.list;
  }

  /** Watches the pages again (a snapshot restore brings back the watches of its time). */
  reapply(): void {
    this.watcher.clear();
    for (const bp of this.list) for (const [start, end] of bp.ranges) for (let p = start >>> 12; p <= (end - 1) >>> 12; p++) this.watcher.watch(p);
  }

  /** Runs `fn` (a debugger write) without breakpoints hearing of it. */
  quietly<T>(fn: () => T): T {
    this.quiet = true;
    try {
      return fn();
    } finally {
      this.quiet = false;
    }
  }

  private written(address: number, size: number): void {
    if (this.quiet) return;
    const end = address + size;
    const hit = this.list.filter((bp) => bp.ranges.some(([s, e]) => address < e && end > s));
    if (hit.length === 0) return;
    const bp = hit[0];
    this.onHit({
      reason: 'data breakpoint',
      description: `Data breakpoint: ${bp.size} byte(s) at ${bp.space} ${hex8(bp.address)} written (${size} byte(s) at physical ${hex8(address)})`,
      breakpointIds: hit.map((b) => b.id),
    });
  }
}
