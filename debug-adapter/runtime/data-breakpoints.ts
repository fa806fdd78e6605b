// Data breakpoints: a size in bytes at a guest-linear or guest-physical address, stopping on
// writes, reads or both (DAP's `write`, `read`, `readWrite`), before the next instruction.
//
// Writes are caught at the physical level through the memory's write-watches: a watched page
// sends its writes here, whoever makes them (an instruction through any alias, the MMU setting
// accessed/dirty bits, a device). A guest-linear breakpoint is translated to physical when it is
// set (a later change of the mapping is not followed for writes), so it must be mapped then.
//
// Reads are caught through the CPU's data-access watch (DebugRegisters.setWatch), installed only
// while a breakpoint wants reads: every data read an instruction makes is checked, by linear
// address for linear breakpoints (as DR0-DR3 do) and through the current page tables for
// physical ones. Instruction fetches and the debugger's own reads are not data reads; a
// read-modify-write instruction counts as a write. A read in an instruction that then faults
// never happened (the observer drops it).

import type { DataAccessWatch, DebugRegisters } from '../../src/machine/cpu/debug-registers';
import type { GuestMemory } from '../../src/machine/memory/guest-memory';
import type { WriteWatcher } from '../../src/machine/memory/write-watch';
import { hex8 } from './format';
import type { GuestMemoryView, Space } from './guest-memory';
import type { StopInfo } from './observer';

export type DataAccess = 'read' | 'write' | 'readWrite';

export const DATA_ACCESS_TYPES: readonly DataAccess[] = ['write', 'read', 'readWrite'];

export interface DataBreakpointSpec {
  space: Space;
  address: number;
  size: number;
  /** Which accesses stop (default: write). */
  access?: DataAccess;
}

export interface DataBreakpoint extends DataBreakpointSpec {
  id: number;
  access: DataAccess;
  verified: boolean;
  message?: string;
  /** Physical byte ranges [start, end) it covers (a linear range can span pages). */
  ranges: [number, number][];
}

const MAX_SIZE = 0x1000;
let nextId = 100_000;

const reads = (bp: DataBreakpoint) => bp.verified && bp.access !== 'write';
const writes = (bp: DataBreakpoint) => bp.verified && bp.access !== 'read';

export class DataBreakpoints implements DataAccessWatch {
  private list: DataBreakpoint[] = [];
  /** The verified breakpoints that stop on reads (the CPU's watch is installed while there are any). */
  private readers: DataBreakpoint[] = [];
  private readonly watcher: WriteWatcher;
  private quiet = false;

  constructor(
    memory: GuestMemory,
    private readonly view: GuestMemoryView,
    private readonly debug: DebugRegisters,
    /** A hit: `read` is true for a read, which a fault in the same instruction cancels. */
    private readonly onHit: (stop: StopInfo, read: boolean) => void,
  ) {
    this.watcher = memory.createWatcher((address, size) => this.written(address, size));
  }

  set(specs: DataBreakpointSpec[]): DataBreakpoint[] {
    this.list = specs.map((spec) => {
      const bp: DataBreakpoint = { ...spec, access: spec.access ?? 'write', id: nextId++, verified: false, ranges: [] };
      if (!Number.isInteger(spec.size) || spec.size < 1 || spec.size > MAX_SIZE) {
        bp.message = `the size must be 1 to ${MAX_SIZE} bytes`;
        return bp;
      }
      if (!DATA_ACCESS_TYPES.includes(bp.access)) {
        bp.message = `unknown access type '${String(bp.access)}': use ${DATA_ACCESS_TYPES.join(', ')}`;
        return bp;
      }
      for (let done = 0; done < spec.size;) {
        const a = (spec.address + done) >>> 0;
        const n = Math.min(0x1000 - (a & 0xfff), spec.size - done);
        const p = spec.space === 'physical' ? a : this.view.physical(a);
        if (p !== undefined) bp.ranges.push([p, p + n]);
        else if (bp.access !== 'read') {
          // reads are matched by linear address; writes need the physical page to watch
          bp.message = `${hex8(a)} is not mapped: a write breakpoint on it needs a mapped page (a read breakpoint does not)`;
          return bp;
        }
        done += n;
      }
      bp.verified = true;
      return bp;
    });
    this.readers = this.list.filter(reads);
    this.debug.setWatch(this.readers.length > 0 ? this : undefined);
    this.reapply();
    return this.list;
  }

  /** Watches the pages again (a snapshot restore brings back the watches of its time). */
  reapply(): void {
    this.watcher.clear();
    for (const bp of this.list) {
      if (!writes(bp)) continue;
      for (const [start, end] of bp.ranges) for (let p = start >>> 12; p <= (end - 1) >>> 12; p++) this.watcher.watch(p);
    }
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

  /** The CPU's data-access watch: reads only (writes come through the page watches). */
  access(linear: number, size: number, write: boolean): void {
    if (write || this.quiet) return;
    let hit: DataBreakpoint[] | undefined;
    let physical: [number, number][] | undefined;
    for (const bp of this.readers) {
      let overlaps: boolean;
      if (bp.space === 'linear') overlaps = linear < bp.address + bp.size && linear + size > bp.address;
      else {
        physical ??= this.physicalRanges(linear, size);
        overlaps = physical.some(([s, e]) => bp.ranges.some(([bs, be]) => s < be && e > bs));
      }
      if (overlaps) (hit ??= []).push(bp);
    }
    if (hit !== undefined) this.report(hit, 'read', `${size} byte(s) at linear ${hex8(linear)}`, true);
  }

  /** Where a linear access lands physically, page by page (unmapped parts left out: it will fault). */
  private physicalRanges(linear: number, size: number): [number, number][] {
    const out: [number, number][] = [];
    for (let done = 0; done < size;) {
      const a = (linear + done) >>> 0;
      const n = Math.min(0x1000 - (a & 0xfff), size - done);
      const p = this.view.physical(a);
      if (p !== undefined) out.push([p, p + n]);
      done += n;
    }
    return out;
  }

  private written(address: number, size: number): void {
    if (this.quiet) return;
    const end = address + size;
    const hit = this.list.filter((bp) => writes(bp) && bp.ranges.some(([s, e]) => address < e && end > s));
    if (hit.length > 0) this.report(hit, 'written', `${size} byte(s) at physical ${hex8(address)}`, false);
  }

  private report(hit: DataBreakpoint[], what: 'read' | 'written', detail: string, read: boolean): void {
    const bp = hit[0];
    this.onHit(
      {
        reason: 'data breakpoint',
        description: `Data breakpoint: ${bp.size} byte(s) at ${bp.space} ${hex8(bp.address)} ${what} (${detail})`,
        text: `${what === 'read' ? 'Read' : 'Write'} of ${hex8(bp.address)}`,
        breakpointIds: hit.map((b) => b.id),
      },
      read,
    );
  }
}
