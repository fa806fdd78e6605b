// Bochs/QEMU debug console on port 0xE9: bytes written go to the output; reads return 0xE9,
// which is how guests detect the port.

import { IoDevice } from '../io-bus';

export class DebugConsole implements IoDevice {
  constructor(private readonly emit: (byte: number) => void) {}

  read8(): number {
    return 0xe9;
  }

  write8(_port: number, value: number): void {
    this.emit(value);
  }
}
