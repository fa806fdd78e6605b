// What CPUID says this processor is: a GenuineIntel family-6 part without an x87 FPU (EDX bit 0,
// FPU, is clear; ../x87.ts is how the escape opcodes behave), and feature bits for exactly
// what is implemented (PSE, TSC, MSR, CX8, PGE, CMOV).

const ascii = (s: string): number => s.charCodeAt(0) | (s.charCodeAt(1) << 8) | (s.charCodeAt(2) << 16) | (s.charCodeAt(3) << 24);

export const VENDOR = 'GenuineIntel';
/** Family 6, model 1, stepping 1. */
export const SIGNATURE = 0x0611;

export const FEATURES_EDX = (1 << 3) /* PSE */ | (1 << 4) /* TSC */ | (1 << 5) /* MSR */ |
  (1 << 8) /* CX8 */ | (1 << 13) /* PGE */ | (1 << 15) /* CMOV */;

const MAX_BASIC_LEAF = 1;

/** CPUID for a leaf: [EAX, EBX, ECX, EDX]. Leaves beyond the last return the last one, as Intel parts do. */
export function cpuid(leaf: number): [number, number, number, number] {
  if (leaf === 0) return [MAX_BASIC_LEAF, ascii(VENDOR.slice(0, 4)), ascii(VENDOR.slice(8, 12)), ascii(VENDOR.slice(4, 8))];
  return [SIGNATURE, 0, 0, FEATURES_EDX];
}
