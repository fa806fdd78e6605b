// Registers by name, for expressions, the variables view and setVariable; the named bits of
// EFLAGS, CR0 and CR4. Plain reads and writes of the architectural state: no side effects
// beyond what the write itself means (a control-register write flushes the TLB).

import type { Cpu } from '../../src/machine/cpu/cpu';

export const GPR32 = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'] as const;
const GPR16 = ['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di'];
const GPR8 = ['al', 'cl', 'dl', 'bl', 'ah', 'ch', 'dh', 'bh'];
export const SEGMENTS = ['es', 'cs', 'ss', 'ds', 'fs', 'gs'] as const;

export interface BitField {
  name: string;
  bit: number;
  width: number;
  description: string;
}

const bit = (name: string, b: number, description: string, width = 1): BitField => ({ name, bit: b, width, description });

export const EFLAGS_BITS: BitField[] = [
  bit('CF', 0, 'carry'), bit('PF', 2, 'parity'), bit('AF', 4, 'auxiliary carry'), bit('ZF', 6, 'zero'),
  bit('SF', 7, 'sign'), bit('TF', 8, 'trap (single step)'), bit('IF', 9, 'interrupts enabled'), bit('DF', 10, 'direction'),
  bit('OF', 11, 'overflow'), bit('IOPL', 12, 'I/O privilege level', 2), bit('NT', 14, 'nested task'), bit('RF', 16, 'resume'),
  bit('VM', 17, 'virtual-8086 mode'), bit('AC', 18, 'alignment check'), bit('VIF', 19, 'virtual interrupt'),
  bit('VIP', 20, 'virtual interrupt pending'), bit('ID', 21, 'CPUID available'),
];

export const CR0_BITS: BitField[] = [
  bit('PE', 0, 'protection enable'), bit('MP', 1, 'monitor coprocessor'), bit('EM', 2, 'emulation'), bit('TS', 3, 'task switched'),
  bit('ET', 4, 'extension type'), bit('NE', 5, 'numeric error'), bit('WP', 16, 'write protect'), bit('AM', 18, 'alignment mask'),
  bit('NW', 29, 'not write-through'), bit('CD', 30, 'cache disable'), bit('PG', 31, 'paging'),
];

export const CR4_BITS: BitField[] = [
  bit('VME', 0, 'virtual-8086 mode extensions'), bit('PVI', 1, 'protected-mode virtual interrupts'), bit('TSD', 2, 'time stamp disable'),
  bit('DE', 3, 'debugging extensions'), bit('PSE', 4, 'page size extensions'), bit('PAE', 5, 'physical address extension'),
  bit('MCE', 6, 'machine check enable'), bit('PGE', 7, 'page global enable'), bit('PCE', 8, 'performance counter enable'),
];

export const fieldOf = (value: number, f: BitField) => (value >>> f.bit) & ((1 << f.width) - 1);

export const withField = (value: number, f: BitField, v: number) => {
  const mask = ((1 << f.width) - 1) << f.bit;
  return ((value & ~mask) | ((v << f.bit) & mask)) >>> 0;
};

const FLAG_BY_NAME = new Map(EFLAGS_BITS.map((f) => [f.name.toLowerCase(), f]));

/** A register's value by lower-case name (flags read as their bit values), or undefined. */
export function readRegister(cpu: Cpu, name: string): number | undefined {
  let i = GPR32.indexOf(name as (typeof GPR32)[number]);
  if (i >= 0) return cpu.gpr[i];
  if ((i = GPR16.indexOf(name)) >= 0) return cpu.gpr[i] & 0xffff;
  if ((i = GPR8.indexOf(name)) >= 0) return (cpu.gpr[i & 3] >>> (i >= 4 ? 8 : 0)) & 0xff;
  if ((i = SEGMENTS.indexOf(name as (typeof SEGMENTS)[number])) >= 0) return cpu.segs[i].selector;
  switch (name) {
    case 'eip': return cpu.eip >>> 0;
    case 'ip': return cpu.eip & 0xffff;
    case 'eflags': return cpu.flags.value >>> 0;
    case 'flags': return cpu.flags.value & 0xffff;
    case 'cr0': return cpu.mmu.cr0 >>> 0;
    case 'cr2': return cpu.cr2 >>> 0;
    case 'cr3': return cpu.mmu.cr3 >>> 0;
    case 'cr4': return cpu.mmu.cr4 >>> 0;
    case 'cpl': return cpu.cpl;
  }
  const dr = /^dr([0-7])$/.exec(name);
  if (dr) return cpu.dr[Number(dr[1])];
  const flag = FLAG_BY_NAME.get(name);
  if (flag !== undefined) return fieldOf(cpu.flags.value, flag);
  return undefined;
}

/** Writes a register or flag by lower-case name; returns false when there is no such writable register. */
export function writeRegister(cpu: Cpu, name: string, value: number): boolean {
  value >>>= 0;
  let i = GPR32.indexOf(name as (typeof GPR32)[number]);
  if (i >= 0) {
    cpu.gpr[i] = value;
    return true;
  }
  if ((i = GPR16.indexOf(name)) >= 0) {
    cpu.gpr[i] = (cpu.gpr[i] & 0xffff0000) | (value & 0xffff);
    return true;
  }
  if ((i = GPR8.indexOf(name)) >= 0) {
    const shift = i >= 4 ? 8 : 0;
    cpu.gpr[i & 3] = (cpu.gpr[i & 3] & ~(0xff << shift)) | ((value & 0xff) << shift);
    return true;
  }
  switch (name) {
    case 'eip':
      cpu.eip = value;
      return true;
    case 'eflags':
      cpu.flags.value = value;
      return true;
    case 'cr0':
      cpu.mmu.cr0 = value;
      cpu.mmu.flushAll();
      return true;
    case 'cr2':
      cpu.cr2 = value;
      return true;
    case 'cr3':
      cpu.mmu.cr3 = value;
      cpu.mmu.flushAll();
      return true;
    case 'cr4':
      cpu.mmu.cr4 = value;
      cpu.mmu.flushAll();
      return true;
  }
  const dr = /^dr([0-7])$/.exec(name);
  if (dr) {
    cpu.dr[Number(dr[1])] = value;
    cpu.debug.update();
    return true;
  }
  const flag = FLAG_BY_NAME.get(name);
  if (flag !== undefined) {
    cpu.flags.value = withField(cpu.flags.value, flag, value);
    return true;
  }
  return false;
}

/** The processor mode as a person says it. */
export function modeOf(cpu: Cpu): string {
  return modeName({ protected: cpu.protectedMode, vm86: (cpu.flags.value & (1 << 17)) !== 0, big: cpu.segs[1].big, paging: (cpu.mmu.cr0 & 0x80000000) !== 0 });
}

/** A mode's name from its parts: CR0.PE, EFLAGS.VM, the code segment's D bit, CR0.PG. */
export function modeName(m: { protected: boolean; vm86: boolean; big: boolean; paging: boolean }): string {
  if (!m.protected) return 'real mode';
  if (m.vm86) return 'virtual-8086';
  return `${m.big ? 'protected 32-bit' : 'protected 16-bit'}${m.paging ? ', paging' : ''}`;
}
