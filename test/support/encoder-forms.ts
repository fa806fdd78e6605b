// Test cases generated from the instruction table: every form the assembler may pick,
// with operands made up to fit it, as a register and as memory where both are allowed.

import { InstructionForm, OperandType, Role } from '../../src/arch/forms';
import { ALIASES, FORMS } from '../../src/arch/instructions';
import { Case, CaseOperand, far, here, imm, ins, mem, reg } from './encoder-cases';

const REGS: Record<string, Partial<Record<Role, string>>> = {
  r8: { r: 'ch', m: 'dl', o: 'bh' },
  r16: { r: 'si', m: 'di', o: 'bp', x: 'bx' },
  r32: { r: 'edx', m: 'esi', o: 'edi', x: 'ebx' },
};
const SPECIAL_REGS: Partial<Record<OperandType, string>> = { sreg: 'fs', creg: 'cr3', dreg: 'dr6', treg: 'tr6' };
const IMM: Partial<Record<OperandType, number>> = { imm8: 0x12, imm16: 0x1234, imm32: 0x12345678, simm8: -3, unity: 1 };
const MEM_WIDTH: Partial<Record<OperandType, 8 | 16 | 32 | 64 | 128>> = {
  rm8: 8, rm16: 16, rm32: 32, m8: 8, m16: 16, m32: 32, m64: 64, m128: 128, mfar16: 16, mfar32: 32,
};

function memoryFor(bits: 16 | 32, variant: number) {
  const same = bits === 16 ? { base: 'bx', index: 'si', disp: 4 } : { base: 'ebx', index: 'ecx', scale: 4 as const, disp: 0x10 };
  const other = bits === 16 ? { base: 'eax', disp: 0x200 } : { base: 'bp', disp: -2 };
  return variant === 0 ? same : other;
}

function operand(f: InstructionForm, i: number, bits: 16 | 32, asMemory: boolean, variant: number, sized: boolean): CaseOperand {
  const type = f.operands[i];
  const role = f.roles[i];
  const width = MEM_WIDTH[type];
  if (type === 'rm8' || type === 'rm16' || type === 'rm32') {
    if (!asMemory) return reg(REGS[`r${width}`][role === 'x' ? 'x' : 'm']!);
  }
  if (width !== undefined || type === 'm') {
    const spec = memoryFor(bits, variant);
    const branch = type.startsWith('mfar') ? 'far' as const : undefined;
    return mem({ ...spec, size: type === 'm' ? undefined : width, branch });
  }
  if (type in REGS) return reg(REGS[type][role] ?? REGS[type].r!);
  const special = SPECIAL_REGS[type];
  if (special) return reg(special);
  const size = sized ? undefined : f.osize !== bits ? f.osize : undefined;
  const value = IMM[type];
  if (value !== undefined) {
    return imm(value, type === 'unity' || type === 'imm8' ? {} : { size });
  }
  switch (type) {
    case 'rel8': return here(0x20);
    case 'rel16': case 'rel32': return here(0x300, size ? { size, branch: 'near' } : {});
    case 'far16': case 'far32': return far(0x10, 0x1234, size);
    case 'moffs8': case 'moffs16': case 'moffs32': return mem({ disp: 0x1234, seg: variant ? 'es' : undefined });
    default: return reg(type);
  }
}

/** Whether some operand other than immediates states the operation size. */
function statesSize(f: InstructionForm): boolean {
  return f.operands.some((t) => t !== 'm' && !t.startsWith('imm') && t !== 'simm8' && !t.startsWith('rel') && !t.startsWith('far'));
}

export function formCases(bits: 16 | 32): Case[] {
  const cases: Case[] = [];
  for (const f of FORMS) {
    if (f.flags.has('na')) continue;
    const hasRm = f.operands.some((t) => t === 'rm8' || t === 'rm16' || t === 'rm32');
    const hasMem = hasRm || f.operands.some((t) => t.startsWith('m'));
    const sized = statesSize(f);
    const variants: [boolean, number][] = [[false, 0]];
    if (hasMem) variants.push([true, 0], [true, 1]);
    for (const [asMemory, variant] of variants) {
      const ops = f.operands.map((_, i) => operand(f, i, bits, asMemory, variant, sized));
      cases.push(ins(bits, f.mnemonic, ops));
    }
  }
  return cases;
}

/** The form cases again, spelled with every alias of their mnemonic (je, setnae, sal, ...). */
export function aliasCases(bits: 16 | 32): Case[] {
  const byMnemonic = new Map<string, Case[]>();
  for (const c of formCases(bits)) byMnemonic.set(c.mnemonic, [...(byMnemonic.get(c.mnemonic) ?? []), c]);
  return [...ALIASES].flatMap(([alias, target]) => (byMnemonic.get(target) ?? []).map((c) => ({ ...c, mnemonic: alias })));
}
