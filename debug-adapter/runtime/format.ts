// Number formatting shared by the runtime and the session.

export const hex8 = (v: number) => `0x${(v >>> 0).toString(16).padStart(8, '0')}`;

export const hex = (v: number, digits = 0) => `0x${(v >>> 0).toString(16).padStart(digits, '0')}`;

/** A value as the variables view shows it: hex by default, decimal when asked. */
export function formatValue(v: number, decimal: boolean, digits = 8): string {
  return decimal ? String(v >>> 0) : hex(v, digits);
}
