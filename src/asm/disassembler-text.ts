// NASM source text of a printed instruction, in ndisasm's layout: prefix words, the mnemonic,
// operands separated by bare commas, hexadecimal numbers, sizes and segments as NASM reads them.

import { SEG } from '../arch/registers';
import { Printed, PrintedOperand } from './disassembler-render';
import { MemoryOperand } from './operands';

const SIZE_WORD: Record<number, string> = { 8: 'byte', 16: 'word', 32: 'dword', 64: 'qword', 128: 'oword' };
const SEG_NAMES = Object.keys(SEG);

function hex(v: number): string {
  return `0x${v.toString(16)}`;
}

function signedHex(v: number): string {
  return v < 0 ? `-${hex(-v)}` : `+${hex(v)}`;
}

function memoryText(p: PrintedOperand, m: MemoryOperand): string {
  const parts: string[] = [];
  if (m.base) parts.push(m.base.name);
  if (m.index) parts.push(m.scale === 1 && !m.nosplit ? m.index.name : `${m.index.name}*${m.scale}`);
  let inner = parts.join('+');
  if (p.symbol) inner = p.symbol;
  else if (parts.length === 0) inner = hex(m.disp >>> 0);
  else if (p.dispShown) inner += signedHex(m.disp);
  if (m.nosplit) inner = `nosplit ${inner}`;
  if (m.dispSize) inner = `${SIZE_WORD[m.dispSize]} ${inner}`;
  if (m.seg !== undefined) inner = `${SEG_NAMES[m.seg]}:${inner}`;
  const words = [m.size ? SIZE_WORD[m.size] : '', m.branch ?? ''].filter(Boolean);
  return [...words, `[${inner}]`].join(' ');
}

function operandText(p: PrintedOperand): string {
  const op = p.op;
  switch (op.kind) {
    case 'reg': return op.reg.name;
    case 'mem': return memoryText(p, op);
    case 'far': return `${op.size ? SIZE_WORD[op.size] + ' ' : ''}${hex(op.selector)}:${hex(op.offset)}`;
    case 'imm': {
      if (p.unity) return '1';
      const words: string[] = [];
      if (op.branch) words.push(op.branch);
      if (op.strict) words.push('strict');
      if (op.size) words.push(SIZE_WORD[op.size]);
      words.push(p.symbol ?? (p.signed ? signedHex(op.value) : hex(op.value >>> 0)));
      return words.join(' ');
    }
  }
}

export function printedText(p: Printed): string {
  const ops = p.operands.map(operandText).join(',');
  return [...p.prefixes, p.mnemonic].join(' ') + (ops ? ` ${ops}` : '');
}
