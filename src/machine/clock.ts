// Virtual time. The unit is one instruction slot: `now` counts retired instructions plus the
// slots a halted CPU skips while it waits for an event. Seconds exist only through the fixed
// nominal rate, so a guest sees the same timings, output and instruction count on every run.
//
// Contract with the CPU: it runs while `now < stopAt`, adding one to `now` per instruction
// (or the size of a batch that touched no device), and keeps `now` exact whenever it touches
// an I/O port or MMIO. `stopAt` is lowered when an earlier event is scheduled or when
// something needs the run loop's attention (an interrupt was raised, an exit was requested).

/** Default nominal rate: 100 million instructions per virtual second. */
export const DEFAULT_INSTRUCTIONS_PER_SECOND = 100_000_000;

/** `floor(n * mul / div)` without losing integer precision for n up to 2^53 (mul * div < 2^53). */
export function scaleFloor(n: number, mul: number, div: number): number {
  const q = Math.floor(n / div);
  const r = n - q * div;
  return q * mul + Math.floor((r * mul) / div);
}

/** `ceil(n * mul / div)`, with the same precision guarantee as scaleFloor. */
export function scaleCeil(n: number, mul: number, div: number): number {
  const q = Math.floor(n / div);
  const r = n - q * div;
  return q * mul + Math.ceil((r * mul) / div);
}

/** A device's event; at most one pending deadline at a time. */
export class Timer {
  /** Virtual time at which the callback runs, or Infinity when idle. */
  deadline = Infinity;

  constructor(
    private readonly clock: Clock,
    readonly name: string,
    readonly callback: (deadline: number) => void,
  ) {}

  /** Sets the deadline (a time in the past fires on the next `fireDue`). */
  schedule(at: number): void {
    this.deadline = at;
    this.clock.timersChanged();
  }

  cancel(): void {
    if (this.deadline === Infinity) return;
    this.deadline = Infinity;
    this.clock.timersChanged();
  }
}

export interface ClockSnapshot {
  readonly now: number;
  readonly deadlines: readonly number[];
}

export class Clock {
  /** Instruction slots since power-on. */
  now = 0;
  /** The CPU runs while `now < stopAt`. */
  stopAt = Infinity;
  /** Earliest timer deadline. */
  nextEventAt = Infinity;

  private readonly timers: Timer[] = [];
  private limit = Infinity;
  private stopRequested = false;

  constructor(readonly instructionsPerSecond = DEFAULT_INSTRUCTIONS_PER_SECOND) {}

  /** Timers are created once, at board construction, so their order is fixed (ties fire in it). */
  createTimer(name: string, callback: (deadline: number) => void): Timer {
    const timer = new Timer(this, name, callback);
    this.timers.push(timer);
    return timer;
  }

  untilNextEvent(): number {
    return Math.max(0, this.nextEventAt - this.now);
  }

  /** Sets the run limit for the next slice: the CPU stops at it or at the next event. */
  setLimit(limit: number): void {
    this.limit = limit;
    this.stopRequested = false;
    this.stopAt = Math.min(limit, this.nextEventAt);
  }

  /** Makes the CPU leave its loop after the current instruction. */
  requestStop(): void {
    this.stopRequested = true;
    this.stopAt = 0;
  }

  /** Runs every timer whose deadline has come, earliest first, ties in creation order. */
  fireDue(): void {
    for (;;) {
      let due: Timer | undefined;
      for (const t of this.timers) if (t.deadline <= this.now && (due === undefined || t.deadline < due.deadline)) due = t;
      if (due === undefined) return;
      const deadline = due.deadline;
      due.deadline = Infinity;
      this.timersChanged();
      due.callback(deadline);
    }
  }

  /** A halted CPU skips straight to the end of the slice. */
  idle(): void {
    if (this.stopAt !== Infinity && this.stopAt > this.now) this.now = this.stopAt;
  }

  /** Converts instruction slots to whole ticks of a `hz` clock. */
  ticksAt(time: number, hz: number): number {
    return scaleFloor(time, hz, this.instructionsPerSecond);
  }

  /** The first instruction slot at which `ticks` ticks of a `hz` clock have elapsed. */
  timeOfTicks(ticks: number, hz: number): number {
    return scaleCeil(ticks, this.instructionsPerSecond, hz);
  }

  timersChanged(): void {
    let next = Infinity;
    for (const t of this.timers) if (t.deadline < next) next = t.deadline;
    this.nextEventAt = next;
    this.stopAt = this.stopRequested ? 0 : Math.min(this.limit, next);
  }

  snapshot(): ClockSnapshot {
    return { now: this.now, deadlines: this.timers.map((t) => t.deadline) };
  }

  restore(s: ClockSnapshot): void {
    this.now = s.now;
    s.deadlines.forEach((d, i) => (this.timers[i].deadline = d));
    this.limit = Infinity;
    this.stopRequested = false;
    this.timersChanged();
  }
}
