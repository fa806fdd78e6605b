// An NS16550A UART (COM1 at 0x3F8, IRQ4 on a PC), as its datasheet describes the registers:
// RBR/THR, IER, IIR/FCR with 16-byte FIFOs, LCR with the DLAB divisor latch, MCR with loopback,
// LSR, MSR and SCR.
//
// Transmission takes no virtual time: a byte written to THR goes to the output sink at once, so
// THR and the transmitter are always empty again by the next access. Bytes the host queues are
// moved into the receiver as it has room (none are lost). The character-timeout interrupt is
// raised as soon as the receive FIFO holds fewer bytes than the trigger level and the host has
// nothing more queued. The modem inputs read as a connected terminal: CTS, DSR and DCD active.
// On a PC, MCR.OUT2 gates the interrupt onto the IRQ line, and loopback disconnects it.

import { IoDevice } from '../io-bus';

const enum Lsr {
  DataReady = 0x01,
  Overrun = 0x02,
  ThrEmpty = 0x20,
  TransmitterEmpty = 0x40,
}

const enum Ier {
  ReceivedData = 0x01,
  ThrEmpty = 0x02,
  LineStatus = 0x04,
  ModemStatus = 0x08,
}

const enum Mcr {
  Dtr = 0x01,
  Rts = 0x02,
  Out1 = 0x04,
  Out2 = 0x08,
  Loopback = 0x10,
}

const FIFO_SIZE = 16;
const TRIGGER_LEVELS = [1, 4, 8, 14];
/** CTS, DSR and DCD active, RI inactive. */
const TERMINAL_MODEM_INPUTS = 0xb0;

export interface UartState {
  ier: number;
  lcr: number;
  mcr: number;
  /** Overrun bit of LSR (the others are derived). */
  overrun: boolean;
  /** MSR's upper four bits (the lines) and lower four (the deltas). */
  msr: number;
  scr: number;
  dll: number;
  dlm: number;
  fifoEnabled: boolean;
  triggerLevel: number;
  rx: number[];
  /** Input the host queued that has not fitted in the receiver yet. */
  hostInput: number[];
  /** The THR-empty interrupt is pending (cleared by reading IIR or writing THR). */
  threPending: boolean;
}

function initialState(): UartState {
  return {
    ier: 0, lcr: 0, mcr: 0, overrun: false, msr: TERMINAL_MODEM_INPUTS, scr: 0, dll: 12, dlm: 0,
    fifoEnabled: false, triggerLevel: 1, rx: [], hostInput: [], threPending: false,
  };
}

export class Uart16550 implements IoDevice {
  s: UartState = initialState();

  /**
   * `base` is the first of the eight ports; `transmit` receives each byte sent (not in loopback);
   * `setIrq` drives the interrupt line.
   */
  constructor(
    readonly base: number,
    private readonly transmit: (byte: number) => void,
    private readonly setIrq: (level: boolean) => void,
  ) {}

  /** Host side: queues bytes for the guest to receive. */
  receive(bytes: Iterable<number>): void {
    for (const b of bytes) this.s.hostInput.push(b & 0xff);
    this.fillFromHost();
    this.update();
  }

  read8(port: number): number {
    const s = this.s;
    const dlab = (s.lcr & 0x80) !== 0;
    let value: number;
    switch (port - this.base) {
      case 0:
        if (dlab) return s.dll;
        value = s.rx.shift() ?? 0;
        this.fillFromHost();
        break;
      case 1:
        return dlab ? s.dlm : s.ier;
      case 2:
        value = this.iir();
        if ((value & 0x0f) === 0x02) s.threPending = false;
        break;
      case 3:
        return s.lcr;
      case 4:
        return s.mcr;
      case 5:
        value = this.lsr();
        s.overrun = false;
        break;
      case 6:
        value = this.modemStatus();
        s.msr &= 0xf0;
        break;
      default:
        return s.scr;
    }
    this.update();
    return value;
  }

  write8(port: number, value: number): void {
    const s = this.s;
    const dlab = (s.lcr & 0x80) !== 0;
    switch (port - this.base) {
      case 0:
        if (dlab) s.dll = value;
        else this.send(value);
        break;
      case 1:
        if (dlab) s.dlm = value;
        else {
          // Enabling the THR-empty interrupt while THR is empty raises it.
          if ((value & Ier.ThrEmpty) !== 0 && (s.ier & Ier.ThrEmpty) === 0) s.threPending = true;
          s.ier = value & 0x0f;
        }
        break;
      case 2:
        this.fcr(value);
        break;
      case 3:
        s.lcr = value;
        break;
      case 4:
        this.mcr(value & 0x1f);
        break;
      case 5:
      case 6:
        break; // LSR and MSR are read-only here
      default:
        s.scr = value;
    }
    this.update();
  }

