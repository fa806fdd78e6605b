// Integer arithmetic: ADD ADC SUB SBB CMP INC DEC NEG, MUL IMUL DIV IDIV, XADD CMPXCHG CMPXCHG8B.
// MUL and IMUL leave SF, ZF, AF and PF undefined (SDM); they are set from the low half of the
// product and AF is cleared, and DIV/IDIV leave every flag as it was.

import { CpuFault, Vector } from '../faults';
import { Eflags, F } from '../flags';
import { Reg, Seg } from '../state';
import { aluHandlers } from './alu-ops';
import { Handler, HandlerGroup } from './handler';
import { divide64, divide64Signed, multiplyHigh32, remainder } from './wide-arithmetic';
import { effectiveAddress, read, readForWrite, readGpr, write, writeBack, writeGpr } from './operands';

const MASK: Record<number, number> = { 8: 0xff, 16: 0xffff, 32: 0xffffffff };

/** Sign-extends a value of `bits` width to a JavaScript integer. */
export function signed(v: number, bits: number): number {
  return bits === 32 ? v | 0 : bits === 16 ? (v << 16) >> 16 : (v << 24) >> 24;
}

const inc: Handler = (cpu, insn) => {
  const a = readForWrite(cpu, insn, 0);
  cpu.flags.inc(a, a + 1, insn.operands[0].size);
  writeBack(cpu, insn, 0, a + 1);
};

const dec: Handler = (cpu, insn) => {
  const a = readForWrite(cpu, insn, 0);
  cpu.flags.dec(a, a - 1, insn.operands[0].size);
  writeBack(cpu, insn, 0, a - 1);
};

const neg: Handler = (cpu, insn) => {
  const a = readForWrite(cpu, insn, 0);
  cpu.flags.sub(0, a, -a, insn.operands[0].size);
  writeBack(cpu, insn, 0, -a);
};

/** MUL and one-operand IMUL: AX = AL * src, DX:AX = AX * src, EDX:EAX = EAX * src. */
function widening(isSigned: boolean): Handler {
  return (cpu, insn) => {
    const bits = insn.operands[0].size;
    const src = read(cpu, insn, 0);
    const acc = readGpr(cpu, Reg.EAX, bits);
    let lo: number, hi: number;
    if (bits === 32) {
      lo = Math.imul(acc, src) >>> 0;
      hi = multiplyHigh32(acc, src, isSigned);
    } else {
      const p = isSigned ? signed(acc, bits) * signed(src, bits) : acc * src;
      lo = p & MASK[bits];
      hi = (p >> bits) & MASK[bits];
    }
    if (bits === 8) writeGpr(cpu, Reg.EAX, 16, (hi << 8) | lo);
    else {
      writeGpr(cpu, Reg.EAX, bits, lo);
      writeGpr(cpu, Reg.EDX, bits, hi);
    }
    const extension = isSigned ? (signed(lo, bits) < 0 ? MASK[bits] : 0) : 0;
    setMultiplyFlags(cpu.flags, lo, bits, hi !== extension);
  };
}

function setMultiplyFlags(flags: Eflags, lo: number, bits: number, overflow: boolean): void {
  flags.setArith(F.CF | F.OF | F.SF | F.ZF | F.AF | F.PF, Eflags.resultFlags(lo, bits) | (overflow ? F.CF | F.OF : 0));
}

/** IMUL r, r/m and IMUL r, r/m, imm: a truncated signed product. */
const imulTruncating: Handler = (cpu, insn) => {
  const a = read(cpu, insn, insn.operands.length === 3 ? 1 : 0);
  const b = read(cpu, insn, insn.operands.length === 3 ? 2 : 1);
  write(cpu, insn, 0, truncatingProduct(cpu.flags, a, b, insn.operands[0].size));
};

/** The low `bits` of the signed product a * b; records IMUL's flags (CF = OF = the product did not fit). */
export function truncatingProduct(flags: Eflags, a: number, b: number, bits: number): number {
  let lo: number, overflow: boolean;
  if (bits === 32) {
    lo = Math.imul(a, b) >>> 0;
    overflow = multiplyHigh32(a, b, true) !== ((lo & 0x80000000) !== 0 ? 0xffffffff : 0);
  } else {
    const p = signed(a, bits) * signed(b, bits);
    lo = p & MASK[bits];
    overflow = p !== signed(lo, bits);
  }
  setMultiplyFlags(flags, lo, bits, overflow);
  return lo;
}

