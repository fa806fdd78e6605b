// Handlers made for one decoded instruction (see specialize.ts): MOV and the ALU operations
// between general registers and immediates, INC and DEC of a register, IMUL of registers. None touches memory,
// so none can fault; each does what the general handler of its mnemonic does for such operands.

import { DecodedInstruction } from '../../../arch/decoder';
import type { Cpu } from '../cpu';
import { truncatingProduct } from './arithmetic';
import { Handler } from './handler';
import { isGeneralRegister, readGpr, writeGpr } from './operands';

/** A handler for destination register `d` of `bits` width and a source register `s` (-1: the immediate `imm`). */
type Maker = (d: number, s: number, imm: number, bits: number) => Handler;

// `imm >>> 0` equals imm modulo 2^32, all that any consumer keeps; it types both arms as
// uint32, so the optimized handler keeps the register's value unboxed (no number allocated).
const source = (cpu: Cpu, s: number, imm: number, bits: number): number => (s >= 0 ? readGpr(cpu, s, bits) : imm >>> 0);

const BINARY: ReadonlyMap<string, Maker> = new Map(Object.entries<Maker>({
  mov: (d, s, imm, bits) => (cpu) => writeGpr(cpu, d, bits, source(cpu, s, imm, bits)),
  add: (d, s, imm, bits) => (cpu) => {
    const b = source(cpu, s, imm, bits);
    const a = readGpr(cpu, d, bits);
    cpu.flags.add(a, b, a + b, bits);
    writeGpr(cpu, d, bits, a + b);
  },
  adc: (d, s, imm, bits) => (cpu) => {
    const b = source(cpu, s, imm, bits);
    const carry = cpu.flags.cf;
    const a = readGpr(cpu, d, bits);
    const res = a + b + (carry ? 1 : 0);
    cpu.flags.add(a, b, res, bits, carry);
    writeGpr(cpu, d, bits, res);
  },
  sub: (d, s, imm, bits) => (cpu) => {
    const b = source(cpu, s, imm, bits);
    const a = readGpr(cpu, d, bits);
    cpu.flags.sub(a, b, a - b, bits);
    writeGpr(cpu, d, bits, a - b);
  },
  sbb: (d, s, imm, bits) => (cpu) => {
    const b = source(cpu, s, imm, bits);
    const borrow = cpu.flags.cf;
    const a = readGpr(cpu, d, bits);
    const res = a - b - (borrow ? 1 : 0);
    cpu.flags.sub(a, b, res, bits, borrow);
    writeGpr(cpu, d, bits, res);
  },
  cmp: (d, s, imm, bits) => (cpu) => {
    const a = readGpr(cpu, d, bits);
    const b = source(cpu, s, imm, bits);
    cpu.flags.sub(a, b, a - b, bits);
  },
  and: (d, s, imm, bits) => (cpu) => {
    const res = readGpr(cpu, d, bits) & source(cpu, s, imm, bits);
    cpu.flags.logic(res, bits);
    writeGpr(cpu, d, bits, res);
  },
  or: (d, s, imm, bits) => (cpu) => {
    const res = readGpr(cpu, d, bits) | source(cpu, s, imm, bits);
    cpu.flags.logic(res, bits);
    writeGpr(cpu, d, bits, res);
  },
  xor: (d, s, imm, bits) => (cpu) => {
    const res = readGpr(cpu, d, bits) ^ source(cpu, s, imm, bits);
    cpu.flags.logic(res, bits);
    writeGpr(cpu, d, bits, res);
  },
  test: (d, s, imm, bits) => (cpu) => cpu.flags.logic(readGpr(cpu, d, bits) & source(cpu, s, imm, bits), bits),
}));

const UNARY: ReadonlyMap<string, (d: number, bits: number) => Handler> = new Map(Object.entries<(d: number, bits: number) => Handler>({
  inc: (d, bits) => (cpu) => {
    const a = readGpr(cpu, d, bits);
    cpu.flags.inc(a, a + 1, bits);
    writeGpr(cpu, d, bits, a + 1);
  },
  dec: (d, bits) => (cpu) => {
    const a = readGpr(cpu, d, bits);
    cpu.flags.dec(a, a - 1, bits);
    writeGpr(cpu, d, bits, a - 1);
  },
}));

/** IMUL r, r and IMUL r, r, imm (the truncating forms) between general registers. */
function specializeMultiply(insn: DecodedInstruction): Handler | undefined {
  const ops = insn.operands;
  if (ops.length < 2 || !ops.every((op, i) => isGeneralRegister(op) || (i === 2 && op.kind === 'imm'))) return undefined;
  const d = ops[0].reg;
  const bits = ops[0].size;
  const [a, b] = ops.length === 3 ? [ops[1], ops[2]] : [ops[0], ops[1]];
  const s = a.reg;
  if (b.kind === 'imm') {
    const imm = b.value;
    return (cpu) => writeGpr(cpu, d, bits, truncatingProduct(cpu.flags, readGpr(cpu, s, bits), imm, bits));
  }
  const t = b.reg;
  return (cpu) => writeGpr(cpu, d, bits, truncatingProduct(cpu.flags, readGpr(cpu, s, bits), readGpr(cpu, t, bits), bits));
}

/** A handler for a register-only form of MOV, an ALU operation, INC, DEC or IMUL; undefined for others. */
export function specializeAlu(insn: DecodedInstruction, mnemonic: string): Handler | undefined {
  const ops = insn.operands;
  if (ops.length === 0 || !isGeneralRegister(ops[0])) return undefined;
  if (mnemonic === 'imul') return specializeMultiply(insn);
  const d = ops[0].reg;
  const bits = ops[0].size;
  if (ops.length === 1) return UNARY.get(mnemonic)?.(d, bits);
  if (ops.length !== 2) return undefined;
  const src = ops[1];
  if (src.kind === 'imm') return BINARY.get(mnemonic)?.(d, -1, src.value, bits);
  if (isGeneralRegister(src) && src.size === bits) return BINARY.get(mnemonic)?.(d, src.reg, 0, bits);
  return undefined;
}
