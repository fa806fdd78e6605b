// System instructions: descriptor-table registers, LDTR and TR, MOV to and from control and
// debug registers, LMSW SMSW CLTS, INVLPG INVD WBINVD, HLT, CPUID RDTSC RDMSR WRMSR, the
// protection queries LAR LSL VERR VERW ARPL, and UD2.

import { DecodedInstruction } from '../../../arch/decoder';
import { arDpl, isCode, isConforming, isData, isPresent, isReadable, isWritable, SysType } from '../descriptors';
import { CpuFault, Vector } from '../faults';
import { F } from '../flags';
import { CR0_PE, CR0_PG, CR0_WP, CR4_PGE, CR4_PSE } from '../mmu';
import { Reg, Seg } from '../state';
import type { Cpu } from '../cpu';
import { Handler, HandlerGroup } from './handler';
import { effectiveAddress, read, write } from './operands';
import { cpuid } from './identity';

const gp0 = (): never => {
  throw new CpuFault(Vector.GP, 0);
};

/** Privileged instructions: #GP(0) unless CPL = 0 (virtual-8086 code runs at CPL 3). */
export function requireCpl0(cpu: Cpu): void {
  if (cpu.cpl !== 0) gp0();
}

const requireProtectedMode = (cpu: Cpu): void => {
  if (!cpu.protectedMode || cpu.flags.has(F.VM)) throw new CpuFault(Vector.UD);
};

/** CR0 bits that exist: PE MP EM TS ET NE WP AM NW CD PG. */
const CR0_DEFINED = 0xe005003f;
/** CR4 bits this processor implements: TSD, PSE, PGE (CPUID reports no VME, DE, PAE, MCE or PCE). */
const CR4_DEFINED = (1 << 2) | CR4_PSE | CR4_PGE;
const CR0_ET = 1 << 4;
const CR0_TS = 1 << 3;
const CR4_TSD = 1 << 2;

function writeCr(cpu: Cpu, n: number, value: number): void {
  const mmu = cpu.mmu;
  switch (n) {
    case 0: {
      if ((value & CR0_PG) !== 0 && (value & CR0_PE) === 0) gp0();
      if ((value & (1 << 29)) !== 0 && (value & (1 << 30)) === 0) gp0(); // NW without CD
      const next = ((value & CR0_DEFINED) | CR0_ET) >>> 0;
      const pagingChange = ((mmu.cr0 ^ next) & (CR0_PG | CR0_WP | CR0_PE)) !== 0;
      mmu.cr0 = next;
      if (pagingChange) mmu.flushAll();
      return;
    }
    case 2:
      cpu.cr2 = value;
      return;
    case 3:
      mmu.cr3 = value & 0xfffff018;
      mmu.flushNonGlobal();
      return;
    case 4: {
      if ((value & ~CR4_DEFINED) !== 0) gp0();
      const flush = ((mmu.cr4 ^ value) & (CR4_PSE | CR4_PGE)) !== 0;
      mmu.cr4 = value;
      if (flush) mmu.flushAll();
      return;
    }
    default:
      throw new CpuFault(Vector.UD);
  }
}

function readCr(cpu: Cpu, n: number): number {
  switch (n) {
    case 0: return cpu.cr0;
    case 2: return cpu.cr2;
    case 3: return cpu.cr3;
    case 4: return cpu.cr4;
    default: throw new CpuFault(Vector.UD);
  }
}

/** DR4 and DR5 are DR6 and DR7 (CR4.DE, which would make them fault, is not implemented). */
const debugRegister = (n: number): number => (n === 4 || n === 5 ? n + 2 : n);

/** MOV to or from CRn, DRn (TRn exist only before the Pentium: #UD here). */
export function moveSystemRegister(cpu: Cpu, insn: DecodedInstruction): void {
  const [dst, src] = insn.operands;
  if (dst.cls === 'treg' || src.cls === 'treg') throw new CpuFault(Vector.UD);
  requireCpl0(cpu);
  if (dst.cls === 'creg') writeCr(cpu, dst.reg, cpu.gpr[src.reg]);
  else if (src.cls === 'creg') cpu.gpr[dst.reg] = readCr(cpu, src.reg);
  else if (dst.cls === 'dreg') {
    const n = debugRegister(dst.reg);
    cpu.dr[n] = n === 6 ? (cpu.gpr[src.reg] | 0xffff0ff0) >>> 0 : n === 7 ? (cpu.gpr[src.reg] | 0x400) >>> 0 : cpu.gpr[src.reg];
    cpu.debug.update();
  } else cpu.gpr[dst.reg] = cpu.dr[debugRegister(src.reg)];
}

