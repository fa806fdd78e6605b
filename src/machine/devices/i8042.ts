// The 8042 keyboard controller at 0x60 (data) and 0x64 (status/command), without a keyboard
// attached to type on: enough for what boot loaders and kernels do with it. That is the A20
// gate and reset through the output port (commands 0xD0/0xD1, 0xDD/0xDF, pulse 0xFE), the
// command byte (0x20/0x60), self-tests (0xAA, 0xAB, 0xA9), enabling and disabling the ports,
// and the keyboard's answers to commands sent to it (ACK, reset 0xAA, identify, echo).
// Commands complete at once, so the input buffer is never full. Answers raise IRQ1 when the
// command byte enables it.

import { IoDevice } from '../io-bus';

const enum Status {
  OutputFull = 0x01,
  System = 0x04,
  LastWasCommand = 0x08,
  NotInhibited = 0x10,
}

export interface I8042State {
  commandByte: number;
  /** Bytes waiting for the guest at port 0x60. */
  output: number[];
  /** A command awaiting its data byte at port 0x60 (0x60 or 0xD1), or 0. */
  pending: number;
  lastWasCommand: boolean;
}

export interface I8042Wiring {
  a20: { a20Enabled: boolean };
  requestReset(): void;
  setIrq(level: boolean): void;
}

export class I8042 implements IoDevice {
  s: I8042State = { commandByte: 0x45, output: [], pending: 0, lastWasCommand: false };

  constructor(private readonly wiring: I8042Wiring) {}

  read8(port: number): number {
    const s = this.s;
    if (port === 0x64) {
      return (s.output.length > 0 ? Status.OutputFull : 0) | Status.System | Status.NotInhibited | (s.lastWasCommand ? Status.LastWasCommand : 0);
    }
    const value = s.output.length > 0 ? s.output.shift()! : 0;
    this.update();
    return value;
  }

  write8(port: number, value: number): void {
    const s = this.s;
    s.lastWasCommand = port === 0x64;
    if (port === 0x64) this.command(value);
    else if (s.pending === 0x60) s.commandByte = value;
    else if (s.pending === 0xd1) this.writeOutputPort(value);
    else this.keyboard(value);
    if (port === 0x60) s.pending = 0;
    this.update();
  }

  snapshot(): I8042State {
    return { ...this.s, output: [...this.s.output] };
  }

  restore(state: I8042State): void {
    this.s = { ...state, output: [...state.output] };
  }

  private command(value: number): void {
    const s = this.s;
    s.pending = 0;
    switch (value) {
      case 0x20:
        return this.answer(s.commandByte);
      case 0x60:
      case 0xd1:
        s.pending = value;
        return;
      case 0xa7:
        s.commandByte |= 0x20;
        return;
      case 0xa8:
        s.commandByte &= ~0x20;
        return;
      case 0xad:
        s.commandByte |= 0x10;
        return;
      case 0xae:
        s.commandByte &= ~0x10;
        return;
      case 0xa9:
      case 0xab:
        return this.answer(0x00); // port tests pass
      case 0xaa:
        return this.answer(0x55); // self-test passed
      case 0xd0:
        return this.answer(this.outputPort());
      case 0xdd:
        this.wiring.a20.a20Enabled = false;
        return;
      case 0xdf:
        this.wiring.a20.a20Enabled = true;
        return;
      default:
        // 0xF0-0xFF pulse the output port bits whose mask bit is 0; bit 0 is the reset line.
        if ((value & 0xf0) === 0xf0 && (value & 1) === 0) this.wiring.requestReset();
    }
  }

  /** The output port: bit 0 reset (active low), bit 1 A20, bit 4 output buffer full. */
  private outputPort(): number {
    return 0x01 | (this.wiring.a20.a20Enabled ? 0x02 : 0) | (this.s.output.length > 0 ? 0x10 : 0);
  }

  private writeOutputPort(value: number): void {
    this.wiring.a20.a20Enabled = (value & 0x02) !== 0;
    if ((value & 0x01) === 0) this.wiring.requestReset();
  }

  /** A byte sent to the keyboard: it acknowledges and answers as a standard MF2 keyboard. */
  private keyboard(value: number): void {
    switch (value) {
      case 0xee:
        return this.answer(0xee);
      case 0xf2:
        return this.answer(0xfa, 0xab, 0x83);
      case 0xff:
        return this.answer(0xfa, 0xaa);
      default:
        return this.answer(0xfa);
    }
  }

  private answer(...bytes: number[]): void {
    this.s.output.push(...bytes);
  }

  private update(): void {
    this.wiring.setIrq(this.s.output.length > 0 && (this.s.commandByte & 0x01) !== 0);
  }
}