  snapshot(): UartState {
    return structuredClone(this.s);
  }

  restore(state: UartState): void {
    this.s = structuredClone(state);
  }

  private send(byte: number): void {
    const s = this.s;
    if ((s.mcr & Mcr.Loopback) !== 0) this.pushReceived(byte);
    else this.transmit(byte);
    // Writing THR clears the THR-empty interrupt; the byte leaves at once and raises it again,
    // so the line falls and rises (the PIC sees a new edge).
    this.setIrq(false);
    s.threPending = true;
  }

  private fcr(value: number): void {
    const s = this.s;
    const enable = (value & 0x01) !== 0;
    if (enable !== s.fifoEnabled || (value & 0x02) !== 0) s.rx = [];
    s.fifoEnabled = enable;
    s.triggerLevel = TRIGGER_LEVELS[value >> 6];
    this.fillFromHost();
  }

  private mcr(value: number): void {
    const s = this.s;
    const before = this.modemLines();
    s.mcr = value;
    const after = this.modemLines();
    const changed = before ^ after;
    // Deltas: CTS, DSR and DCD on any change; RI only on its trailing edge.
    let delta = 0;
    if ((changed & 0x10) !== 0) delta |= 0x01;
    if ((changed & 0x20) !== 0) delta |= 0x02;
    if ((before & 0x40) !== 0 && (after & 0x40) === 0) delta |= 0x04;
    if ((changed & 0x80) !== 0) delta |= 0x08;
    s.msr = after | (s.msr & 0x0f) | delta;
    this.fillFromHost();
  }

  /** The modem input lines (MSR bits 4-7): in loopback they are MCR's outputs. */
  private modemLines(): number {
    const m = this.s.mcr;
    if ((m & Mcr.Loopback) === 0) return TERMINAL_MODEM_INPUTS;
    return ((m & Mcr.Rts) !== 0 ? 0x10 : 0) | ((m & Mcr.Dtr) !== 0 ? 0x20 : 0) | ((m & Mcr.Out1) !== 0 ? 0x40 : 0) | ((m & Mcr.Out2) !== 0 ? 0x80 : 0);
  }

  private modemStatus(): number {
    return this.modemLines() | (this.s.msr & 0x0f);
  }

  private capacity(): number {
    return this.s.fifoEnabled ? FIFO_SIZE : 1;
  }

  private pushReceived(byte: number): void {
    const s = this.s;
    if (s.rx.length < this.capacity()) s.rx.push(byte);
    else s.overrun = true;
  }

  /** Host input waits while the guest is in loopback (the receiver is disconnected from the line). */
  private fillFromHost(): void {
    const s = this.s;
    if ((s.mcr & Mcr.Loopback) !== 0) return;
    while (s.hostInput.length > 0 && s.rx.length < this.capacity()) s.rx.push(s.hostInput.shift()!);
  }

  private lsr(): number {
    const s = this.s;
    return (s.rx.length > 0 ? Lsr.DataReady : 0) | (s.overrun ? Lsr.Overrun : 0) | Lsr.ThrEmpty | Lsr.TransmitterEmpty;
  }

  /** IIR: the highest-priority pending interrupt, FIFO bits in 7-6. */
  private iir(): number {
    const s = this.s;
    const fifo = s.fifoEnabled ? 0xc0 : 0;
    if ((s.ier & Ier.LineStatus) !== 0 && s.overrun) return fifo | 0x06;
    if ((s.ier & Ier.ReceivedData) !== 0 && s.rx.length > 0) {
      if (!s.fifoEnabled || s.rx.length >= s.triggerLevel) return fifo | 0x04;
      if (s.hostInput.length === 0) return fifo | 0x0c;
    }
    if ((s.ier & Ier.ThrEmpty) !== 0 && s.threPending) return fifo | 0x02;
    if ((s.ier & Ier.ModemStatus) !== 0 && (s.msr & 0x0f) !== 0) return fifo | 0x00;
    return fifo | 0x01;
  }

  private update(): void {
    const m = this.s.mcr;
    const wired = (m & Mcr.Out2) !== 0 && (m & Mcr.Loopback) === 0;
    this.setIrq(wired && (this.iir() & 1) === 0);
  }
}
