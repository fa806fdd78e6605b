// POST code port 0x80: every byte written is recorded (up to a cap, since Linux-style guests
// also write it as an I/O delay); reads return the last code, as on many chipsets.

import { IoDevice } from '../io-bus';

const MAX_RECORDED = 65_536;

export interface PostCodeState {
  codes: number[];
  /** Writes in all, including those past the cap. */
  total: number;
}

export class PostCodes implements IoDevice {
  s: PostCodeState = { codes: [], total: 0 };

  get codes(): readonly number[] {
    return this.s.codes;
  }

  read8(): number {
    const codes = this.s.codes;
    return codes.length === 0 ? 0xff : codes[codes.length - 1];
  }

  write8(_port: number, value: number): void {
    if (this.s.codes.length < MAX_RECORDED) this.s.codes.push(value);
    this.s.total++;
  }

  snapshot(): PostCodeState {
    return { codes: [...this.s.codes], total: this.s.total };
  }

  restore(state: PostCodeState): void {
    this.s = { codes: [...state.codes], total: state.total };
  }
}
