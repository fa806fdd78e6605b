// The shape of one instruction form: what the table says about an encoding, after expansion.
// Encoder, decoder and disassembler all read these objects; nothing else knows encodings.

/** What an operand slot of a form accepts. */
export type OperandType =
  // general, segment, control, debug and test registers, placed by the role
  | 'r8' | 'r16' | 'r32' | 'sreg' | 'creg' | 'dreg' | 'treg'
  // register or memory (ModRM.rm) of a width
  | 'rm8' | 'rm16' | 'rm32'
  // memory only: of any size, of a width, or a far pointer in memory (offset then selector)
  | 'm' | 'm8' | 'm16' | 'm32' | 'm64' | 'm128' | 'mfar16' | 'mfar32'
  // immediates; simm8 is a byte sign-extended to the operand size
  | 'imm8' | 'imm16' | 'imm32' | 'simm8'
  // branch targets: relative displacements, and far pointers given as selector:offset
  | 'rel8' | 'rel16' | 'rel32' | 'far16' | 'far32'
  // a memory operand given only by its offset (the A0-A3 moves)
  | 'moffs8' | 'moffs16' | 'moffs32'
  // the constant 1 of the shift-by-one forms
  | 'unity'
  // one particular register
  | 'al' | 'ax' | 'eax' | 'cl' | 'cx' | 'ecx' | 'dx' | 'es' | 'cs' | 'ss' | 'ds' | 'fs' | 'gs';

/**
 * Where an operand goes in the encoding:
 * r = ModRM.reg, m = ModRM.rm, o = low three bits of the last opcode byte,
 * x = both ModRM.reg and ModRM.rm (IMUL r,imm is IMUL r,r,imm),
 * i = the next immediate field, - = nowhere (implied by the opcode).
 */
export type Role = 'r' | 'm' | 'o' | 'x' | 'i' | '-';

/**
 * Immediate fields: ib/iw/id data; jb/jw/jd relative branch displacements; pw/pd far pointers
 * (offset, then selector); ia an address-sized offset (the moffs of the A0-A3 moves).
 */
export type ImmField = 'ib' | 'iw' | 'id' | 'jb' | 'jw' | 'jd' | 'pw' | 'pd' | 'ia';

/** Bytes an immediate field takes, given the instruction's address size. */
export function immFieldBytes(field: ImmField, addressSize: 16 | 32): number {
  switch (field) {
    case 'ib': case 'jb': return 1;
    case 'iw': case 'jw': return 2;
    case 'id': case 'jd': case 'pw': return 4;
    case 'pd': return 6;
    case 'ia': return addressSize / 8;
  }
}

/** Properties of a form that the monitor, the CPU and the assembler care about. */
export type Flag =
  | 'lock' // accepts a LOCK prefix
  | 'rep' // accepts REP (string instructions that repeat on ECX alone)
  | 'repe' // accepts REPE/REPNE (CMPS, SCAS)
  | 'priv' // privileged: #GP(0) unless CPL = 0
  | 'iopl' // IOPL-sensitive: faults (or, for I/O, consults the TSS bitmap) when CPL > IOPL
  | 'sens' // sensitive but not privileged: reads or changes privileged state without trapping
  | 'vmx' // a VMX instruction
  | 'nd' // not chosen by the disassembler (an assembler-only spelling of another form)
  | 'na' // not chosen by the assembler (the decoder still knows it)
  | 'dsize' // assembler: an unsized memory operand takes the BITS operand size (NASM's JMP/CALL [mem])
  | 'anysize' // assembler: a size keyword on the memory operand is accepted and ignored (NASM's LEA)
  | 'nearsize' // assembler: a size keyword on the target needs NEAR before it (NASM's Jcc)
  | 'bareimm' // assembler: its immediates take no size keyword (NASM's ENTER, SHLD, SHRD)
  | 'leads' // assembler: NASM writes it ahead of any prefixes given with it (WAIT)
  | 'bnd'; // near branches: F2 before them is MPX's BND prefix, which NASM refuses to write as REPNE

export type CpuLevel = 8086 | 186 | 286 | 386 | 486 | 586 | 686;

export interface InstructionForm {
  /** Index in FORMS; stable for a given table. */
  readonly id: number;
  readonly mnemonic: string;
  readonly operands: readonly OperandType[];
  readonly roles: readonly Role[];
  /** Operand size the form needs (emits or expects 0x66 accordingly); undefined when size does not matter. */
  readonly osize?: 16 | 32;
  /** Address size the form needs (0x67); only for forms whose implicit operands depend on it (JCXZ, string ops). */
  readonly asize?: 16 | 32;
  /** Prefix bytes that are part of the opcode (VMXON's F3, VMCLEAR's 66). */
  readonly mandatoryPrefix?: number;
  /** Opcode bytes; with opcodeReg, the last one is the base to which the register number is added. */
  readonly opcode: readonly number[];
  readonly opcodeReg: boolean;
  /** The ModRM byte: undefined when there is none, 'r' when its reg field holds an operand, else the /digit. */
  readonly modrm?: 'r' | number;
  readonly imms: readonly ImmField[];
  readonly flags: ReadonlySet<Flag>;
  readonly cpu: CpuLevel;
  /** For forms expanded from a condition-code template: the condition (0-15). */
  readonly cc?: number;
}
