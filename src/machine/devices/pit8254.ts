// The Intel 8254 programmable interval timer at 0x40-0x43, clocked at 1.193182 MHz of virtual
// time. Counters are not ticked: each remembers when it started counting and from what count,
// and its count and OUT are computed from the clock when read. Channel 0 schedules a clock
// event for each rising edge of OUT, which is wired to IRQ0.
//
// All six modes count as the datasheet says, with the gate: channels 0 and 1 have it tied high
// (so the gate-triggered modes 1 and 5 never start on them), channel 2's comes from port 0x61.
// A count written while mode 2 or 3 is counting takes effect at the end of the current period.
// Simplifications: in mode 3 that is the end of the period rather than of the half-cycle, the
// load cycle after a write is not counted, and an odd count in mode 3 reads as the next lower
// even count.

import { Clock, Timer } from '../clock';
import { IoDevice } from '../io-bus';

export const PIT_HZ = 1_193_182;

export interface PitChannelState {
  mode: number;
  bcd: boolean;
  /** 1 = LSB only, 2 = MSB only, 3 = LSB then MSB. */
  access: number;
  /** The count written, in binary (0 stands for 65536, or 10000 in BCD). */
  reload: number;
  gate: boolean;
  /** Clock time counting started, or -1 while the counter is stopped and holds `held`. */
  start: number;
  /** The count at `start` (one-shot modes resume from where the gate stopped them). */
  from: number;
  held: number;
  /** A count written during counting in modes 2 and 3 (binary), or -1. */
  pending: number;
  /** Clock time at which `pending` becomes the count: the end of the period it was written in. */
  switchAt: number;
  /** OUT while stopped. */
  outHeld: boolean;
  /** Mode 0 reached terminal count before the gate stopped it: OUT stays high. */
  reached: boolean;
  /** Access 3: the LSB was written and the MSB is awaited. */
  writeMsbNext: boolean;
  lsbWritten: number;
  readMsbNext: boolean;
  /** Latched count (as read, BCD in BCD mode), or -1. */
  latch: number;
  /** Latched status byte, or -1. */
  status: number;
  /** No count has been loaded since the control word. */
  nullCount: boolean;
}

/** Power-on: the datasheet leaves it undefined; we choose mode 3 not yet counting, OUT high. */
function initialChannel(gate: boolean): PitChannelState {
  return {
    mode: 3, bcd: false, access: 3, reload: 0, gate, start: -1, from: 0, held: 0, pending: -1, switchAt: 0, outHeld: true, reached: false,
    writeMsbNext: false, lsbWritten: 0, readMsbNext: false, latch: -1, status: -1, nullCount: true,
  };
}

/** Modes 6 and 7 are modes 2 and 3. */
function baseMode(mode: number): number {
  return mode > 5 ? mode & 3 : mode;
}

export class Pit8254 implements IoDevice {
  channels = Pit8254.powerOn();
  private readonly timer: Timer;

  /** `irq0` drives the IRQ0 line with channel 0's OUT. */
  constructor(
    private readonly clock: Clock,
    private readonly irq0: (level: boolean) => void,
  ) {
    this.timer = clock.createTimer('pit', (deadline) => this.edge(deadline));
    irq0(true);
  }

  private static powerOn(): PitChannelState[] {
    return [initialChannel(true), initialChannel(true), initialChannel(false)];
  }

  read8(port: number): number {
    if ((port & 3) === 3) return 0xff; // the control word register cannot be read
    const c = this.channels[port & 3];
    if (c.status >= 0) {
      const status = c.status;
      c.status = -1;
      return status;
    }
    const value = c.latch >= 0 ? c.latch : this.readableCount(c);
    const msb = c.access === 2 || (c.access === 3 && c.readMsbNext);
    if (c.access === 3) c.readMsbNext = !c.readMsbNext;
    if (c.latch >= 0 && (c.access !== 3 || !c.readMsbNext)) c.latch = -1;
    return msb ? value >>> 8 : value & 0xff;
  }