/** LGDT, LIDT: a 16-bit limit then a 32-bit base (24 bits with a 16-bit operand size). */
function loadTableRegister(which: 'gdtr' | 'idtr'): Handler {
  return (cpu, insn) => {
    requireCpl0(cpu);
    const op = insn.operands[0];
    const ea = effectiveAddress(cpu, insn, op);
    const limit = cpu.mem.read(op.seg as Seg, ea, 2);
    const base = cpu.mem.read(op.seg as Seg, (ea + 2) >>> 0, 4);
    cpu[which].limit = limit;
    cpu[which].base = insn.operandSize === 16 ? base & 0xffffff : base;
  };
}

function storeTableRegister(which: 'gdtr' | 'idtr'): Handler {
  return (cpu, insn) => {
    const op = insn.operands[0];
    const ea = effectiveAddress(cpu, insn, op);
    cpu.mem.linear(op.seg as Seg, ea, 6, true); // both parts checked before either is written
    cpu.mem.write(op.seg as Seg, ea, 2, cpu[which].limit);
    cpu.mem.write(op.seg as Seg, (ea + 2) >>> 0, 4, cpu[which].base);
  };
}

const lldt: Handler = (cpu, insn) => {
  requireProtectedMode(cpu);
  requireCpl0(cpu);
  const selector = read(cpu, insn, 0) & 0xffff;
  if ((selector & 0xfffc) === 0) {
    cpu.ldtr.selector = selector;
    cpu.ldtr.ar = 1 << 16;
    return;
  }
  if ((selector & 4) !== 0) throw new CpuFault(Vector.GP, selector & 0xfffc);
  const d = cpu.tables.read(selector);
  if ((d.ar & 0x1f) !== SysType.Ldt) throw new CpuFault(Vector.GP, selector & 0xfffc);
  if (!isPresent(d.ar)) throw new CpuFault(Vector.NP, selector & 0xfffc);
  Object.assign(cpu.ldtr, { selector, base: d.base, limit: d.limit, ar: d.ar });
};

const ltr: Handler = (cpu, insn) => {
  requireProtectedMode(cpu);
  requireCpl0(cpu);
  const selector = read(cpu, insn, 0) & 0xffff;
  if ((selector & 0xfffc) === 0) gp0();
  if ((selector & 4) !== 0) throw new CpuFault(Vector.GP, selector & 0xfffc);
  const d = cpu.tables.read(selector);
  const type = d.ar & 0x1f;
  if (type !== SysType.Tss16Available && type !== SysType.Tss32Available) throw new CpuFault(Vector.GP, selector & 0xfffc);
  if (!isPresent(d.ar)) throw new CpuFault(Vector.NP, selector & 0xfffc);
  cpu.mem.writeLinear((d.address + 4) >>> 0, 4, d.hi | 0x200, false);
  Object.assign(cpu.tr, { selector, base: d.base, limit: d.limit, ar: d.ar | 2 });
};

const lmsw: Handler = (cpu, insn) => {
  requireCpl0(cpu);
  const value = read(cpu, insn, 0);
  // LMSW sets PE but never clears it, and only touches PE, MP, EM and TS.
  writeCr(cpu, 0, (cpu.cr0 & ~0xe) | (value & 0xf) | (cpu.cr0 & CR0_PE));
};

const invlpg: Handler = (cpu, insn) => {
  requireCpl0(cpu);
  const op = insn.operands[0];
  cpu.mmu.invalidate((cpu.segs[op.seg].base + effectiveAddress(cpu, insn, op)) >>> 0);
};

/** Model-specific registers this processor has. */
const IA32_TIME_STAMP_COUNTER = 0x10;

const rdmsr: Handler = (cpu) => {
  requireCpl0(cpu);
  if (cpu.gpr[Reg.ECX] !== IA32_TIME_STAMP_COUNTER) gp0();
  const tsc = cpu.timeStampCounter();
  cpu.gpr[Reg.EAX] = Number(tsc & 0xffffffffn);
  cpu.gpr[Reg.EDX] = Number(tsc >> 32n);
};

const wrmsr: Handler = (cpu) => {
  requireCpl0(cpu);
  if (cpu.gpr[Reg.ECX] !== IA32_TIME_STAMP_COUNTER) gp0();
  cpu.setTimeStampCounter((BigInt(cpu.gpr[Reg.EDX]) << 32n) | BigInt(cpu.gpr[Reg.EAX]));
};

