// Relative branches to labels, forward and backward, at the exact ends of a short jump's
// reach and one byte beyond: the assembler must pick short or near as NASM does, across passes.
// Each chunk is self-contained (a global label of its own with local labels under it).

import { InstructionForm } from '../../src/arch/forms';
import { Bits } from './corpus-operands';

const SIZE_WORD: Record<number, string> = { 16: 'word', 32: 'dword' };

export interface BranchChunk {
  mnemonic: string;
  formId: number;
  lines: string[];
}

function shortLength(form: InstructionForm, bits: Bits): number {
  return form.opcode.length + 1 + (form.asize && form.asize !== bits ? 1 : 0);
}

export function branchChunks(form: InstructionForm, bits: Bits, label: string): BranchChunk[] {
  const rel = form.operands.findIndex((t) => t === 'rel8' || t === 'rel16' || t === 'rel32');
  if (rel < 0 || form.operands.length !== 1) return [];
  const m = form.mnemonic;
  const chunk = (lines: string[]): BranchChunk => ({ mnemonic: m, formId: form.id, lines: [`${label}:`, ...lines] });
  if (form.operands[0] === 'rel8') {
    const n = shortLength(form, bits);
    const chunks = [chunk(['.b: nop', `  ${m} .b`, `  ${m} .f`, '  nop', '.f:'])];
    // the last bytes a short jump reaches: -128 backward, +127 forward
    chunks.push(chunk([`.b: times ${128 - n} nop`, `  ${m} .b`, `  ${m} .f`, '  times 127 nop', '.f:']));
    return chunks;
  }
  // near forms: one byte beyond short reach, far away, and with an explicit size when it is not BITS's
  const size = form.osize && form.osize !== bits ? `near ${SIZE_WORD[form.osize]} ` : '';
  const n = form.mnemonic === 'call' ? 0 : 2;
  return [
    chunk([`.b: times ${129 - n} nop`, `  ${m} ${size}.b`, `  ${m} ${size}.f`, '  times 128 nop', '.f:']),
    chunk(['.b: nop', `  ${m} near ${size.replace('near ', '')}.f`, `  ${m} near ${size.replace('near ', '')}.b`, '.f: nop']),
  ];
}
