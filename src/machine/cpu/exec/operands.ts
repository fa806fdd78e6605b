// Reading and writing the operands of a decoded instruction: general registers of each width,
// effective addresses in 16- and 32-bit addressing, and memory through the segment and paging
// checks. Instruction handlers use these and nothing lower.

import { DecodedInstruction, DecodedOperand } from '../../../arch/decoder';
import { Width } from '../access';
import { Reg, Seg } from '../state';
import type { Cpu } from '../cpu';

export function readReg8(cpu: Cpu, n: number): number {
  return n < 4 ? cpu.gpr[n] & 0xff : (cpu.gpr[n - 4] >>> 8) & 0xff;
}

export function writeReg8(cpu: Cpu, n: number, v: number): void {
  if (n < 4) cpu.gpr[n] = (cpu.gpr[n] & ~0xff) | (v & 0xff);
  else cpu.gpr[n - 4] = (cpu.gpr[n - 4] & ~0xff00) | ((v & 0xff) << 8);
}

/** A general register of `bits` width (8: AL..BH numbering, 16, 32). */
export function readGpr(cpu: Cpu, n: number, bits: number): number {
  if (bits === 32) return cpu.gpr[n];
  if (bits === 16) return cpu.gpr[n] & 0xffff;
  return readReg8(cpu, n);
}

export function writeGpr(cpu: Cpu, n: number, bits: number, v: number): void {
  if (bits === 32) cpu.gpr[n] = v;
  else if (bits === 16) cpu.gpr[n] = (cpu.gpr[n] & 0xffff0000) | (v & 0xffff);
  else writeReg8(cpu, n, v);
}

/** A general register operand (r8, r16 or r32), as opposed to memory, immediates and system registers. */
export const isGeneralRegister = (op: DecodedOperand): boolean =>
  op.kind === 'reg' && (op.cls === 'r32' || op.cls === 'r16' || op.cls === 'r8');

/** base + index * scale + disp in 32-bit addressing (-1: no base or no index). */
export function address32(cpu: Cpu, base: number, index: number, scale: number, disp: number): number {
  let ea = disp >>> 0; // typed as a number from the start, so the sum is never boxed
  if (base >= 0) ea += cpu.gpr[base];
  if (index >= 0) ea += cpu.gpr[index] * scale;
  return ea >>> 0;
}

/** The offset (within its segment) that a memory operand names. */
export function effectiveAddress(cpu: Cpu, insn: DecodedInstruction, op: DecodedOperand): number {
  if (insn.addressSize === 32) return address32(cpu, op.base, op.index, op.scale, op.disp);
  let ea = op.disp;
  if (op.base >= 0) ea += cpu.gpr[op.base] & 0xffff;
  if (op.index >= 0) ea += cpu.gpr[op.index] & 0xffff;
  return ea & 0xffff;
}

const bytesOf = (bits: number): Width => (bits >>> 3) as Width;

/** The value of operand `i`: a register, memory, or an immediate. */
export function read(cpu: Cpu, insn: DecodedInstruction, i: number): number {
  const op = insn.operands[i];
  switch (op.kind) {
    case 'reg':
      return op.cls === 'sreg' ? cpu.segs[op.reg].selector : readGpr(cpu, op.reg, op.size);
    case 'mem':
      return cpu.mem.read(op.seg as Seg, effectiveAddress(cpu, insn, op), bytesOf(op.size));
    default:
      return op.value;
  }
}

/** Stores into operand `i`, a general register or memory (segment registers load elsewhere). */
export function write(cpu: Cpu, insn: DecodedInstruction, i: number, value: number): void {
  const op = insn.operands[i];
  if (op.kind === 'reg') writeGpr(cpu, op.reg, op.size, value);
  else cpu.mem.write(op.seg as Seg, effectiveAddress(cpu, insn, op), bytesOf(op.size), value);
}

/**
 * Read-modify-write of operand `i`, first half: memory is checked for writing before it is read,
 * so a read-only page or segment faults as a write, with nothing changed. The handler then
 * computes and calls writeBack (no memory access in between), without a closure per execution.
 */
export function readForWrite(cpu: Cpu, insn: DecodedInstruction, i: number): number {
  const op = insn.operands[i];
  if (op.kind === 'reg') return readGpr(cpu, op.reg, op.size);
  return readForWriteAt(cpu, op.seg as Seg, effectiveAddress(cpu, insn, op), bytesOf(op.size));
}

/** readForWrite of `width` bytes at seg:offset. */
export function readForWriteAt(cpu: Cpu, seg: Seg, offset: number, width: Width): number {
  const linear = cpu.mem.linear(seg, offset, width, true);
  if ((linear & (width - 1)) !== 0) cpu.mem.checkAlignment();
  if (cpu.debug.armed) cpu.debug.checkData(linear, width, true);
  cpu.writeBackLinear = linear;
  return cpu.mem.readLinear(linear, width, cpu.cpl === 3, true);
}

/** Read-modify-write, second half: stores where readForWrite read. */
export function writeBack(cpu: Cpu, insn: DecodedInstruction, i: number, value: number): void {
  const op = insn.operands[i];
  if (op.kind === 'reg') writeGpr(cpu, op.reg, op.size, value);
  else writeBackAt(cpu, bytesOf(op.size), value);
}

/** writeBack of `width` bytes to the memory readForWriteAt read. */
export function writeBackAt(cpu: Cpu, width: Width, value: number): void {
  cpu.mem.writeLinear(cpu.writeBackLinear, width, value, cpu.cpl === 3);
}

/** The operand size in bytes, for stack and string operations. */
export function operandBytes(insn: DecodedInstruction): Width {
  return insn.operandSize === 32 ? 4 : 2;
}

/** ECX or CX, as the address size says (string instructions, LOOP, JCXZ). */
export function counter(cpu: Cpu, insn: DecodedInstruction): number {
  return insn.addressSize === 32 ? cpu.gpr[Reg.ECX] : cpu.gpr[Reg.ECX] & 0xffff;
}
