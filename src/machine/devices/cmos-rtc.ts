// The MC146818 real-time clock and CMOS RAM behind index port 0x70 (bit 7: NMI disable) and
// data port 0x71. The clock starts at a fixed date and advances with virtual seconds, so runs
// are reproducible; registers 0-9 read in BCD or binary and 12- or 24-hour form as register B
// says, register A's UIP bit is set during the last 244 us of each second, and SET in register B
// stops the clock while a guest writes it. The RAM holds the memory sizes BIOSes read
// (0x15-0x18, 0x30-0x31, 0x34-0x35) with the standard checksum at 0x2E-0x2F.
//
// Interrupts (IRQ8): register C's PF and UF flags are derived from the clock (periodic ticks at
// register A's rate, the update at each second boundary since C was last read); AF is checked at
// each second boundary while AIE is on. IRQF and the IRQ line follow (flags & enables) and fall
// when register C is read, so a guest that never reads C gets no further interrupt, as on a PC.
// A clock event is scheduled only for the next moment the line would rise.

import { Clock, Timer } from '../clock';
import { IoDevice } from '../io-bus';
import { civilToSeconds, secondsToCivil } from './civil-time';

/** 2025-01-01 00:00:00, a Wednesday. */
export const DEFAULT_RTC_START = 1_735_689_600;

const REG_A = 0x0a;
const REG_B = 0x0b;
const REG_C = 0x0c;
const REG_D = 0x0d;
const B_SET = 0x80;
/** PIE, AIE and UIE in register B sit at the bit positions of PF, AF and UF in register C. */
const INTERRUPT_BITS = 0x70;
const C_PF = 0x40;
const C_AF = 0x20;
const C_UF = 0x10;
const B_BINARY = 0x04;
const B_24H = 0x02;
const CENTURY = 0x32;

export interface CmosState {
  index: number;
  nmiDisabled: boolean;
  ram: number[];
  /** Guest time at clock 0, in seconds since 1970 (the clock runs from it). */
  base: number;
  /** While SET is on: the frozen time. */
  frozen: number;
  /** Clock time of the last read of register C (flags count from it). */
  lastCRead: number;
  alarmFlag: boolean;
}

export class CmosRtc implements IoDevice {
  s: CmosState;
  private readonly timer: Timer;

  constructor(
    private readonly clock: Clock,
    ramBytes: number,
    private readonly setIrq: (level: boolean) => void,
    start = DEFAULT_RTC_START,
  ) {
    this.timer = clock.createTimer('rtc', (deadline) => this.event(deadline));
    const ram = new Array<number>(128).fill(0);
    ram[REG_A] = 0x26; // 32.768 kHz time base, 1024 Hz rate
    ram[REG_B] = B_24H;
    ram[REG_D] = 0x80; // valid RAM and time
    const kib = Math.floor(ramBytes / 1024);
    const extended = Math.min(Math.max(kib - 1024, 0), 0xffff);
    const above16m = Math.min(Math.max(Math.floor((ramBytes - 16 * 1024 * 1024) / 65536), 0), 0xffff);
    setWord(ram, 0x15, 640);
    setWord(ram, 0x17, extended);
    setWord(ram, 0x30, extended);
    setWord(ram, 0x34, above16m);
    let sum = 0;
    for (let i = 0x10; i <= 0x2d; i++) sum += ram[i];
    ram[0x2e] = (sum >> 8) & 0xff;
    ram[0x2f] = sum & 0xff;
    this.s = { index: 0, nmiDisabled: false, ram, base: start, frozen: start, lastCRead: 0, alarmFlag: false };
  }

  get nmiDisabled(): boolean {
    return this.s.nmiDisabled;
  }

  read8(port: number): number {
    if ((port & 1) === 0) return 0xff; // the index register is write-only
    const s = this.s;
    const r = s.index;
    if (r <= 9 || r === CENTURY) return this.timeRegister(r);
    if (r === REG_A) return s.ram[REG_A] | (this.updateInProgress() ? 0x80 : 0);
    if (r === REG_C) return this.readC();
    return s.ram[r];
  }

  write8(port: number, value: number): void {
    const s = this.s;
    if ((port & 1) === 0) {
      s.index = value & 0x7f;
      s.nmiDisabled = (value & 0x80) !== 0;
      return;
    }
    const r = s.index;
    if (r <= 9 || r === CENTURY) return this.setTimeRegister(r, value);
    if (r === REG_B) {
      const wasSet = (s.ram[REG_B] & B_SET) !== 0;
      const set = (value & B_SET) !== 0;
      if (set && !wasSet) s.frozen = this.seconds();
      s.ram[REG_B] = value;
      if (!set && wasSet) s.base = s.frozen - this.elapsedSeconds();
      return this.update();
    }
    if (r === REG_A) {
      s.ram[REG_A] = value & 0x7f;
      return this.update();
    }
    if (r !== REG_C && r !== REG_D) s.ram[r] = value;
  }

  snapshot(): CmosState {
    return { ...this.s, ram: [...this.s.ram] };
  }

  restore(state: CmosState): void {
    this.s = { ...state, ram: [...state.ram] };
  }

  private readC(): number {
    const s = this.s;
    const flags = this.flags();
    s.lastCRead = this.clock.now;
    s.alarmFlag = false;
    this.update();
    return flags | ((flags & s.ram[REG_B] & INTERRUPT_BITS) !== 0 ? 0x80 : 0);
  }

