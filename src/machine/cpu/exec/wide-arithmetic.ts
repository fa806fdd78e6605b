// Double-width integer arithmetic for MUL, IMUL, DIV and IDIV on plain numbers: 32 x 32 -> 64
// products and 64 / 32 quotients, exact, with no BigInt and no object per instruction.
// Doubles hold integers exactly up to 2^53, so the work is done in 16-bit pieces.

/** The high 32 bits (unsigned) of the 64-bit product of two 32-bit values; the low half is Math.imul. */
export function multiplyHigh32(a: number, b: number, isSigned: boolean): number {
  const a0 = a & 0xffff, a1 = a >>> 16, b0 = b & 0xffff, b1 = b >>> 16;
  const mid = a1 * b0 + a0 * b1 + Math.floor((a0 * b0) / 0x10000);
  let hi = a1 * b1 + Math.floor(mid / 0x10000);
  // The signed high half: subtract b when a is negative and a when b is negative.
  if (isSigned) hi -= (a & 0x80000000 ? b >>> 0 : 0) + (b & 0x80000000 ? a >>> 0 : 0);
  return hi >>> 0;
}

/** The remainder of the last divide64 (so that no object carries two results). */
let lastRemainder = 0;

export const remainder = (): number => lastRemainder;

/**
 * Divides the 64-bit high:low by d (all unsigned, d > 0), truncating; Infinity when the
 * quotient does not fit in 32 bits. The remainder is then remainder().
 */
export function divide64(high: number, low: number, d: number): number {
  if (high >= d) return Infinity;
  // Long division by 16-bit digits: every partial dividend stays below d * 2^16 <= 2^48.
  let r = high * 0x10000 + (low >>> 16);
  const q1 = Math.floor(r / d);
  r = r - q1 * d;
  r = r * 0x10000 + (low & 0xffff);
  const q0 = Math.floor(r / d);
  lastRemainder = r - q0 * d;
  return q1 * 0x10000 + q0;
}

/**
 * Signed division of the 64-bit high:low (two's complement) by the signed 32-bit d, truncating
 * toward zero; the remainder (with the dividend's sign) is then remainder(). The quotient is
 * Infinity when even its magnitude does not fit in 32 bits (the caller's range check fails).
 */
export function divide64Signed(high: number, low: number, d: number): number {
  const negative = (high & 0x80000000) !== 0;
  const absLow = negative ? (-low) >>> 0 : low >>> 0;
  const absHigh = negative ? (~high + (low >>> 0 === 0 ? 1 : 0)) >>> 0 : high >>> 0;
  const divisorNegative = (d | 0) < 0;
  const q = divide64(absHigh, absLow, divisorNegative ? (-(d | 0)) >>> 0 : d >>> 0);
  if (negative) lastRemainder = -lastRemainder;
  return negative !== divisorNegative ? -q : q;
}
