// Shifts and rotates: ROL ROR RCL RCR SHL SHR SAR (group 2), SHLD, SHRD.
// The count is masked to five bits; a masked count of zero changes nothing. OF is defined by
// the SDM for one-bit shifts only; for longer ones it is computed the same way and AF is left
// clear (both undefined; differential guests mask them).

import { Eflags, F } from '../flags';
import { Handler, HandlerGroup } from './handler';
import { read, readForWrite, writeBack } from './operands';

const MASK: Record<number, number> = { 8: 0xff, 16: 0xffff, 32: 0xffffffff };
const SHIFT_FLAGS = F.CF | F.OF | F.SF | F.ZF | F.AF | F.PF;

const bit = (v: number, n: number): number => (v >>> n) & 1;

/** Sets the flags of a shift: CF, OF, and SF/ZF/PF from the result (AF cleared). */
function shiftFlags(flags: Eflags, res: number, bits: number, cf: number, of: number): void {
  flags.setArith(SHIFT_FLAGS, Eflags.resultFlags(res, bits) | (cf ? F.CF : 0) | (of ? F.OF : 0));
}

/** Sets CF and OF only, as rotates do. */
function rotateFlags(flags: Eflags, cf: number, of: number): void {
  flags.setArith(F.CF | F.OF, (cf ? F.CF : 0) | (of ? F.OF : 0));
}

/** Shifts `a` of `bits` width by a masked count of 1 to 31; records the flags. */
export type Shift = (flags: Eflags, a: number, count: number, bits: number) => number;

const shl: Shift = (flags, a, count, bits) => {
  const res = count < 32 ? (a << count) & MASK[bits] : 0;
  const cf = count <= bits ? bit(a, bits - count) : 0;
  shiftFlags(flags, res, bits, cf, bit(res, bits - 1) ^ cf);
  return res;
};

const shr: Shift = (flags, a, count, bits) => {
  const res = count < 32 ? a >>> count : 0;
  const cf = count <= bits ? bit(a, count - 1) : 0;
  shiftFlags(flags, res, bits, cf, bit(a, bits - 1));
  return res;
};

const sar: Shift = (flags, a, count, bits) => {
  const s = bits === 32 ? a | 0 : bits === 16 ? (a << 16) >> 16 : (a << 24) >> 24;
  const res = (s >> Math.min(count, 31)) & MASK[bits];
  const cf = (s >> Math.min(count - 1, 31)) & 1;
  shiftFlags(flags, res, bits, cf, 0);
  return res;
};

const rol: Shift = (flags, a, count, bits) => {
  const n = count % bits;
  const res = n === 0 ? a : ((a << n) | (a >>> (bits - n))) & MASK[bits];
  const cf = res & 1;
  rotateFlags(flags, cf, bit(res, bits - 1) ^ cf);
  return res;
};

const ror: Shift = (flags, a, count, bits) => {
  const n = count % bits;
  const res = n === 0 ? a : ((a >>> n) | (a << (bits - n))) & MASK[bits];
  rotateFlags(flags, bit(res, bits - 1), bit(res, bits - 1) ^ bit(res, bits - 2));
  return res;
};

/** RCL and RCR rotate bits+1 positions: the operand and CF. */
const rcl: Shift = (flags, a, count, bits) => {
  const n = count % (bits + 1);
  let res = a;
  let cf = flags.cf ? 1 : 0;
  for (let i = 0; i < n; i++) {
    const out = bit(res, bits - 1);
    res = ((res << 1) | cf) & MASK[bits];
    cf = out;
  }
  if (n !== 0) rotateFlags(flags, cf, bit(res, bits - 1) ^ cf);
  return res >>> 0;
};

const rcr: Shift = (flags, a, count, bits) => {
  const n = count % (bits + 1);
  let res = a;
  let cf = flags.cf ? 1 : 0;
  const of = bit(a, bits - 1) ^ cf;
  for (let i = 0; i < n; i++) {
    const out = res & 1;
    res = ((res >>> 1) | (cf << (bits - 1))) & MASK[bits];
    cf = out;
  }
  if (n !== 0) rotateFlags(flags, cf, of);
  return res >>> 0;
};

function group2(shift: Shift): Handler {
  return (cpu, insn) => {
    const count = read(cpu, insn, 1) & 0x1f;
    if (count === 0) return;
    writeBack(cpu, insn, 0, shift(cpu.flags, readForWrite(cpu, insn, 0), count, insn.operands[0].size));
  };
}

/**
 * SHLD and SHRD: shift the destination, filling from the source register. 16-bit operands
 * shift the 32-bit concatenation (counts above 16 give the bits hardware leaves undefined as
 * that concatenation has them); 32-bit ones take the shifted-in bits from the source directly.
 */
function doubleShift(left: boolean): Handler {
  return (cpu, insn) => {
    const count = read(cpu, insn, 2) & 0x1f;
    if (count === 0) return;
    const bits = insn.operands[0].size;
    const src = read(cpu, insn, 1);
    const a = readForWrite(cpu, insn, 0);
    let res: number, cf: number;
    if (bits === 32) {
      res = (left ? (a << count) | (src >>> (32 - count)) : (a >>> count) | (src << (32 - count))) >>> 0;
      cf = left ? bit(a, 32 - count) : bit(a, count - 1);
    } else {
      const wide = left ? ((a << 16) | src) >>> 0 : ((src << 16) | a) >>> 0;
      if (left) res = (count <= 16 ? wide >>> (16 - count) : wide << (count - 16)) & 0xffff;
      else res = (wide >>> count) & 0xffff;
      cf = left ? bit(wide, 32 - count) : bit(wide, count - 1);
    }
    shiftFlags(cpu.flags, res, bits, cf, bit(res, bits - 1) ^ bit(a, bits - 1));
    writeBack(cpu, insn, 0, res);
  };
}

/** The group-2 shifts and rotates by mnemonic (specialized-shifts.ts makes handlers of them too). */
export const SHIFT_OPS: ReadonlyMap<string, Shift> = new Map(Object.entries({ rol, ror, rcl, rcr, shl, shr, sar }));

export const SHIFTS: HandlerGroup = {
  ...Object.fromEntries([...SHIFT_OPS].map(([mnemonic, shift]) => [mnemonic, group2(shift)])),
  shld: doubleShift(true),
  shrd: doubleShift(false),
};
