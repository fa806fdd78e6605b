// One-line descriptions of every mnemonic and prefix, for hovers and completion, and what the
// instruction table's flags say about privilege, IOPL, sensitivity and VMX. The summaries are
// written for this project from the behaviour the Intel SDM documents; the flag-derived parts
// are computed from table.ts so that they cannot disagree with it.

import { CONDITIONS } from './conditions';
import { CpuLevel, Flag, InstructionForm, OperandType } from './forms';
import { ALIASES, formsOf, MNEMONICS } from './instructions';

/** Words the assembler accepts before a mnemonic (segment overrides are written as registers). */
export const PREFIX_WORDS: readonly string[] = [
  'lock', 'rep', 'repe', 'repz', 'repne', 'repnz', 'o16', 'o32', 'a16', 'a32',
];

/** When an instruction leaves a guest in VMX non-root operation for the VMM. */
export interface VmExitInfo {
  /** Exit-reason short names, as shared/data/vmx/vmx_exit_reasons.json spells them. */
  readonly reasons: readonly string[];
  /** 'always', or the condition (usually a VM-execution control) under which it exits. */
  readonly when: string;
}

export interface MnemonicInfo {
  readonly name: string;
  /** The table's mnemonic this one is a spelling of (itself when it is not an alias). */
  readonly canonical: string;
  readonly kind: 'instruction' | 'prefix';
  readonly summary: string;
  /** Some form has the table's flag: priv, iopl, sens, vmx. */
  readonly privileged: boolean;
  readonly iopl: boolean;
  readonly sensitive: boolean;
  readonly vmx: boolean;
  /** The earliest processor with some form of it. */
  readonly cpu: CpuLevel;
  readonly vmExit?: VmExitInfo;
  /** Hover lines derived from the flags and the VM-exit behaviour. */
  readonly notes: readonly string[];
}

