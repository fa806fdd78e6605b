// Checkpoints for going backwards: machine snapshots at instruction counts, kept within a memory
// budget. A snapshot shares unchanged pages with the live memory and with the next snapshot (copy
// on write), so what a checkpoint costs is the page versions only it keeps alive: those the next
// checkpoint no longer has. When the budget is exceeded, every other checkpoint is dropped (the
// history thins out instead of being cut off), keeping the first and the last.

import type { Pc, PcSnapshot } from '../../src/machine/pc';

export interface Checkpoint {
  /** cpu.instructions when it was taken. */
  count: number;
  snapshot: PcSnapshot;
  bytes: number;
  /** The code breakpoints' hit counts then, by breakpoint id (hit conditions count along the run). */
  breakpointHits?: ReadonlyMap<number, number>;
  /** Whether those counts include the breakpoints at this very place (the run stopped on them). */
  countedHere?: boolean;
}

const PAGE = 4096;
const FIXED_COST = 4096; // registers, devices, page lists

export class History {
  private checkpoints: Checkpoint[] = [];
  private bytes = 0;

  constructor(private readonly budgetBytes: number) {}

  get size(): number {
    return this.checkpoints.length;
  }

  get usedBytes(): number {
    return this.bytes;
  }

  get earliest(): number | undefined {
    return this.checkpoints[0]?.count;
  }

  /** Takes a checkpoint at `count` unless there is one at or after it already; returns the new one. */
  take(pc: Pc, count: number, breakpointHits?: ReadonlyMap<number, number>, countedHere = false): Checkpoint | undefined {
    const last = this.checkpoints[this.checkpoints.length - 1];
    if (last !== undefined && last.count >= count) return undefined;
    const cp: Checkpoint = { count, snapshot: pc.snapshot(), bytes: FIXED_COST, breakpointHits, countedHere };
    if (last !== undefined) {
      this.bytes -= last.bytes;
      last.bytes = cost(last, cp);
      this.bytes += last.bytes;
    }
    this.checkpoints.push(cp);
    this.bytes += cp.bytes;
    while (this.bytes > this.budgetBytes && this.checkpoints.length > 2) this.thin();
    return cp;
  }

  /** The latest checkpoint at or before `count`. */
  atOrBefore(count: number): Checkpoint | undefined {
    for (let i = this.checkpoints.length - 1; i >= 0; i--) if (this.checkpoints[i].count <= count) return this.checkpoints[i];
    return undefined;
  }

  /** The checkpoint just before `cp` (for searching backwards). */
  before(cp: Checkpoint): Checkpoint | undefined {
    const i = this.checkpoints.indexOf(cp);
    return i > 0 ? this.checkpoints[i - 1] : undefined;
  }

  /** Forgets the future after `count` (the user changed the machine, or went back). */
  dropAfter(count: number): void {
    let dropped = false;
    while (this.checkpoints.length > 0 && this.checkpoints[this.checkpoints.length - 1].count > count) {
      this.bytes -= this.checkpoints.pop()!.bytes;
      dropped = true;
    }
    const last = this.checkpoints[this.checkpoints.length - 1];
    if (dropped && last !== undefined) {
      this.bytes += FIXED_COST - last.bytes; // the last one shares its pages with the live memory
      last.bytes = FIXED_COST;
    }
  }

  clear(): void {
    this.checkpoints = [];
    this.bytes = 0;
  }

  private thin(): void {
    const n = this.checkpoints.length;
    this.checkpoints = this.checkpoints.filter((_, i) => i === 0 || i % 2 === 1 || i === n - 1);
    this.bytes = 0;
    this.checkpoints.forEach((cp, i) => {
      const next = this.checkpoints[i + 1];
      cp.bytes = next === undefined ? FIXED_COST : cost(cp, next);
      this.bytes += cp.bytes;
    });
  }
}

/** The page versions `cp` holds that `next` does not (kept alive only by `cp`). */
function cost(cp: Checkpoint, next: Checkpoint): number {
  const later = new Set(next.snapshot.memory.buffers);
  let only = 0;
  for (const b of cp.snapshot.memory.buffers) if (!later.has(b)) only++;
  return only * PAGE + FIXED_COST;
}
