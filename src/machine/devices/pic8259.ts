// One Intel 8259A programmable interrupt controller, in 8086 mode, as its datasheet describes:
// ICW1-ICW4, OCW1-OCW3, IRR/ISR/IMR, fully nested and special fully nested modes, rotating
// priorities, specific and non-specific EOI, automatic EOI, special mask mode, poll command,
// edge- and level-triggered inputs.
//
// Edge mode: a low-to-high transition latches the IRR bit, which then stays set until the
// request is acknowledged (a guest that keeps IF clear for a long time still gets its timer
// tick, as on the chipset PICs PCs use).

export interface PicState {
  irr: number;
  isr: number;
  imr: number;
  /** Current level of each IR input. */
  lines: number;
  vectorBase: number;
  /** Set by ICW1: a chip never initialised raises nothing. */
  initialised: boolean;
  /** 0 when operating; otherwise the ICW expected next (2, 3 or 4). */
  initStep: number;
  expectIcw4: boolean;
  single: boolean;
  levelTriggered: boolean;
  /** Master: IR inputs with a slave. Slave: its identity. */
  icw3: number;
  autoEoi: boolean;
  rotateOnAutoEoi: boolean;
  specialFullyNested: boolean;
  specialMask: boolean;
  /** The IR with the lowest priority; IR (lowest + 1) & 7 has the highest. */
  lowest: number;
  readIsr: boolean;
  pollPending: boolean;
}

export function initialPicState(): PicState {
  return {
    irr: 0, isr: 0, imr: 0, lines: 0, vectorBase: 0, initialised: false, initStep: 0, expectIcw4: false, single: false,
    levelTriggered: false, icw3: 0, autoEoi: false, rotateOnAutoEoi: false, specialFullyNested: false,
    specialMask: false, lowest: 7, readIsr: false, pollPending: false,
  };
}

export class Pic8259 {
  s: PicState = initialPicState();

  constructor(readonly isMaster: boolean) {}

  /** Drives IR input `irq` (0-7). */
  setLine(irq: number, level: boolean): void {
    const bit = 1 << irq;
    const s = this.s;
    if (level) {
      if (s.levelTriggered || (s.lines & bit) === 0) s.irr |= bit;
      s.lines |= bit;
    } else {
      if (s.levelTriggered) s.irr &= ~bit;
      s.lines &= ~bit;
    }
  }

  /** A master input wired to a slave's INT output follows it as a level. */
  setCascadeInput(irq: number, level: boolean): void {
    const bit = 1 << irq;
    this.s.irr = level ? this.s.irr | bit : this.s.irr & ~bit;
    this.s.lines = level ? this.s.lines | bit : this.s.lines & ~bit;
  }

  /** True when `irq` is a master input wired to a slave. */
  isCascade(irq: number): boolean {
    return this.isMaster && !this.s.single && (this.s.icw3 & (1 << irq)) !== 0;
  }

  /** The IR this chip would signal on INT now, or -1. */
  pending(): number {
    const s = this.s;
    const requests = s.irr & ~s.imr;
    if (requests === 0 || !s.initialised) return -1;
    if (s.specialMask) return this.highest(requests & ~s.isr);
    const irq = this.highest(requests);
    const served = this.highest(s.isr);
    if (served < 0 || this.rank(irq) < this.rank(served)) return irq;
    // Special fully nested mode: a slave may interrupt again while its cascade input is in service.
    if (irq === served && s.specialFullyNested && this.isCascade(irq)) return irq;
    return -1;
  }

  /** The INTA cycle: the IR being serviced, or 7 for a spurious request (ISR untouched). */
  acknowledge(): number {
    const s = this.s;
    const irq = this.pending();
    if (irq < 0) return 7;
    const bit = 1 << irq;
    s.irr &= ~bit;
    if (s.levelTriggered && (s.lines & bit) !== 0) s.irr |= bit;
    if (!s.autoEoi) s.isr |= bit;
    else if (s.rotateOnAutoEoi) s.lowest = irq;
    return irq;
  }

  /** Reads the command (A0=0) or data (A0=1) port. */
  read(a0: number): number {
    const s = this.s;
    if (a0 === 1) return s.imr;
    if (s.pollPending) {
      s.pollPending = false;
      const irq = this.pending();
      if (irq < 0) return 0;
      this.acknowledge();
      return 0x80 | irq;
    }
    return s.readIsr ? s.isr : s.irr;
  }

  write(a0: number, value: number): void {
    const s = this.s;
    if (a0 === 0) {
      if ((value & 0x10) !== 0) this.icw1(value);
      else if ((value & 0x08) !== 0) this.ocw3(value);
      else this.ocw2(value);
      return;
    }
    switch (s.initStep) {
      case 0:
        s.imr = value;
        return;
      case 2:
        s.vectorBase = value & 0xf8;
        s.initStep = !s.single ? 3 : s.expectIcw4 ? 4 : 0;
        return;
      case 3:
        s.icw3 = value;
        s.initStep = s.expectIcw4 ? 4 : 0;
        return;
      case 4:
        s.autoEoi = (value & 0x02) !== 0;
        s.specialFullyNested = (value & 0x10) !== 0;
        s.initStep = 0;
        return;
    }
  }

  private icw1(value: number): void {
    const s = this.s;
    s.levelTriggered = (value & 0x08) !== 0;
    s.single = (value & 0x02) !== 0;
    s.expectIcw4 = (value & 0x01) !== 0;
    // The datasheet's ICW1 effects, plus clearing ISR so that a re-initialised chip starts clean.
    s.irr = s.levelTriggered ? s.lines : 0;
    s.isr = 0;
    s.imr = 0;
    s.lowest = 7;
    s.specialMask = false;
    s.readIsr = false;
    s.pollPending = false;
    s.autoEoi = false;
    s.rotateOnAutoEoi = false;
    s.specialFullyNested = false;
    if (!this.isMaster) s.icw3 = 7;
    s.initialised = true;
    s.initStep = 2;
  }

  private ocw2(value: number): void {
    const s = this.s;
    const level = value & 7;
    switch (value >> 5) {
      case 0b001: // non-specific EOI
      case 0b101: { // rotate on non-specific EOI
        const irq = this.highest(s.isr);
        if (irq < 0) return;
        s.isr &= ~(1 << irq);
        if (value >> 5 === 0b101) s.lowest = irq;
        return;
      }
      case 0b011: // specific EOI
        s.isr &= ~(1 << level);
        return;
      case 0b111: // rotate on specific EOI
        s.isr &= ~(1 << level);
        s.lowest = level;
        return;
      case 0b100:
        s.rotateOnAutoEoi = true;
        return;
      case 0b000:
        s.rotateOnAutoEoi = false;
        return;
      case 0b110: // set priority
        s.lowest = level;
        return;
    }
  }

  private ocw3(value: number): void {
    const s = this.s;
    if ((value & 0x40) !== 0) s.specialMask = (value & 0x20) !== 0;
    if ((value & 0x04) !== 0) s.pollPending = true;
    if ((value & 0x02) !== 0) s.readIsr = (value & 0x01) !== 0;
  }

  /** Position in the current priority order (0 = highest). */
  private rank(irq: number): number {
    return (irq - this.s.lowest - 1) & 7;
  }

  /** The highest-priority IR set in `bits`, or -1. */
  private highest(bits: number): number {
    if (bits === 0) return -1;
    for (let i = 0; i < 8; i++) {
      const irq = (this.s.lowest + 1 + i) & 7;
      if ((bits & (1 << irq)) !== 0) return irq;
    }
    return -1;
  }
}