const imulWidening = widening(true);
const imul: Handler = (cpu, insn) => (insn.operands.length === 1 ? imulWidening(cpu, insn) : imulTruncating(cpu, insn));

/** DIV and IDIV: #DE for a zero divisor or a quotient that does not fit. */
function divide(isSigned: boolean): Handler {
  return (cpu, insn) => {
    const bits = insn.operands[0].size;
    const divisor = read(cpu, insn, 0);
    if (divisor === 0) throw new CpuFault(Vector.DE);
    const low = readGpr(cpu, Reg.EAX, bits === 8 ? 16 : bits);
    let quotient: number, rest: number;
    if (bits === 32) {
      const high = cpu.gpr[Reg.EDX];
      quotient = isSigned ? divide64Signed(high, low, divisor) : divide64(high, low, divisor);
      rest = remainder();
    } else {
      // Dividends of up to 32 bits divide exactly as doubles.
      const wide = bits === 8 ? low : ((readGpr(cpu, Reg.EDX, 16) << 16) | low) >>> 0;
      const n = isSigned ? signed(wide, 2 * bits) : wide;
      const d = isSigned ? signed(divisor, bits) : divisor;
      quotient = Math.trunc(n / d);
      rest = n - quotient * d;
    }
    const limit = 2 ** (isSigned ? bits - 1 : bits);
    if (isSigned ? quotient >= limit || quotient < -limit : quotient >= limit) throw new CpuFault(Vector.DE);
    const q = quotient & MASK[bits];
    const r = rest & MASK[bits];
    if (bits === 8) writeGpr(cpu, Reg.EAX, 16, (r << 8) | q);
    else {
      writeGpr(cpu, Reg.EAX, bits, q);
      writeGpr(cpu, Reg.EDX, bits, r);
    }
  };
}

const xadd: Handler = (cpu, insn) => {
  const b = read(cpu, insn, 1);
  const a = readForWrite(cpu, insn, 0);
  cpu.flags.add(a, b, a + b, insn.operands[0].size);
  writeBack(cpu, insn, 0, a + b);
  write(cpu, insn, 1, a);
};

const cmpxchg: Handler = (cpu, insn) => {
  const bits = insn.operands[0].size;
  const acc = readGpr(cpu, Reg.EAX, bits);
  const src = read(cpu, insn, 1);
  // The destination is written either way (with its own value when unequal), as on hardware.
  const dest = readForWrite(cpu, insn, 0);
  cpu.flags.sub(acc, dest, acc - dest, bits);
  writeBack(cpu, insn, 0, acc === dest ? src : dest);
  if (acc !== dest) writeGpr(cpu, Reg.EAX, bits, dest);
};

const cmpxchg8b: Handler = (cpu, insn) => {
  const op = insn.operands[0];
  const ea = effectiveAddress(cpu, insn, op);
  const seg = op.seg as Seg;
  const lo = cpu.mem.read(seg, ea, 4);
  const hi = cpu.mem.read(seg, (ea + 4) >>> 0, 4);
  const equal = lo === cpu.gpr[Reg.EAX] && hi === cpu.gpr[Reg.EDX];
  cpu.mem.write(seg, ea, 4, equal ? cpu.gpr[Reg.EBX] : lo);
  cpu.mem.write(seg, (ea + 4) >>> 0, 4, equal ? cpu.gpr[Reg.ECX] : hi);
  if (!equal) {
    cpu.gpr[Reg.EAX] = lo;
    cpu.gpr[Reg.EDX] = hi;
  }
  cpu.flags.setFlag(F.ZF, equal);
};

export const ARITHMETIC: HandlerGroup = {
  ...aluHandlers(['add', 'adc', 'sub', 'sbb', 'cmp']),
  inc, dec, neg,
  mul: widening(false),
  imul,
  div: divide(false),
  idiv: divide(true),
  xadd, cmpxchg, cmpxchg8b,
};
