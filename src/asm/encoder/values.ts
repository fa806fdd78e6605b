// Arithmetic on assembler values: truncation to a field width and little-endian bytes.

/** The value modulo 2^bits, as an unsigned number. */
export function truncate(value: number, bits: number): number {
  const m = 2 ** bits;
  return ((value % m) + m) % m;
}

/** The value truncated to `bits` and read back as a signed number. */
export function signed(value: number, bits: number): number {
  const u = truncate(value, bits);
  return u >= 2 ** (bits - 1) ? u - 2 ** bits : u;
}

/** True when the value, taken at `bits` width, is a sign-extended byte. */
export function fitsSignedByte(value: number, bits: number): boolean {
  const s = signed(value, bits);
  return s >= -128 && s <= 127;
}

export function pushLittleEndian(out: number[], value: number, bytes: number): void {
  let u = truncate(value, bytes * 8);
  for (let i = 0; i < bytes; i++) {
    out.push(u % 256);
    u = Math.floor(u / 256);
  }
}
