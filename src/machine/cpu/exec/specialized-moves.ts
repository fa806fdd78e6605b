// Handlers made for one decoded instruction (see specialize.ts): MOV between a general register
// (or an immediate) and memory, LEA, with 32-bit addressing, and PUSH and POP of a general
// register or an immediate. The address parts are fixed at decode time; the accesses go
// through cpu.mem and cpu.stack as the general handlers' do, with the same checks and faults.

import { DecodedInstruction, DecodedOperand } from '../../../arch/decoder';
import { Seg } from '../state';
import { Handler } from './handler';
import { address32, isGeneralRegister, operandBytes, readGpr, writeGpr } from './operands';
import { Width } from '../access';

/** MOV reg, [mem] and LEA reg, [mem]. */
function load(d: number, bits: number, m: DecodedOperand, lea: boolean): Handler {
  const { base, index, scale, disp } = m;
  if (lea) return (cpu) => writeGpr(cpu, d, bits, address32(cpu, base, index, scale, disp));
  const seg = m.seg as Seg;
  const width = (m.size >>> 3) as Width;
  return (cpu) => writeGpr(cpu, d, bits, cpu.mem.read(seg, address32(cpu, base, index, scale, disp), width));
}

/** MOV [mem], reg and MOV [mem], imm. */
function store(m: DecodedOperand, s: number, imm: number): Handler {
  const { base, index, scale, disp } = m;
  const seg = m.seg as Seg;
  const width = (m.size >>> 3) as Width;
  const bits = m.size;
  if (s < 0) return (cpu) => cpu.mem.write(seg, address32(cpu, base, index, scale, disp), width, imm);
  return (cpu) => {
    const value = readGpr(cpu, s, bits);
    cpu.mem.write(seg, address32(cpu, base, index, scale, disp), width, value);
  };
}

/** A handler for MOV or LEA with a 32-bit-addressed memory operand and a general register or immediate. */
function specializeMemoryMove(insn: DecodedInstruction, mnemonic: string): Handler | undefined {
  if ((mnemonic !== 'mov' && mnemonic !== 'lea') || insn.addressSize !== 32 || insn.operands.length !== 2) return undefined;
  const [dst, src] = insn.operands;
  if (isGeneralRegister(dst) && src.kind === 'mem') {
    // LEA takes an unsized memory operand; MOV's has the register's width.
    if (mnemonic === 'mov' && src.size !== dst.size) return undefined;
    return load(dst.reg, dst.size, src, mnemonic === 'lea');
  }
  if (mnemonic === 'mov' && dst.kind === 'mem') {
    if (isGeneralRegister(src) && src.size === dst.size) return store(dst, src.reg, 0);
    if (src.kind === 'imm') return store(dst, -1, src.value);
  }
  return undefined;
}

/** A handler for PUSH of a general register or an immediate, or POP into a general register. */
function specializeStack(insn: DecodedInstruction, mnemonic: string): Handler | undefined {
  if ((mnemonic !== 'push' && mnemonic !== 'pop') || insn.operands.length !== 1) return undefined;
  const op = insn.operands[0];
  const width = operandBytes(insn);
  if (mnemonic === 'push') {
    if (op.kind === 'imm') {
      const value = op.value;
      return (cpu) => cpu.stack.push(value, width);
    }
    if (!isGeneralRegister(op) || op.size !== width * 8) return undefined;
    const s = op.reg;
    const bits = op.size;
    return (cpu) => cpu.stack.push(readGpr(cpu, s, bits), width);
  }
  if (!isGeneralRegister(op) || op.size !== width * 8) return undefined;
  const d = op.reg;
  const bits = op.size;
  // ESP moves before the destination is written, so POP ESP loads the popped value.
  return (cpu) => writeGpr(cpu, d, bits, cpu.stack.pop(width));
}

export function specializeMove(insn: DecodedInstruction, mnemonic: string): Handler | undefined {
  return specializeMemoryMove(insn, mnemonic) ?? specializeStack(insn, mnemonic);
}
