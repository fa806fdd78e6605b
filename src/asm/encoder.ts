// The instruction encoder: one assembler instruction (already parsed and evaluated) to bytes,
// byte-identical to what NASM emits. Forms come from the instruction table; among those that
// fit, the shortest wins and ties go to table order.

import { InstructionForm } from '../arch/forms';
import { formsOf } from '../arch/instructions';
import { emitForm } from './encoder/emit';
import { parsePrefixes } from './encoder/prefixes';
import { selectForms } from './encoder/select';
import { InstructionRequest } from './operands';

export type EncodeResult = { ok: true; bytes: number[]; form: InstructionForm } | { ok: false; error: string };

const fail = (error: string): EncodeResult => ({ ok: false, error });

/** A short branch to a target not yet known: only a guess until later passes settle it. */
function provisional(form: InstructionForm, req: InstructionRequest): boolean {
  return form.operands.some((t, i) => {
    const op = req.operands[i];
    return t === 'rel8' && op.kind === 'imm' && !op.known && op.branch !== 'short';
  });
}

export function encodeInstruction(req: InstructionRequest): EncodeResult {
  const all = formsOf(req.mnemonic);
  if (all.length === 0) return fail(`unknown instruction '${req.mnemonic}'`);
  const prefixes = parsePrefixes(req.prefixes);
  if ('error' in prefixes) return fail(prefixes.error);
  const selection = selectForms(all, req.operands, req.bits);
  if ('error' in selection) return fail(selection.error);

  let best: { bytes: number[]; form: InstructionForm; guess: boolean } | undefined;
  let firstError: string | undefined;
  for (const form of selection.forms) {
    const r = emitForm(form, req, prefixes);
    if ('error' in r) {
      firstError ??= r.error;
      continue;
    }
    if ('outOfRange' in r) continue;
    const guess = provisional(form, req);
    const better = !best || (best.guess && !guess) ||
      (best.guess === guess && r.bytes.length < best.bytes.length);
    if (better) best = { bytes: r.bytes, form, guess };
  }
  if (!best) return fail(firstError ?? 'short jump is out of range');
  return { ok: true, bytes: best.bytes, form: best.form };
}
