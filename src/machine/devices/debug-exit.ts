// QEMU's isa-debug-exit (iobase 0xF4, iosize 4): writing V asks for the run to end with exit
// status (V << 1) | 1, whatever the port within the range and the access width.

import { IoDevice } from '../io-bus';

export class DebugExit implements IoDevice {
  constructor(private readonly requestExit: (code: number) => void) {}

  read8(): number {
    return 0xff;
  }

  write8(_port: number, value: number): void {
    this.exit(value);
  }

  write16(_port: number, value: number): void {
    this.exit(value);
  }

  write32(_port: number, value: number): void {
    this.exit(value);
  }

  private exit(value: number): void {
    // Above 2^31 the status no longer fits a signed 32-bit integer; keep the value as a number.
    this.requestExit(value * 2 + 1);
  }
}
