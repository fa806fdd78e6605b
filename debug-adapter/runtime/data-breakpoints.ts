// Data breakpoints: a size in bytes at a guest-linear or guest-physical address, stopping on
// writes, reads or both (DAP's `write`, `read`, `readWrite`), before the next instruction, when
// their condition and hit condition (hit-rules.ts, as for code breakpoints) say so.
//
// Guest-linear breakpoints follow the linear address, as DR0-DR3 do: they are matched through
// the CPU's data-access watch (DebugRegisters.setWatch), which hears of every data read and write
// an instruction makes, by linear address, before it is made. So one can be set where nothing is
// mapped yet, a later change of the mapping is followed, and an access to the same bytes
// through another linear address (an alias) is not theirs.
//
// Guest-physical breakpoints catch every alias: writes come through the memory's write-watches
// (a watched page sends its writes here, whoever makes them: an instruction through any linear
// address, the MMU setting accessed/dirty bits, a device), reads through the CPU's watch,
// translated through the current page tables.
//
// A read-modify-write instruction (`inc dword [x]`, `add [x], eax`, `xchg`) both reads and writes
// (read-modify-write.ts). Instruction fetches and the debugger's own accesses are not data
// accesses. What the CPU's watch reports is tentative: if the instruction then faults, the access
// never happened (the observer drops it, and the restarted instruction reports it again).

import type { Cpu } from '../../src/machine/cpu/cpu';
import type { DataAccessWatch } from '../../src/machine/cpu/debug-registers';
import type { GuestMemory } from '../../src/machine/memory/guest-memory';
import type { WriteWatcher } from '../../src/machine/memory/write-watch';
import { hex8 } from './format';
import type { GuestMemoryView, Space } from './guest-memory';
import { compileRules, HitRules, HitRuleSpec } from './hit-rules';
import { isReadModifyWrite } from './read-modify-write';

export type DataAccess = 'read' | 'write' | 'readWrite';

export const DATA_ACCESS_TYPES: readonly DataAccess[] = ['write', 'read', 'readWrite'];

export interface DataBreakpointSpec extends Omit<HitRuleSpec, 'logMessage'> {
  space: Space;
  address: number;
  size: number;
  /** Which accesses stop (default: write). */
  access?: DataAccess;
}

export interface DataBreakpoint extends HitRules {
  space: Space;
  address: number;
  size: number;
  access: DataAccess;
  verified: boolean;
  message?: string;
}

/** A data access that reached breakpoints; `tentative` when a fault in its instruction cancels it. */
export interface DataHit {
  breakpoints: DataBreakpoint[];
  /** What happened to the bytes, and where. */
  what: 'read' | 'written' | 'read and written';
  detail: string;
  tentative: boolean;
}

const MAX_SIZE = 0x1000;
let nextId = 100_000;

const reads = (bp: DataBreakpoint) => bp.access !== 'write';
const writes = (bp: DataBreakpoint) => bp.access !== 'read';
const overlaps = (start: number, end: number, bp: DataBreakpoint) => start < bp.address + bp.size && end > bp.address;

export class DataBreakpoints implements DataAccessWatch {
  private list: DataBreakpoint[] = [];
  /** The verified breakpoints the CPU's watch serves: every linear one, and the physical ones that read. */
  private watched: DataBreakpoint[] = [];
  private readonly watcher: WriteWatcher;
  private quiet = false;

  constructor(
    memory: GuestMemory,
    private readonly view: GuestMemoryView,
    private readonly cpu: Cpu,
    private readonly onHit: (hit: DataHit) => void,
  ) {
    this.watcher = memory.createWatcher((address, size) => this.written(address, size));
  }

  all(): readonly DataBreakpoint[] {
    return this.list;
  }

  set(specs: DataBreakpointSpec[]): DataBreakpoint[] {
    this.list = specs.map((spec) => {
      const bp: DataBreakpoint = {
        space: spec.space, address: spec.address >>> 0, size: spec.size, access: spec.access ?? 'write', id: nextId++, verified: false, hits: 0,
      };
      if (!Number.isInteger(spec.size) || spec.size < 1 || spec.size > MAX_SIZE) bp.message = `the size must be 1 to ${MAX_SIZE} bytes`;
      else if (!DATA_ACCESS_TYPES.includes(bp.access)) bp.message = `unknown access type '${String(bp.access)}': use ${DATA_ACCESS_TYPES.join(', ')}`;
      else bp.message = compileRules(bp, spec);
      bp.verified = bp.message === undefined;
      return bp;
    });
    this.watched = this.list.filter((bp) => bp.verified && (bp.space === 'linear' || reads(bp)));
    this.cpu.debug.setWatch(this.watched.length > 0 ? this : undefined);
    this.reapply();
    return this.list;
  }

  /** Watches the physical pages again (a snapshot restore brings back the watches of its time). */
  reapply(): void {
    this.watcher.clear();
    for (const bp of this.list) {
      if (!bp.verified || bp.space !== 'physical' || !writes(bp)) continue;
      for (let p = bp.address >>> 12; p <= (bp.address + bp.size - 1) >>> 12; p++) this.watcher.watch(p);
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

  /** The CPU's data-access watch: linear breakpoints, and reads for physical ones. */
  access(linear: number, size: number, write: boolean): void {
    if (this.quiet) return;
    let hit: DataBreakpoint[] | undefined;
    let rmw: boolean | undefined;
    let physical: [number, number][] | undefined;
    const end = linear + size;
    for (const bp of this.watched) {
      // a write is also a read when its instruction read the bytes first
      const read = !write || (reads(bp) && (rmw ??= isReadModifyWrite(this.cpu, linear)));
      if (bp.space === 'linear') {
        if (!overlaps(linear, end, bp) || !((read && reads(bp)) || (write && writes(bp)))) continue;
      } else {
        // physical writes come through the page watches; here only reads
        if (!read) continue;
        physical ??= this.physicalRanges(linear, size);
        if (!physical.some(([s, e]) => overlaps(s, e, bp))) continue;
      }
      (hit ??= []).push(bp);
    }
    if (hit === undefined) return;
    const what = !write ? 'read' : rmw === true ? 'read and written' : 'written';
    this.onHit({ breakpoints: hit, what, detail: `${size} byte(s) at linear ${hex8(linear)}`, tentative: true });
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
    const hit = this.list.filter((bp) => bp.verified && bp.space === 'physical' && writes(bp) && overlaps(address, address + size, bp));
    if (hit.length > 0) this.onHit({ breakpoints: hit, what: 'written', detail: `${size} byte(s) at physical ${hex8(address)}`, tentative: false });
  }
}