  /** Register C's PF, AF and UF now. */
  private flags(): number {
    const s = this.s;
    const rate = this.periodicRate();
    const now = this.clock.now;
    let flags = s.alarmFlag ? C_AF : 0;
    if (rate > 0 && this.clock.ticksAt(now, rate) > this.clock.ticksAt(s.lastCRead, rate)) flags |= C_PF;
    if (this.secondsEnded(s.lastCRead) < this.secondsEnded(now) && (s.ram[REG_B] & B_SET) === 0) flags |= C_UF;
    return flags;
  }

  /** Periodic interrupt rate in Hz from register A's rate select (0 = off). */
  private periodicRate(): number {
    const rs = this.s.ram[REG_A] & 0x0f;
    if (rs === 0) return 0;
    return rs <= 2 ? 256 >> (rs - 1) : 32768 >> (rs - 1);
  }

  private secondsEnded(time: number): number {
    return Math.floor(time / this.clock.instructionsPerSecond);
  }

  /** Sets IRQ8 to (flags & enables) and schedules the next moment it would rise. */
  private update(): void {
    const enables = this.s.ram[REG_B] & INTERRUPT_BITS;
    const raised = (this.flags() & enables) !== 0;
    this.setIrq(raised);
    if (raised || enables === 0) return this.timer.cancel();
    const ips = this.clock.instructionsPerSecond;
    const nextSecond = (this.secondsEnded(this.clock.now) + 1) * ips;
    let next = Infinity;
    if ((enables & (C_UF | C_AF)) !== 0) next = nextSecond;
    const rate = this.periodicRate();
    if ((enables & C_PF) !== 0 && rate > 0) next = Math.min(next, this.clock.timeOfTicks(this.clock.ticksAt(this.clock.now, rate) + 1, rate));
    this.timer.schedule(next);
  }

  private event(deadline: number): void {
    const s = this.s;
    if ((s.ram[REG_B] & C_AF) !== 0 && deadline % this.clock.instructionsPerSecond === 0 && this.alarmMatches()) s.alarmFlag = true;
    this.update();
  }

  /** The alarm registers match the time (a value with bits 7-6 set matches anything). */
  private alarmMatches(): boolean {
    return [0, 2, 4].every((r) => {
      const alarm = this.s.ram[r + 1];
      return (alarm & 0xc0) === 0xc0 || alarm === this.timeRegister(r);
    });
  }

  private elapsedSeconds(): number {
    return Math.floor(this.clock.now / this.clock.instructionsPerSecond);
  }

  private seconds(): number {
    return (this.s.ram[REG_B] & B_SET) !== 0 ? this.s.frozen : this.s.base + this.elapsedSeconds();
  }

  private updateInProgress(): boolean {
    if ((this.s.ram[REG_B] & B_SET) !== 0) return false;
    const ips = this.clock.instructionsPerSecond;
    return this.clock.now % ips >= ips - Math.ceil((ips * 244) / 1_000_000);
  }

  private timeRegister(r: number): number {
    const t = secondsToCivil(this.seconds());
    const b = this.s.ram[REG_B];
    switch (r) {
      case 0:
        return this.encode(t.second);
      case 2:
        return this.encode(t.minute);
      case 4: {
        if ((b & B_24H) !== 0) return this.encode(t.hour);
        const h12 = t.hour % 12 === 0 ? 12 : t.hour % 12;
        return this.encode(h12) | (t.hour >= 12 ? 0x80 : 0);
      }
      case 6:
        return t.weekday + 1;
      case 7:
        return this.encode(t.day);
      case 8:
        return this.encode(t.month);
      case 9:
        return this.encode(t.year % 100);
      case CENTURY:
        return this.encode(Math.floor(t.year / 100));
      default:
        return this.s.ram[r]; // alarms
    }
  }

  private setTimeRegister(r: number, raw: number): void {
    const s = this.s;
    if (r === 1 || r === 3 || r === 5) {
      s.ram[r] = raw;
      return;
    }
    const t = secondsToCivil(this.seconds());
    const b = s.ram[REG_B];
    const v = this.decode(r === 4 && (b & B_24H) === 0 ? raw & 0x7f : raw);
    switch (r) {
      case 0:
        t.second = v;
        break;
      case 2:
        t.minute = v;
        break;
      case 4:
        t.hour = (b & B_24H) !== 0 ? v : (v % 12) + ((raw & 0x80) !== 0 ? 12 : 0);
        break;
      case 6:
        return; // the day of week follows from the date
      case 7:
        t.day = v;
        break;
      case 8:
        t.month = v;
        break;
      case 9:
        t.year = Math.floor(t.year / 100) * 100 + v;
        break;
      default:
        t.year = v * 100 + (t.year % 100);
    }
    const seconds = civilToSeconds(t);
    if ((b & B_SET) !== 0) s.frozen = seconds;
    else s.base = seconds - this.elapsedSeconds();
  }

  private encode(v: number): number {
    return (this.s.ram[REG_B] & B_BINARY) !== 0 ? v : ((v / 10) << 4) | v % 10;
  }

  private decode(raw: number): number {
    return (this.s.ram[REG_B] & B_BINARY) !== 0 ? raw : (raw >> 4) * 10 + (raw & 15);
  }
}

function setWord(ram: number[], index: number, value: number): void {
  ram[index] = value & 0xff;
  ram[index + 1] = value >> 8;
}