const SUMMARIES: Record<string, string> = {
  // arithmetic and logic
  add: 'Add the source to the destination; sets OF, SF, ZF, AF, CF and PF.',
  adc: 'Add the source and the carry flag to the destination (multi-word addition).',
  sub: 'Subtract the source from the destination; sets the arithmetic flags.',
  sbb: 'Subtract the source and the carry flag from the destination (multi-word subtraction).',
  cmp: 'Compare: subtract the source from the destination for the flags only, keeping both operands.',
  and: 'Bitwise AND into the destination; clears OF and CF.',
  or: 'Bitwise OR into the destination; clears OF and CF.',
  xor: 'Bitwise exclusive OR into the destination; clears OF and CF (xor r, r zeroes a register).',
  test: 'Bitwise AND of the operands for the flags only; neither operand changes.',
  inc: 'Add one to the operand; CF is left alone.',
  dec: 'Subtract one from the operand; CF is left alone.',
  neg: "Replace the operand by its two's complement; CF is set unless it was zero.",
  not: "Replace the operand by its one's complement; no flags change.",
  mul: 'Unsigned multiply of AL/AX/EAX by the operand into AX, DX:AX or EDX:EAX.',
  imul: 'Signed multiply: one operand like MUL, or two/three operands truncated into a register.',
  div: 'Unsigned divide of AX, DX:AX or EDX:EAX by the operand into quotient and remainder; #DE on overflow or zero.',
  idiv: 'Signed divide of AX, DX:AX or EDX:EAX by the operand; #DE on overflow or division by zero.',
  // decimal
  aaa: 'ASCII adjust AL after an unpacked-BCD addition.',
  aas: 'ASCII adjust AL after an unpacked-BCD subtraction.',
  aam: 'ASCII adjust after multiply: split AL into AH (quotient) and AL (remainder) by a base, 10 unless given.',
  aad: 'ASCII adjust before divide: fold AH into AL (AL + AH * base) and clear AH.',
  daa: 'Decimal adjust AL after a packed-BCD addition.',
  das: 'Decimal adjust AL after a packed-BCD subtraction.',
  // conversions
  cbw: 'Sign-extend AL into AX.',
  cwde: 'Sign-extend AX into EAX.',
  cwd: 'Sign-extend AX into DX:AX (before a 16-bit IDIV).',
  cdq: 'Sign-extend EAX into EDX:EAX (before a 32-bit IDIV).',
  movsx: 'Move a byte or word into a wider register with sign extension.',
  movzx: 'Move a byte or word into a wider register with zero extension.',
  bswap: 'Reverse the byte order of a 32-bit register.',
  // bits and shifts
  bt: 'Copy the selected bit of the operand into CF.',
  bts: 'Copy the selected bit into CF, then set it.',
  btr: 'Copy the selected bit into CF, then clear it.',
  btc: 'Copy the selected bit into CF, then complement it.',
  bsf: 'Find the lowest set bit of the source; ZF is set when the source is zero.',
  bsr: 'Find the highest set bit of the source; ZF is set when the source is zero.',
  shl: 'Shift left, filling with zeros; the last bit out goes to CF.',
  shr: 'Shift right logically, filling with zeros; the last bit out goes to CF.',
  sar: 'Shift right arithmetically, copying the sign bit in.',
  rol: 'Rotate left; the bit that wraps around is also copied to CF.',
  ror: 'Rotate right; the bit that wraps around is also copied to CF.',
  rcl: 'Rotate left through the carry flag.',
  rcr: 'Rotate right through the carry flag.',
  shld: 'Shift the destination left, filling from the high bits of the source register.',
  shrd: 'Shift the destination right, filling from the low bits of the source register.',
  // data movement
  mov: 'Copy the source into the destination (also to and from segment, control, debug and test registers).',
  xchg: 'Swap the two operands; with a memory operand it is locked implicitly.',
  xadd: 'Exchange the operands, then store their sum in the destination.',
  cmpxchg: 'Compare AL/AX/EAX with the destination: if equal store the source there, else load the destination into the accumulator.',
  cmpxchg8b: 'Compare EDX:EAX with the 64-bit memory operand: if equal store ECX:EBX there, else load it into EDX:EAX.',
  lea: 'Load the effective address (offset) of the memory operand into a register; no memory is read.',
  lds: 'Load a far pointer from memory into DS and a register.',
  les: 'Load a far pointer from memory into ES and a register.',
  lfs: 'Load a far pointer from memory into FS and a register.',
  lgs: 'Load a far pointer from memory into GS and a register.',
  lss: 'Load a far pointer from memory into SS and a register (switch stacks atomically).',
  xlatb: 'Table lookup: load AL from the byte at [DS:(E)BX + AL].',
  lahf: 'Load SF, ZF, AF, PF and CF into AH.',
  sahf: 'Store AH into SF, ZF, AF, PF and CF.',
  salc: 'Undocumented: set AL to FFh if CF is set, else to 0.',
  bound: 'Check that a signed index lies within the bounds stored in memory; #BR when it does not.',
  arpl: "Adjust a selector's RPL up to the RPL of another selector; ZF tells whether it changed.",
  // the stack
  push: 'Decrement the stack pointer and store the operand on the stack.',
  pop: 'Load the operand from the top of the stack and increment the stack pointer.',
  pusha: 'Push all eight general registers (16- or 32-bit by the operand size).',
  pushaw: 'Push AX, CX, DX, BX, the original SP, BP, SI and DI.',
  pushad: 'Push EAX, ECX, EDX, EBX, the original ESP, EBP, ESI and EDI.',
  popa: 'Pop all eight general registers (the stored stack pointer is discarded).',
  popaw: 'Pop DI, SI, BP, (skip SP), BX, DX, CX and AX.',
  popad: 'Pop EDI, ESI, EBP, (skip ESP), EBX, EDX, ECX and EAX.',
  pushf: 'Push the FLAGS or EFLAGS register (by the operand size).',
  pushfw: 'Push the 16-bit FLAGS register.',
  pushfd: 'Push EFLAGS (with VM and RF cleared in the copy).',
  popf: 'Pop into FLAGS or EFLAGS; IF and IOPL change only when privilege allows, silently otherwise.',
  popfw: 'Pop into the 16-bit FLAGS; IF and IOPL change only when privilege allows, silently otherwise.',
  popfd: 'Pop into EFLAGS; IF, IOPL and other system bits change only when privilege allows, silently otherwise.',
  enter: 'Make a stack frame: push (E)BP, copy outer frame pointers for a nesting level, reserve local space.',
  leave: 'Tear down a stack frame: (E)SP = (E)BP, then pop (E)BP.',
  // control transfer
  jmp: 'Jump: short, near (relative or indirect) or far (to another code segment, a call gate or a task).',
  call: 'Push the return address and jump: near, or far (to another code segment, through a call gate or to a task).',
  ret: 'Near return: pop the return address, then optionally release extra stack bytes.',
  retw: 'Near return with a 16-bit operand size.',
  retd: 'Near return with a 32-bit operand size.',
  retnw: 'Near return with a 16-bit operand size.',
  retnd: 'Near return with a 32-bit operand size.',
  retf: 'Far return: pop offset and CS (and SS:ESP when returning to an outer ring).',
  retfw: 'Far return with a 16-bit operand size.',
  retfd: 'Far return with a 32-bit operand size.',
  jcxz: 'Jump short if CX is zero.',
  jecxz: 'Jump short if ECX is zero.',
  loop: 'Decrement the count register and jump short while it is not zero.',
  loope: 'Decrement the count register and jump short while it is not zero and ZF = 1.',
  loopne: 'Decrement the count register and jump short while it is not zero and ZF = 0.',
  int: 'Software interrupt: call the handler of the vector through the IDT (or the real-mode IVT).',
  int3: 'Breakpoint: the one-byte INT 3 that raises #BP.',
  int1: 'ICEBP: the one-byte debug trap that raises #DB.',
  into: 'Raise #OF (interrupt 4) when OF is set.',
  iret: 'Return from an interrupt: pop the instruction pointer, CS and flags (and SS:ESP on a ring change, or a task return when NT is set).',
  iretw: 'Return from an interrupt with a 16-bit operand size.',
  iretd: 'Return from an interrupt with a 32-bit operand size.',
  sysenter: 'Fast system call: enter ring 0 at the CS, EIP and ESP that the SYSENTER MSRs hold.',
  sysexit: 'Fast return from a SYSENTER to ring 3, at EDX with the stack pointer in ECX.',
  // flags
  clc: 'Clear the carry flag.',
  stc: 'Set the carry flag.',
  cmc: 'Complement the carry flag.',
  cld: 'Clear the direction flag: string instructions go up through memory.',
  std: 'Set the direction flag: string instructions go down through memory.',
  cli: 'Clear the interrupt flag: maskable external interrupts are held off.',
  sti: 'Set the interrupt flag: maskable interrupts are taken again after the next instruction.',
  // strings
  movsb: 'Copy a byte from [DS:(E)SI] to [ES:(E)DI] and step both pointers.',
  movsw: 'Copy a word from [DS:(E)SI] to [ES:(E)DI] and step both pointers.',
  movsd: 'Copy a doubleword from [DS:(E)SI] to [ES:(E)DI] and step both pointers.',
  cmpsb: 'Compare the byte at [DS:(E)SI] with the byte at [ES:(E)DI] and step both pointers.',
  cmpsw: 'Compare the word at [DS:(E)SI] with the word at [ES:(E)DI] and step both pointers.',
  cmpsd: 'Compare the doubleword at [DS:(E)SI] with the one at [ES:(E)DI] and step both pointers.',
  scasb: 'Compare AL with the byte at [ES:(E)DI] and step the pointer.',
  scasw: 'Compare AX with the word at [ES:(E)DI] and step the pointer.',
  scasd: 'Compare EAX with the doubleword at [ES:(E)DI] and step the pointer.',
  lodsb: 'Load AL from [DS:(E)SI] and step the pointer.',
  lodsw: 'Load AX from [DS:(E)SI] and step the pointer.',
  lodsd: 'Load EAX from [DS:(E)SI] and step the pointer.',
  stosb: 'Store AL at [ES:(E)DI] and step the pointer.',
  stosw: 'Store AX at [ES:(E)DI] and step the pointer.',
  stosd: 'Store EAX at [ES:(E)DI] and step the pointer.',
  insb: 'Read a byte from the I/O port in DX into [ES:(E)DI] and step the pointer.',
  insw: 'Read a word from the I/O port in DX into [ES:(E)DI] and step the pointer.',
  insd: 'Read a doubleword from the I/O port in DX into [ES:(E)DI] and step the pointer.',
  outsb: 'Write the byte at [DS:(E)SI] to the I/O port in DX and step the pointer.',
  outsw: 'Write the word at [DS:(E)SI] to the I/O port in DX and step the pointer.',
  outsd: 'Write the doubleword at [DS:(E)SI] to the I/O port in DX and step the pointer.',
  // port I/O
  in: 'Read from an I/O port (an immediate byte or DX) into AL, AX or EAX.',
  out: 'Write AL, AX or EAX to an I/O port (an immediate byte or DX).',
  // system
  hlt: 'Halt the processor until an interrupt, NMI or reset arrives.',
  nop: 'Do nothing (the one-byte 90h, or the multi-byte 0F 1F /0 form).',
  pause: 'Spin-loop hint (F3 90): saves power and avoids a memory-order flush when a spin lock is released.',
  wait: 'Check for pending unmasked x87 floating-point exceptions and handle them (#MF) before going on.',
  ud2: 'Raise #UD on purpose: the officially undefined opcode 0F 0B.',
  cpuid: 'Report processor identity and features for the leaf in EAX (and subleaf in ECX) in EAX, EBX, ECX and EDX.',
  rdtsc: 'Read the time-stamp counter into EDX:EAX (#GP(0) at CPL > 0 when CR4.TSD is set).',
  rdpmc: 'Read the performance-monitoring counter chosen by ECX into EDX:EAX (at CPL > 0 only when CR4.PCE is set).',
  rdmsr: 'Read the model-specific register numbered in ECX into EDX:EAX.',
  wrmsr: 'Write EDX:EAX to the model-specific register numbered in ECX.',
  rsm: 'Resume from system-management mode, restoring the state saved on entry to SMM.',
  lgdt: 'Load the GDT register (limit and base) from a 6-byte memory operand.',
  lidt: 'Load the IDT register (limit and base) from a 6-byte memory operand.',
  sgdt: 'Store the GDT register (limit and base) to memory.',
  sidt: 'Store the IDT register (limit and base) to memory.',
  lldt: 'Load the LDT register with a selector of an LDT descriptor in the GDT.',
  sldt: 'Store the selector of the LDT register.',
  ltr: 'Load the task register with a TSS selector and mark that TSS busy.',
  str: 'Store the selector of the task register.',
  lmsw: 'Load the low four bits of CR0 (PE, MP, EM, TS) from the machine status word; PE cannot be cleared this way.',
  smsw: 'Store the machine status word (the low 16 bits of CR0).',
  clts: 'Clear the task-switched flag (TS) in CR0.',
  invd: 'Invalidate the caches without writing modified lines back.',
  wbinvd: 'Write modified cache lines back to memory, then invalidate the caches.',
  invlpg: 'Invalidate the TLB entry for the page containing the memory operand.',
  lar: "Load a descriptor's access-rights bytes for a selector; ZF tells whether it was visible.",
  lsl: "Load a descriptor's segment limit (in bytes) for a selector; ZF tells whether it was visible.",
  verr: 'Set ZF if the segment of a selector is readable at the current privilege level.',
  verw: 'Set ZF if the segment of a selector is writable at the current privilege level.',
  // VMX
  vmxon: 'Enter VMX root operation, with the VMXON region at the physical address in memory.',
  vmxoff: 'Leave VMX operation.',
  vmclear: 'Flush a VMCS (physical address in memory) to memory and make it clear and inactive.',
  vmptrld: 'Make the VMCS at the physical address in memory current and active.',
  vmptrst: 'Store the physical address of the current VMCS to memory.',
  vmread: 'Read the current-VMCS field whose encoding is in the register operand.',
  vmwrite: 'Write a value to the current-VMCS field whose encoding is in the register operand.',
  vmlaunch: 'Launch the virtual machine of the current (clear) VMCS: VM entry into non-root operation.',
  vmresume: 'Resume the virtual machine of the current (launched) VMCS: VM entry into non-root operation.',
  vmcall: 'Call the VMM from a guest (a hypercall): a VM exit in non-root operation.',
  vmfunc: 'Invoke the VM function numbered in EAX (0: EPTP switching) without a VM exit.',
  invept: 'Invalidate EPT-derived translations (type in the register, descriptor in memory).',
  invvpid: 'Invalidate translations tagged with a VPID (type in the register, descriptor in memory).',
};

