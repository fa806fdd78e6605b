// The IA-32 register file as the instruction encodings number it.

export type RegisterClass = 'r8' | 'r16' | 'r32' | 'sreg' | 'creg' | 'dreg' | 'treg';

export interface Register {
  readonly name: string;
  readonly cls: RegisterClass;
  /** The 3-bit number that goes in ModRM.reg, ModRM.rm or the low bits of an opcode. */
  readonly num: number;
}

const NAMES: Record<RegisterClass, readonly string[]> = {
  r8: ['al', 'cl', 'dl', 'bl', 'ah', 'ch', 'dh', 'bh'],
  r16: ['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di'],
  r32: ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'],
  sreg: ['es', 'cs', 'ss', 'ds', 'fs', 'gs'],
  creg: ['cr0', 'cr1', 'cr2', 'cr3', 'cr4', 'cr5', 'cr6', 'cr7'],
  dreg: ['dr0', 'dr1', 'dr2', 'dr3', 'dr4', 'dr5', 'dr6', 'dr7'],
  treg: ['tr0', 'tr1', 'tr2', 'tr3', 'tr4', 'tr5', 'tr6', 'tr7'],
};

export const REGISTERS: ReadonlyMap<string, Register> = new Map(
  (Object.keys(NAMES) as RegisterClass[]).flatMap((cls) =>
    NAMES[cls].map((name, num) => [name, { name, cls, num }] as const),
  ),
);

/** The register of a class with a given number, e.g. registerName('r32', 3) = 'ebx'. */
export function registerName(cls: RegisterClass, num: number): string {
  return NAMES[cls][num];
}

export function lookupRegister(name: string): Register | undefined {
  return REGISTERS.get(name.toLowerCase());
}

/** Operand width in bits of a register class, where it has one. */
export function registerWidth(cls: RegisterClass): 8 | 16 | 32 {
  return cls === 'r8' ? 8 : cls === 'r16' || cls === 'sreg' ? 16 : 32;
}

/** Segment register numbers, as used by segment-override prefixes and the CPU. */
export const SEG = { es: 0, cs: 1, ss: 2, ds: 3, fs: 4, gs: 5 } as const;

/** The override prefix byte of each segment register, indexed by its number. */
export const SEGMENT_PREFIX = [0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65] as const;
