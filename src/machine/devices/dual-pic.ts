// The PC/AT interrupt controller: a master 8259A at 0x20-0x21 and a slave at 0xA0-0xA1 whose
// INT output drives the master's IR2. IRQ 0-7 reach the master, IRQ 8-15 the slave; IRQ 2 on
// the ISA bus is wired to IRQ 9, as on the AT.

import { IoDevice } from '../io-bus';
import { PicState, Pic8259 } from './pic8259';

/** What the CPU consumes: the INTR line and the INTA cycle. */
export interface InterruptController {
  /** INTR is asserted (the CPU takes it when EFLAGS.IF allows). */
  hasInterrupt(): boolean;
  /** Runs the INTA cycle and returns the vector (a spurious request gives IRQ 7's or 15's vector). */
  acknowledge(): number;
}

export interface DualPicState {
  readonly master: PicState;
  readonly slave: PicState;
}

export class DualPic implements InterruptController, IoDevice {
  readonly master = new Pic8259(true);
  readonly slave = new Pic8259(false);
  private asserted = false;

  /** `onAssert` runs when INTR goes from low to high (the run loop uses it to stop the CPU's slice). */
  constructor(private readonly onAssert: () => void = () => {}) {}

  setIrq(irq: number, level: boolean): void {
    if (irq === 2) irq = 9;
    if (irq < 8) this.master.setLine(irq, level);
    else this.slave.setLine(irq - 8, level);
    this.update();
  }

  /** A rising then falling edge, for sources that signal an event rather than hold a level. */
  pulseIrq(irq: number): void {
    this.setIrq(irq, false);
    this.setIrq(irq, true);
  }

  /** INTR, as last computed: every change of either chip's state goes through update(). */
  hasInterrupt(): boolean {
    return this.asserted;
  }

  acknowledge(): number {
    const irq = this.master.acknowledge();
    let vector: number;
    if (this.master.isCascade(irq)) {
      vector = this.slave.s.vectorBase + this.slave.acknowledge();
    } else {
      vector = this.master.s.vectorBase + irq;
    }
    this.update();
    return vector;
  }

  read8(port: number): number {
    const chip = (port & 0x80) !== 0 ? this.slave : this.master;
    const value = chip.read(port & 1);
    this.update();
    return value;
  }

  write8(port: number, value: number): void {
    const chip = (port & 0x80) !== 0 ? this.slave : this.master;
    chip.write(port & 1, value);
    this.update();
  }

  snapshot(): DualPicState {
    return { master: { ...this.master.s }, slave: { ...this.slave.s } };
  }

  restore(state: DualPicState): void {
    this.master.s = { ...state.master };
    this.slave.s = { ...state.slave };
    this.asserted = this.master.pending() >= 0;
  }

  /** Propagates the slave's INT to the master's cascade inputs and reports a newly asserted INTR. */
  private update(): void {
    const slaveInt = this.slave.pending() >= 0;
    for (let irq = 0; irq < 8; irq++) if (this.master.isCascade(irq)) this.master.setCascadeInput(irq, slaveInt);
    const now = this.master.pending() >= 0;
    if (now && !this.asserted) this.onAssert();
    this.asserted = now;
  }
}