const PREFIX_SUMMARIES: Record<string, string> = {
  lock: 'Prefix: make the read-modify-write of the memory destination atomic (#UD on instructions that do not allow it).',
  rep: 'Prefix: repeat the string instruction, decrementing the count register, until it reaches zero.',
  repe: 'Prefix: repeat CMPS/SCAS while the count register is not zero and the operands are equal (ZF = 1).',
  repz: 'Prefix: repeat CMPS/SCAS while the count register is not zero and ZF = 1.',
  repne: 'Prefix: repeat CMPS/SCAS while the count register is not zero and the operands differ (ZF = 0).',
  repnz: 'Prefix: repeat CMPS/SCAS while the count register is not zero and ZF = 0.',
  o16: 'Prefix: use a 16-bit operand size (emits 66h in BITS 32).',
  o32: 'Prefix: use a 32-bit operand size (emits 66h in BITS 16).',
  a16: 'Prefix: use 16-bit addressing (emits 67h in BITS 32).',
  a32: 'Prefix: use 32-bit addressing (emits 67h in BITS 16).',
};

/** What each of the sixteen condition codes tests, by its number. */
const CONDITION_TEXT: readonly string[] = [
  'overflow (OF = 1)',
  'not overflow (OF = 0)',
  'below, i.e. carry (unsigned <, CF = 1)',
  'above or equal, i.e. no carry (unsigned >=, CF = 0)',
  'equal, i.e. zero (ZF = 1)',
  'not equal, i.e. not zero (ZF = 0)',
  'below or equal (unsigned <=, CF = 1 or ZF = 1)',
  'above (unsigned >, CF = 0 and ZF = 0)',
  'sign (SF = 1)',
  'not sign (SF = 0)',
  'parity even (PF = 1)',
  'parity odd (PF = 0)',
  'less (signed <, SF != OF)',
  'greater or equal (signed >=, SF = OF)',
  'less or equal (signed <=, ZF = 1 or SF != OF)',
  'greater (signed >, ZF = 0 and SF = OF)',
];

