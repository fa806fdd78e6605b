// NASM source lines that exercise one instruction form of the table in one BITS setting.
// Each slot of the form gets a list of representative operands; line k takes entry
// (k + 3*slot) of each list, so registers, addressing modes and immediates rotate together.
// Every line stands alone (branch targets are written relative to `$`), so a line's bytes
// do not depend on where it sits in a file.

import { ALIASES } from '../../src/arch/instructions';
import { InstructionForm, OperandType } from '../../src/arch/forms';
import { RegisterClass } from '../../src/arch/registers';
import {
  Bits, FAR_POINTERS, IMMEDIATES, memoryModes, memorySample, moffsModes, registersOf,
} from './corpus-operands';

const SIZE_WORD: Record<number, string> = { 8: 'byte', 16: 'word', 32: 'dword', 64: 'qword' };

/** Width of an operand type when it is a register that tells NASM the operand size. */
const REG_WIDTH: Partial<Record<OperandType, number>> = {
  r8: 8, r16: 16, r32: 32, sreg: 16, al: 8, ax: 16, eax: 32, creg: 32, dreg: 32, treg: 32,
};
const MEM_WIDTH: Partial<Record<OperandType, number>> = {
  rm8: 8, rm16: 16, rm32: 32, m8: 8, m16: 16, m32: 32, m64: 64,
};
const LITERALS = new Set<OperandType>(['al', 'ax', 'eax', 'cl', 'cx', 'ecx', 'dx', 'es', 'cs', 'ss', 'ds', 'fs', 'gs']);

export function isMemoryCapable(t: OperandType): boolean {
  return t in MEM_WIDTH || t === 'm' || t === 'm128' || t === 'mfar16' || t === 'mfar32';
}

function regClass(t: OperandType): RegisterClass | undefined {
  if (t === 'r8' || t === 'rm8') return 'r8';
  if (t === 'r16' || t === 'rm16') return 'r16';
  if (t === 'r32' || t === 'rm32') return 'r32';
  if (t === 'sreg' || t === 'creg' || t === 'dreg' || t === 'treg') return t;
  return undefined;
}

/** Byte immediates that NASM takes without a warning: signed ones only where the data is a byte. */
function imm8List(form: InstructionForm): readonly string[] {
  const byteData = form.operands.some((t) => t === 'r8' || t === 'rm8' || t === 'al');
  // port numbers and shift counts are unsigned to NASM
  const unsigned = form.mnemonic === 'in' || form.mnemonic === 'out' || form.opcode[0] === 0xc0;
  return byteData && !unsigned ? IMMEDIATES.imm8Signed : IMMEDIATES.imm8Unsigned;
}

/** Length of a short branch form, to aim at the exact ends of its reach. */
function shortLength(form: InstructionForm, bits: Bits): number {
  return form.opcode.length + 1 + (form.asize && form.asize !== bits ? 1 : 0);
}

/** The size keyword a form needs on an immediate/branch/far operand when nothing else carries it. */
function carriedSizeKeyword(form: InstructionForm, bits: Bits, t: OperandType): string {
  if (!form.osize || form.osize === bits) return '';
  // RETD imm16: the mnemonic says the size, the immediate stays a word
  if (t !== 'simm8' && !t.endsWith(String(form.osize))) return '';
  const carried = form.operands.some((t) => REG_WIDTH[t] === form.osize || MEM_WIDTH[t] === form.osize);
  return carried ? '' : `${SIZE_WORD[form.osize]} `;
}

function slotVariants(form: InstructionForm, slot: number, bits: Bits, sweep: boolean): string[] {
  const t = form.operands[slot];
  if (LITERALS.has(t)) return [t];
  if (t === 'unity') return ['1'];
  const cls = regClass(t);
  const regs = cls ? registersOf(cls) : [];
  if (t === 'r8' || t === 'r16' || t === 'r32' || t === 'sreg' || t === 'creg' || t === 'dreg' || t === 'treg') return regs;
  if (isMemoryCapable(t)) {
    const mems = sweep ? [...memoryModes(bits)] : memorySample(bits, form.id, 6);
    return [...regs, ...mems];
  }
  const kw = carriedSizeKeyword(form, bits, t);
  switch (t) {
    case 'imm8': return [...imm8List(form)];
    case 'simm8': return IMMEDIATES.simm8.map((v) => kw + v);
    case 'imm16': return IMMEDIATES.imm16.map((v) => kw + v);
    case 'imm32': return IMMEDIATES.imm32.map((v) => kw + v);
    case 'moffs8': case 'moffs16': case 'moffs32': return moffsModes(bits);
    case 'far16': return FAR_POINTERS.far16.map((p) => kw + p);
    case 'far32': return FAR_POINTERS.far32.map((p) => kw + p);
    case 'rel8': {
      const n = shortLength(form, bits);
      // NASM takes SHORT on JMP and Jcc only
      const short = form.opcode[0] === 0xeb || (form.opcode[0] & 0xf0) === 0x70 ? 'short ' : '';
      return ['$', `${short}$+${n}`, `$+${n + 127}`, `$-${128 - n}`, '$+0x20', `${short}$-0x20`];
    }
    case 'rel16': case 'rel32': {
      const far = t === 'rel32' ? ['$+0x12345678', '$-0x12345678'] : ['$+0x1234', '$-0x1234'];
      const near = `near ${kw}`;
      // NASM wants NEAR before a size keyword on Jcc
      const sized = kw ? near : '';
      return [`${near}$+4`, `${sized}${far[0]}`, `${near}$-0x7e`, `${sized}${far[1]}`, `${near}$`, `${near}$+0x1000`];
    }
    default:
      throw new Error(`no operand samples for '${t}' (teach test/support/form-lines.ts)`);
  }
}

