// System control port A (0x92, "fast A20"): bit 1 drives the A20 gate, and setting bit 0
// requests a reset. The other bits are kept and read back.

import { IoDevice } from '../io-bus';

export class SystemControlA implements IoDevice {
  bits = 0;

  constructor(
    private readonly a20: { a20Enabled: boolean },
    private readonly requestReset: () => void,
  ) {}

  read8(): number {
    return (this.bits & ~0x02) | (this.a20.a20Enabled ? 0x02 : 0);
  }

  write8(_port: number, value: number): void {
    const rising = (value & 1) !== 0 && (this.bits & 1) === 0;
    this.bits = value;
    this.a20.a20Enabled = (value & 0x02) !== 0;
    if (rising) this.requestReset();
  }
}