const CONDITION_FAMILIES: Record<string, (cond: string) => string> = {
  j: (c) => `Jump (short or near) if ${c}.`,
  set: (c) => `Set the byte operand to 1 if ${c}, else to 0.`,
  cmov: (c) => `Move the source into the register if ${c}.`,
};

function conditionSummary(name: string): string | undefined {
  for (const [family, text] of Object.entries(CONDITION_FAMILIES)) {
    if (!name.startsWith(family)) continue;
    const cc = CONDITIONS.findIndex((spellings) => spellings.includes(name.slice(family.length)));
    if (cc >= 0) return text(CONDITION_TEXT[cc]);
  }
  return undefined;
}

/** Behaviour in VMX non-root operation (Intel SDM volume 3C, "Instructions That Cause VM Exits"). */
const VM_EXITS: Record<string, VmExitInfo> = {
  cpuid: { reasons: ['CPUID'], when: 'always' },
  invd: { reasons: ['INVD'], when: 'always' },
  hlt: { reasons: ['HLT'], when: 'when the HLT-exiting control is set' },
  invlpg: { reasons: ['INVLPG'], when: 'when the INVLPG-exiting control is set' },
  rdpmc: { reasons: ['RDPMC'], when: 'when the RDPMC-exiting control is set' },
  rdtsc: { reasons: ['RDTSC'], when: 'when the RDTSC-exiting control is set' },
  rdmsr: { reasons: ['RDMSR'], when: 'when the MSR bitmap selects the MSR (always without MSR bitmaps)' },
  wrmsr: { reasons: ['WRMSR'], when: 'when the MSR bitmap selects the MSR (always without MSR bitmaps)' },
  pause: { reasons: ['PAUSE'], when: 'when PAUSE exiting or PAUSE-loop exiting applies' },
  wbinvd: { reasons: ['WBINVD'], when: 'when the WBINVD-exiting control is set' },
  mov: {
    reasons: ['MOV_CRX', 'MOV_DRX'],
    when: 'for control registers per the CR3-load/store controls and the CR0/CR4 guest/host masks; for debug registers when MOV-DR exiting is set',
  },
  clts: { reasons: ['MOV_CRX'], when: 'when the VMM owns CR0.TS (guest/host mask) and the read shadow has it set' },
  lmsw: { reasons: ['MOV_CRX'], when: 'when it would change a CR0 bit the VMM owns (guest/host mask)' },
  in: { reasons: ['IO_INSTR'], when: 'by unconditional I/O exiting or the I/O bitmaps' },
  out: { reasons: ['IO_INSTR'], when: 'by unconditional I/O exiting or the I/O bitmaps' },
  lgdt: { reasons: ['XDTR_ACCESS'], when: 'when descriptor-table exiting is set' },
  lidt: { reasons: ['XDTR_ACCESS'], when: 'when descriptor-table exiting is set' },
  sgdt: { reasons: ['XDTR_ACCESS'], when: 'when descriptor-table exiting is set' },
  sidt: { reasons: ['XDTR_ACCESS'], when: 'when descriptor-table exiting is set' },
  lldt: { reasons: ['TR_ACCESS'], when: 'when descriptor-table exiting is set' },
  ltr: { reasons: ['TR_ACCESS'], when: 'when descriptor-table exiting is set' },
  sldt: { reasons: ['TR_ACCESS'], when: 'when descriptor-table exiting is set' },
  str: { reasons: ['TR_ACCESS'], when: 'when descriptor-table exiting is set' },
  jmp: { reasons: ['TASK_SWITCH'], when: 'whenever a far jump switches tasks' },
  call: { reasons: ['TASK_SWITCH'], when: 'whenever a far call switches tasks' },
  iret: { reasons: ['TASK_SWITCH'], when: 'whenever it returns to another task (NT = 1)' },
  int3: { reasons: ['XCPT_OR_NMI'], when: 'when the exception bitmap selects #BP' },
  int1: { reasons: ['XCPT_OR_NMI'], when: 'when the exception bitmap selects #DB' },
  into: { reasons: ['XCPT_OR_NMI'], when: 'when OF = 1 and the exception bitmap selects #OF' },
  ud2: { reasons: ['XCPT_OR_NMI'], when: 'when the exception bitmap selects #UD' },
  vmcall: { reasons: ['VMCALL'], when: 'always' },
  vmclear: { reasons: ['VMCLEAR'], when: 'always' },
  vmlaunch: { reasons: ['VMLAUNCH'], when: 'always' },
  vmresume: { reasons: ['VMRESUME'], when: 'always' },
  vmptrld: { reasons: ['VMPTRLD'], when: 'always' },
  vmptrst: { reasons: ['VMPTRST'], when: 'always' },
  vmread: { reasons: ['VMREAD'], when: 'unless VMCS shadowing lets the field through' },
  vmwrite: { reasons: ['VMWRITE'], when: 'unless VMCS shadowing lets the field through' },
  vmxoff: { reasons: ['VMXOFF'], when: 'always' },
  vmxon: { reasons: ['VMXON'], when: 'always' },
  invept: { reasons: ['INVEPT'], when: 'always' },
  invvpid: { reasons: ['INVVPID'], when: 'always' },
  vmfunc: { reasons: ['VMFUNC'], when: 'when the function is not enabled or fails (e.g. an invalid EPTP index)' },
};
// the sized spellings behave like their base instruction
for (const [sized, base] of [['iretw', 'iret'], ['iretd', 'iret'], ['insb', 'in'], ['insw', 'in'], ['insd', 'in'],
  ['outsb', 'out'], ['outsw', 'out'], ['outsd', 'out']] as const) VM_EXITS[sized] = VM_EXITS[base];