  write8(port: number, value: number): void {
    if ((port & 3) === 3) return this.control(value);
    const index = port & 3;
    const c = this.channels[index];
    if (c.access === 1) return this.load(index, value);
    if (c.access === 2) return this.load(index, value << 8);
    if (!c.writeMsbNext) {
      c.writeMsbNext = true;
      c.lsbWritten = value;
      if (c.mode === 0) this.stop(c); // mode 0: the first byte stops the count
      return;
    }
    c.writeMsbNext = false;
    this.load(index, c.lsbWritten | (value << 8));
  }

  /** Channel `index`'s OUT now. */
  out(index: number): boolean {
    const c = this.channels[index];
    this.settle(c);
    if (c.start < 0) return c.outHeld;
    const e = this.elapsed(c);
    const n = this.period(c);
    switch (baseMode(c.mode)) {
      case 0:
      case 1:
        return c.reached || e >= c.from;
      case 2:
        return e % n !== n - 1;
      case 3:
        return e % n < Math.ceil(n / 2);
      default:
        return e !== c.from; // modes 4 and 5: one tick low at terminal count
    }
  }

  /** Drives channel `index`'s GATE input (only channel 2's is wired on a PC). */
  setGate(index: number, level: boolean): void {
    const c = this.channels[index];
    if (c.gate === level) return;
    c.gate = level;
    const mode = baseMode(c.mode);
    if (!level) {
      // Gate low stops modes 0, 2, 3 and 4; in modes 2 and 3 it also forces OUT high.
      if (c.start >= 0 && mode !== 1 && mode !== 5) this.stop(c);
      if (mode === 2 || mode === 3) c.outHeld = true;
    } else if (!c.nullCount) {
      // Gate rising triggers modes 1 and 5 and reloads modes 2 and 3; modes 0 and 4 resume.
      if (mode === 0 || mode === 4) this.resume(c, c.held === 0 ? this.modulus(c) : c.held);
      else this.resume(c, this.period(c));
      c.reached = false;
    }
    if (index === 0) this.scheduleEdge();
  }

  snapshot(): PitChannelState[] {
    return this.channels.map((c) => ({ ...c }));
  }

  /** Restores channel state (the clock restores channel 0's pending edge). */
  restore(state: readonly PitChannelState[]): void {
    this.channels = state.map((c) => ({ ...c }));
  }

  /** Power-on state: nothing counting, every OUT high. */
  reset(): void {
    this.channels = Pit8254.powerOn();
    this.timer.cancel();
    this.irq0(true);
  }

  private control(value: number): void {
    const select = value >> 6;
    if (select === 3) return this.readBack(value);
    const c = this.channels[select];
    const access = (value >> 4) & 3;
    if (access === 0) {
      if (c.latch < 0) c.latch = this.readableCount(c);
      return;
    }
    const mode = (value >> 1) & 7;
    Object.assign(c, initialChannel(c.gate), { mode, bcd: (value & 1) !== 0, access, outHeld: mode !== 0 });
    if (select === 0) {
      this.timer.cancel();
      this.irq0(mode !== 0);
    }
  }

  private readBack(value: number): void {
    for (let index = 0; index < 3; index++) {
      if ((value & (2 << index)) === 0) continue;
      const c = this.channels[index];
      if ((value & 0x20) === 0 && c.latch < 0) c.latch = this.readableCount(c);
      if ((value & 0x10) === 0 && c.status < 0) {
        c.status = (this.out(index) ? 0x80 : 0) | (c.nullCount ? 0x40 : 0) | (c.access << 4) | (baseMode(c.mode) << 1) | (c.bcd ? 1 : 0);
      }
    }
  }

  private load(index: number, raw: number): void {
    const c = this.channels[index];
    const count = c.bcd ? fromBcd(raw) : raw;
    const mode = baseMode(c.mode);
    this.settle(c);
    if ((mode === 2 || mode === 3) && c.start >= 0) {
      // Counting: the new count waits for the end of the current period.
      const n = this.period(c);
      c.pending = count;
      c.switchAt = c.start + this.clock.timeOfTicks((Math.floor(this.elapsed(c) / n) + 1) * n, PIT_HZ);
      return;
    }
    c.reload = count;
    c.nullCount = false;
    c.reached = false;
    if (mode === 1 || mode === 5) {
      c.held = c.reload; // armed: waits for a gate trigger
    } else if (c.gate) {
      this.resume(c, this.period(c));
    } else {
      c.start = -1;
      c.held = c.reload;
    }
    if (index !== 0) return;
    if (mode === 0) this.irq0(false);
    this.scheduleEdge();
  }

