// System control port B (0x61): bit 0 drives the PIT channel 2 gate, bit 1 the speaker data
// enable, bits 2-3 the parity and channel-check enables (kept and read back). Reads add bit 4,
// the DRAM refresh request that toggles every 15.085 us of virtual time (delay loops poll it),
// and bit 5, channel 2's OUT. Bits 6-7 (parity and channel-check errors) read 0.

import { Clock } from '../clock';
import { IoDevice } from '../io-bus';
import { Pit8254 } from './pit8254';

/** 1 / 15.085 us. */
const REFRESH_HZ = 66_291;

export class SystemControlB implements IoDevice {
  bits = 0;

  constructor(
    private readonly clock: Clock,
    private readonly pit: Pit8254,
  ) {}

  read8(): number {
    const refresh = this.clock.ticksAt(this.clock.now, REFRESH_HZ) & 1;
    return this.bits | (refresh << 4) | (this.pit.out(2) ? 0x20 : 0);
  }

  write8(_port: number, value: number): void {
    this.bits = value & 0x0f;
    this.pit.setGate(2, (value & 1) !== 0);
  }
}