/** Orders processor levels (8086 is numerically the largest). */
export function cpuRank(cpu: CpuLevel): number {
  return cpu === 8086 ? 86 : cpu;
}

const IO_MNEMONIC = /^(in|out|ins[bwd]|outs[bwd])$/;

const OPERAND_TEXT: Partial<Record<OperandType, string>> = {
  creg: 'CRn', dreg: 'DRn', treg: 'TRn', sreg: 'Sreg', rm8: 'r/m8', rm16: 'r/m16', rm32: 'r/m32',
  mfar16: 'm16:16', mfar32: 'm16:32', far16: 'ptr16:16', far32: 'ptr16:32', unity: '1',
  es: 'ES', cs: 'CS', ss: 'SS', ds: 'DS', fs: 'FS', gs: 'GS',
};

function formText(f: InstructionForm): string {
  const ops = f.operands.map((o) => OPERAND_TEXT[o] ?? o).join(', ');
  return ops === '' ? f.mnemonic.toUpperCase() : `${f.mnemonic.toUpperCase()} ${ops}`;
}

/** '' when every form has the flag, else " (forms: ...)" naming those that do. */
function whichForms(forms: readonly InstructionForm[], flag: Flag): string {
  const flagged = forms.filter((f) => f.flags.has(flag));
  if (flagged.length === forms.length) return '';
  const shown = [...new Set(flagged.filter((f) => !f.flags.has('nd')).map(formText))];
  return ` (forms: ${shown.join(' · ')})`;
}