  private resume(c: PitChannelState, from: number): void {
    c.start = this.clock.now;
    c.from = from;
  }

  /** Applies a pending count whose period has ended. */
  private settle(c: PitChannelState): void {
    if (c.pending < 0 || this.clock.now < c.switchAt) return;
    c.reload = c.pending;
    c.pending = -1;
    c.start = c.switchAt;
    c.from = this.period(c);
  }

  private stop(c: PitChannelState): void {
    this.settle(c);
    if (c.pending >= 0) {
      c.reload = c.pending; // the new count is in the count register: a gate trigger loads it
      c.pending = -1;
    }
    if (c.start < 0) return;
    const out = this.out(this.channels.indexOf(c));
    c.held = this.count(c);
    c.reached = baseMode(c.mode) === 0 && out;
    c.outHeld = out;
    c.start = -1;
    if (c === this.channels[0]) this.timer.cancel();
  }

  /** Schedules channel 0's next rising edge of OUT, if it has one. */
  private scheduleEdge(): void {
    const c = this.channels[0];
    if (c.start < 0) return this.timer.cancel();
    const n = this.period(c);
    const e = this.elapsed(c);
    let edge = -1;
    switch (baseMode(c.mode)) {
      case 0:
      case 1:
        if (!c.reached && e < c.from) edge = c.from;
        break;
      case 4:
      case 5:
        if (e <= c.from) edge = c.from + 1;
        break;
      default:
        edge = (Math.floor(e / n) + 1) * n;
    }
    if (edge < 0) this.timer.cancel();
    else this.timer.schedule(c.start + this.clock.timeOfTicks(edge, PIT_HZ));
  }

  private edge(deadline: number): void {
    const c = this.channels[0];
    this.settle(c);
    const mode = baseMode(c.mode);
    if (mode === 0 || mode === 1) this.irq0(true);
    else {
      this.irq0(false);
      this.irq0(true);
    }
    if (mode === 2 || mode === 3) {
      // Periodic: the next edge is a whole period after this one.
      const e = this.clock.ticksAt(deadline - c.start, PIT_HZ);
      this.timer.schedule(c.start + this.clock.timeOfTicks(e + this.period(c), PIT_HZ));
    }
  }

  private modulus(c: PitChannelState): number {
    return c.bcd ? 10000 : 0x10000;
  }

  private period(c: PitChannelState): number {
    return c.reload === 0 ? this.modulus(c) : c.reload;
  }

  private elapsed(c: PitChannelState): number {
    return this.clock.ticksAt(this.clock.now - c.start, PIT_HZ);
  }

  /** The counting element now, in binary. */
  private count(c: PitChannelState): number {
    this.settle(c);
    if (c.start < 0) return c.held;
    const n = this.period(c);
    const e = this.elapsed(c);
    const m = this.modulus(c);
    switch (baseMode(c.mode)) {
      case 2:
        return (n - (e % n)) % m;
      case 3: {
        const high = Math.ceil(n / 2);
        const phase = e % n;
        return ((n & ~1) - 2 * (phase < high ? phase : phase - high)) % m;
      }
      default:
        return (((c.from - e) % m) + m) % m;
    }
  }

  private readableCount(c: PitChannelState): number {
    const value = this.count(c);
    return c.bcd ? toBcd(value) : value;
  }
}

function fromBcd(raw: number): number {
  let value = 0;
  for (let shift = 12; shift >= 0; shift -= 4) value = value * 10 + Math.min((raw >> shift) & 15, 9);
  return value;
}

function toBcd(value: number): number {
  let raw = 0;
  for (let shift = 0; shift < 16; shift += 4, value = Math.floor(value / 10)) raw |= (value % 10) << shift;
  return raw;
}
