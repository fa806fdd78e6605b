// Handlers made for one decoded instruction (see specialize.ts): the ALU operations between a
// 32-bit-addressed memory operand and a general register or an immediate, INC and DEC of
// memory, MOVZX and MOVSX. The address parts are fixed at decode time; the accesses go through
// cpu.mem (and readForWriteAt/writeBackAt for read-modify-write) as the general handlers' do,
// in the same order, so they check and fault the same way.

import { DecodedInstruction, DecodedOperand } from '../../../arch/decoder';
import { Width } from '../access';
import { Seg } from '../state';
import { ALU_OPS } from './alu-ops';
import { signed } from './arithmetic';
import { Handler } from './handler';
import { address32, isGeneralRegister, readForWriteAt, readGpr, writeBackAt, writeGpr } from './operands';

/** A 32-bit-addressed memory operand of 8, 16 or 32 bits. */
const plainMemory = (insn: DecodedInstruction, op: DecodedOperand): boolean =>
  op.kind === 'mem' && insn.addressSize === 32 && (op.size === 8 || op.size === 16 || op.size === 32);

/** op reg, [mem]; op [mem], reg; op [mem], imm. */
function specializeMemoryAlu(insn: DecodedInstruction, mnemonic: string): Handler | undefined {
  const alu = ALU_OPS.get(mnemonic);
  if (alu === undefined || insn.operands.length !== 2) return undefined;
  const { compute, writes } = alu;
  const [dst, src] = insn.operands;
  if (isGeneralRegister(dst) && plainMemory(insn, src) && src.size === dst.size) {
    const { base, index, scale, disp } = src;
    const seg = src.seg as Seg;
    const width = (src.size >>> 3) as Width;
    const d = dst.reg;
    const bits = dst.size;
    return (cpu) => {
      const b = cpu.mem.read(seg, address32(cpu, base, index, scale, disp), width);
      const res = compute(cpu.flags, readGpr(cpu, d, bits), b, bits);
      if (writes) writeGpr(cpu, d, bits, res);
    };
  }
  if (!plainMemory(insn, dst)) return undefined;
  const registerSource = isGeneralRegister(src) && src.size === dst.size;
  if (!registerSource && src.kind !== 'imm') return undefined;
  const { base, index, scale, disp } = dst;
  const seg = dst.seg as Seg;
  const width = (dst.size >>> 3) as Width;
  const bits = dst.size;
  const s = registerSource ? src.reg : -1;
  const imm = src.value;
  if (!writes) {
    return (cpu) => {
      const a = cpu.mem.read(seg, address32(cpu, base, index, scale, disp), width);
      compute(cpu.flags, a, s >= 0 ? readGpr(cpu, s, bits) : imm, bits);
    };
  }
  return (cpu) => {
    const b = s >= 0 ? readGpr(cpu, s, bits) : imm;
    const a = readForWriteAt(cpu, seg, address32(cpu, base, index, scale, disp), width);
    writeBackAt(cpu, width, compute(cpu.flags, a, b, bits));
  };
}

/** INC [mem] and DEC [mem]. */
function specializeMemoryStep(insn: DecodedInstruction, mnemonic: string): Handler | undefined {
  if ((mnemonic !== 'inc' && mnemonic !== 'dec') || insn.operands.length !== 1 || !plainMemory(insn, insn.operands[0])) return undefined;
  const { base, index, scale, disp, size: bits } = insn.operands[0];
  const seg = insn.operands[0].seg as Seg;
  const width = (bits >>> 3) as Width;
  if (mnemonic === 'inc') {
    return (cpu) => {
      const a = readForWriteAt(cpu, seg, address32(cpu, base, index, scale, disp), width);
      cpu.flags.inc(a, a + 1, bits);
      writeBackAt(cpu, width, a + 1);
    };
  }
  return (cpu) => {
    const a = readForWriteAt(cpu, seg, address32(cpu, base, index, scale, disp), width);
    cpu.flags.dec(a, a - 1, bits);
    writeBackAt(cpu, width, a - 1);
  };
}

/** MOVZX and MOVSX from a general register or a 32-bit-addressed memory operand. */
function specializeExtension(insn: DecodedInstruction, mnemonic: string): Handler | undefined {
  if ((mnemonic !== 'movzx' && mnemonic !== 'movsx') || insn.operands.length !== 2) return undefined;
  const [dst, src] = insn.operands;
  if (!isGeneralRegister(dst)) return undefined;
  const d = dst.reg;
  const bits = dst.size;
  const from = src.size;
  const extend = mnemonic === 'movsx';
  if (isGeneralRegister(src)) {
    const s = src.reg;
    if (extend) return (cpu) => writeGpr(cpu, d, bits, signed(readGpr(cpu, s, from), from));
    return (cpu) => writeGpr(cpu, d, bits, readGpr(cpu, s, from));
  }
  if (!plainMemory(insn, src)) return undefined;
  const { base, index, scale, disp } = src;
  const seg = src.seg as Seg;
  const width = (from >>> 3) as Width;
  if (extend) return (cpu) => writeGpr(cpu, d, bits, signed(cpu.mem.read(seg, address32(cpu, base, index, scale, disp), width), from));
  return (cpu) => writeGpr(cpu, d, bits, cpu.mem.read(seg, address32(cpu, base, index, scale, disp), width));
}

export function specializeMemory(insn: DecodedInstruction, mnemonic: string): Handler | undefined {
  return specializeMemoryAlu(insn, mnemonic) ?? specializeMemoryStep(insn, mnemonic) ?? specializeExtension(insn, mnemonic);
}