function flagNotes(name: string, forms: readonly InstructionForm[], vmExit: VmExitInfo | undefined): string[] {
  const has = (flag: Flag) => forms.some((f) => f.flags.has(flag));
  const notes: string[] = [];
  if (has('vmx')) {
    const outside = name === 'vmxon' ? 'unless CR4.VMXE = 1' : 'outside VMX operation';
    notes.push(has('priv')
      ? `VMX instruction: #UD ${outside}; #GP(0) unless CPL 0; in VMX non-root operation it causes a VM exit instead.`
      : 'VMX instruction: meant for VMX non-root operation, where a guest at any CPL can use it.');
  } else if (has('priv')) {
    notes.push(`Privileged${whichForms(forms, 'priv')}: #GP(0) unless CPL 0.`);
  }
  if (has('iopl')) {
    notes.push(IO_MNEMONIC.test(name)
      ? `IOPL-sensitive${whichForms(forms, 'iopl')}: when CPL > IOPL (or in virtual-8086 mode) the TSS I/O permission bitmap decides; a denied port raises #GP(0).`
      : `IOPL-sensitive${whichForms(forms, 'iopl')}: #GP(0) when CPL > IOPL.`);
  }
  if (has('sens')) {
    notes.push(`Sensitive but unprivileged${whichForms(forms, 'sens')}: reads or changes privileged state without trapping outside ring 0, a virtualization hole (Popek–Goldberg).`);
  }
  if (vmExit !== undefined) {
    notes.push(vmExit.when === 'always'
      ? `In VMX non-root operation: always causes a VM exit (${vmExit.reasons.join(', ')}).`
      : `In VMX non-root operation: causes a VM exit (${vmExit.reasons.join(', ')}) ${vmExit.when}.`);
  }
  return notes;
}

