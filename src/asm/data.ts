// The bytes of DB/DW/DD/DQ items: strings padded to the unit, numbers little-endian, with
// NASM's warning when a plain number does not fit the unit.

import { ABS, Value } from './expressions';

const LIMITS: Record<number, [bigint, bigint]> = {
  1: [-0x80n, 0xffn],
  2: [-0x8000n, 0xffffn],
  4: [-0x80000000n, 0xffffffffn],
  8: [-(1n << 63n), (1n << 64n) - 1n],
};

export function pushString(out: number[], s: string, width: number): void {
  for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i) & 0xff);
  const pad = (width - (s.length % width)) % width;
  for (let i = 0; i < pad; i++) out.push(0);
}

/** Appends the value; returns a warning when it exceeds the unit. */
export function pushValue(out: number[], val: Value, width: number): string | undefined {
  const v = val.v;
  if (width <= 4 && v >= -0x80000000n && v <= 0xffffffffn) {
    let n = Number(v);
    for (let i = 0; i < width; i++) {
      out.push(n & 0xff);
      n >>= 8;
    }
  } else {
    let u = BigInt.asUintN(64, v);
    for (let i = 0; i < width; i++) {
      out.push(Number(u & 0xffn));
      u >>= 8n;
    }
  }
  const [lo, hi] = LIMITS[width];
  if (val.s === ABS && (v < lo || v > hi)) {
    return `${['byte', 'word', '', 'dword', '', '', '', 'qword'][width - 1]} data exceeds bounds`;
  }
  return undefined;
}