/** Mnemonic spellings of a form: its own name, then every alias of it. */
function spellings(form: InstructionForm): string[] {
  const names = [form.mnemonic];
  for (const [alias, target] of ALIASES) if (target === form.mnemonic) names.push(alias);
  return names;
}

/** Decorates a memory operand with FAR and size keywords as NASM needs (and sometimes when it does not). */
function memoryText(form: InstructionForm, slot: number, mem: string, bits: Bits, k: number): string {
  const t = form.operands[slot];
  if (t === 'm' || t === 'm128') return mem;
  if (t === 'mfar16' || t === 'mfar32') {
    const size = (t === 'mfar16' ? 16 : 32) === bits ? '' : `${SIZE_WORD[t === 'mfar16' ? 16 : 32]} `;
    return `far ${size}${mem}`;
  }
  const width = MEM_WIDTH[t] ?? 0;
  let needed: boolean;
  if (form.flags.has('dsize')) needed = form.osize !== bits;
  else if (width === 64) needed = false;
  else needed = !form.operands.some((o, i) => i !== slot && REG_WIDTH[o] === width);
  return needed || k % 4 === 3 ? `${SIZE_WORD[width]} ${mem}` : mem;
}

/** Optional keywords on immediates that pick a particular encoding: `byte` (sign-extended) and `strict`. */
function immediateText(form: InstructionForm, slot: number, text: string, k: number): string {
  const t = form.operands[slot];
  if (/^(word|dword|byte) /.test(text)) return text;
  if (t === 'simm8' && k % 3 === 1) return `byte ${text}`;
  const shorter = form.operands.some((o) => o in REG_WIDTH || o in MEM_WIDTH);
  if ((t === 'imm16' || t === 'imm32') && shorter && k % 5 === 2) {
    return `strict ${t === 'imm16' ? 'word' : 'dword'} ${text}`;
  }
  return text;
}

export function formLines(form: InstructionForm, bits: Bits, sweep: boolean): string[] {
  const names = spellings(form);
  if (form.operands.length === 0) return names;
  const variants = form.operands.map((_, i) => slotVariants(form, i, bits, sweep));
  const count = Math.max(...variants.map((v) => v.length), names.length);
  const lines: string[] = [];
  // the line that LOCK may prefix: one whose destination (first operand) is memory
  let memoryLine: string | undefined;
  for (let k = 0; k < count; k++) {
    let memoryFirst = false;
    const ops = variants.map((list, i) => {
      const text = list[(k + 3 * i) % list.length];
      if (text.startsWith('[') && isMemoryCapable(form.operands[i])) {
        if (i === 0) memoryFirst = true;
        return memoryText(form, i, text, bits, k);
      }
      return immediateText(form, i, text, k);
    });
    const line = `${names[k % names.length]} ${ops.join(', ')}`;
    lines.push(line);
    if (memoryFirst) memoryLine ??= line;
  }
  return [...lines, ...prefixedLines(form, bits, lines[0], memoryLine)];
}

/** LOCK, REP/REPE/REPNE, segment and address-size prefixes on the forms that take them. */
function prefixedLines(form: InstructionForm, bits: Bits, first: string, memoryLine?: string): string[] {
  const out: string[] = [];
  const otherA = bits === 16 ? 'a32' : 'a16';
  if (form.flags.has('lock') && memoryLine) out.push(`lock ${memoryLine}`);
  if (form.flags.has('rep')) out.push(`rep ${first}`, `${otherA} rep ${first}`);
  if (form.flags.has('repe')) out.push(`repe ${first}`, `repne ${first}`, `repz ${first}`, `${otherA} repnz ${first}`);
  if (/^(lods|movs|cmps|outs)/.test(form.mnemonic)) out.push(`es ${first}`, `fs ${first}`);
  if (/^(lods|movs|cmps|outs|stos|scas|ins)/.test(form.mnemonic)) out.push(`${otherA} ${first}`);
  if (form.mnemonic.startsWith('loop')) out.push(`${otherA} ${first}`);
  return out;
}