/** Everything the hover says about a mnemonic, alias or prefix; undefined for other words. */
export function describeMnemonic(word: string): MnemonicInfo | undefined {
  const name = word.toLowerCase();
  if (name in PREFIX_SUMMARIES) {
    return {
      name, canonical: name, kind: 'prefix', summary: PREFIX_SUMMARIES[name],
      privileged: false, iopl: false, sensitive: false, vmx: false,
      cpu: /^[oa](16|32)$/.test(name) ? 386 : 8086, notes: [],
    };
  }
  if (!MNEMONICS.has(name)) return undefined;
  const canonical = ALIASES.get(name) ?? name;
  const forms = formsOf(name);
  let summary = conditionSummary(name) ?? SUMMARIES[name];
  if (summary === undefined && SUMMARIES[canonical] !== undefined) {
    summary = `${SUMMARIES[canonical]} (Another spelling of ${canonical.toUpperCase()}.)`;
  }
  if (summary === undefined) summary = `${canonical.toUpperCase()}.`; // a table line without a description yet
  const vmExit = VM_EXITS[canonical];
  const has = (flag: Flag) => forms.some((f) => f.flags.has(flag));
  return {
    name, canonical, kind: 'instruction', summary,
    privileged: has('priv'), iopl: has('iopl'), sensitive: has('sens'), vmx: has('vmx'),
    cpu: forms.reduce<CpuLevel>((lo, f) => (cpuRank(f.cpu) < cpuRank(lo) ? f.cpu : lo), 686),
    vmExit, notes: flagNotes(canonical, forms, vmExit),
  };
}

/** Whether a word has a written description (the test checks that every mnemonic does). */
export function hasWrittenSummary(word: string): boolean {
  const name = word.toLowerCase();
  const canonical = ALIASES.get(name) ?? name;
  return name in PREFIX_SUMMARIES || conditionSummary(name) !== undefined ||
    SUMMARIES[name] !== undefined || SUMMARIES[canonical] !== undefined;
}