const rdtsc: Handler = (cpu) => {
  if ((cpu.cr4 & CR4_TSD) !== 0 && cpu.cpl !== 0) gp0();
  const tsc = cpu.timeStampCounter();
  cpu.gpr[Reg.EAX] = Number(tsc & 0xffffffffn);
  cpu.gpr[Reg.EDX] = Number(tsc >> 32n);
};

/** LAR, LSL, VERR, VERW look at a descriptor without loading it; a failed test clears ZF. */
function protectionQuery(test: (cpu: Cpu, insn: DecodedInstruction, selector: number, ar: number, hi: number, limit: number) => boolean): Handler {
  return (cpu, insn) => {
    requireProtectedMode(cpu);
    const selector = read(cpu, insn, insn.operands.length - 1) & 0xffff;
    const table = (selector & 4) !== 0 ? cpu.ldtr : cpu.gdtr;
    const outside = (selector & 0xfffc) === 0 || (selector & 0xfff8) + 7 > table.limit;
    const d = outside ? undefined : cpu.tables.read(selector);
    cpu.flags.setFlag(F.ZF, d !== undefined && test(cpu, insn, selector, d.ar, d.hi, d.limit));
  };
}

/** The privilege test of LAR, LSL and VERR: conforming code passes, the rest needs DPL >= CPL and RPL. */
const visible = (cpu: Cpu, selector: number, ar: number): boolean =>
  isConforming(ar) || (arDpl(ar) >= cpu.cpl && arDpl(ar) >= (selector & 3));

const LAR_SYSTEM_TYPES = new Set([1, 2, 3, 4, 5, 9, 11, 12]);
const LSL_SYSTEM_TYPES = new Set([1, 2, 3, 9, 11]);

const lar = protectionQuery((cpu, insn, selector, ar, hi) => {
  const ok = (isCode(ar) || isData(ar) || LAR_SYSTEM_TYPES.has(ar & 0x1f)) && visible(cpu, selector, ar);
  if (ok) write(cpu, insn, 0, insn.operandSize === 32 ? hi & 0x00f0ff00 : hi & 0xff00);
  return ok;
});

const lsl = protectionQuery((cpu, insn, selector, ar, _hi, limit) => {
  const ok = (isCode(ar) || isData(ar) || LSL_SYSTEM_TYPES.has(ar & 0x1f)) && visible(cpu, selector, ar);
  if (ok) write(cpu, insn, 0, limit);
  return ok;
});

const verr = protectionQuery((cpu, _insn, selector, ar) => isReadable(ar) && visible(cpu, selector, ar));
const verw = protectionQuery((cpu, _insn, selector, ar) => isWritable(ar) && visible(cpu, selector, ar));

const arpl: Handler = (cpu, insn) => {
  requireProtectedMode(cpu);
  const dest = read(cpu, insn, 0);
  const src = read(cpu, insn, 1);
  const raise = (dest & 3) < (src & 3);
  if (raise) write(cpu, insn, 0, (dest & ~3) | (src & 3));
  cpu.flags.setFlag(F.ZF, raise);
};

const cpuidHandler: Handler = (cpu) => {
  const [eax, ebx, ecx, edx] = cpuid(cpu.gpr[Reg.EAX]);
  cpu.gpr[Reg.EAX] = eax;
  cpu.gpr[Reg.EBX] = ebx;
  cpu.gpr[Reg.ECX] = ecx;
  cpu.gpr[Reg.EDX] = edx;
};

export const SYSTEM: HandlerGroup = {
  lgdt: loadTableRegister('gdtr'),
  lidt: loadTableRegister('idtr'),
  sgdt: storeTableRegister('gdtr'),
  sidt: storeTableRegister('idtr'),
  lldt,
  ltr,
  sldt: (cpu, insn) => {
    requireProtectedMode(cpu);
    write(cpu, insn, 0, cpu.ldtr.selector);
  },
  str: (cpu, insn) => {
    requireProtectedMode(cpu);
    write(cpu, insn, 0, cpu.tr.selector);
  },
  // To memory, the low 16 bits; to a 32-bit register, all of CR0 (as P6 and later store it).
  smsw: (cpu, insn) => write(cpu, insn, 0, cpu.cr0),
  lmsw,
  clts: (cpu) => {
    requireCpl0(cpu);
    cpu.mmu.cr0 &= ~CR0_TS;
  },
  invlpg,
  invd: requireCpl0,
  wbinvd: requireCpl0,
  hlt: (cpu) => {
    requireCpl0(cpu);
    cpu.halted = true;
  },
  rdmsr,
  wrmsr,
  rdtsc,
  cpuid: cpuidHandler,
  lar, lsl, verr, verw, arpl,
  ud2: () => {
    throw new CpuFault(Vector.UD);
  },
};

