// The generated corpus itself, judged by NASM: it must be clean (no errors, no warnings: a
// refused line is a corpus bug), it must have lines for every form, and for every form NASM
// must actually pick that encoding for at least one line (so the corpus really covers it).

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { InstructionForm } from '../src/arch/forms';
import { oracleSkip } from './support/oracles';
import { corpusForms, describeForm, generateFormCorpus, generatorGaps } from './support/form-corpus';
import { NasmResult, runNasm, scratchDir } from './support/nasm';
import { chunkRanges } from './support/chunk-check';
import { handWrittenCorpus } from './support/corpus-files';

const LEGACY_PREFIXES = new Set([0x66, 0x67, 0xf0, 0xf2, 0xf3, 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65]);

/** Whether `bytes` (one instruction) are an encoding of `form` in BITS `bits`. */
function encodesForm(bytes: Uint8Array, form: InstructionForm, bits: 16 | 32): boolean {
  let i = 0;
  const prefixes: number[] = [];
  while (i < bytes.length && LEGACY_PREFIXES.has(bytes[i])) prefixes.push(bytes[i++]);
  if (form.mandatoryPrefix !== undefined && !prefixes.includes(form.mandatoryPrefix)) return false;
  const op = form.opcode;
  for (let k = 0; k < op.length; k++) {
    const b = bytes[i + k];
    const last = k === op.length - 1;
    if (last && form.opcodeReg ? (b & 0xf8) !== op[k] : b !== op[k]) return false;
  }
  i += op.length;
  if (typeof form.modrm === 'number' && ((bytes[i] >> 3) & 7) !== form.modrm) return false;
  if (form.osize) {
    const o16 = prefixes.filter((p) => p === 0x66).length > (form.mandatoryPrefix === 0x66 ? 1 : 0);
    if ((o16 ? 48 - bits : bits) !== form.osize) return false;
  }
  return true;
}

describe('the generated corpus, as NASM sees it', { skip: oracleSkip('nasm') }, () => {
  const files = generateFormCorpus();
  const dir = scratchDir('corpus-check');
  let results: NasmResult[] = [];

  before(async () => {
    results = await runNasm(files.map((f) => ({ path: join(dir, f.name), text: f.text })));
  });

  test('every form the assembler may choose has generated lines', () => {
    const gaps = generatorGaps();
    assert.equal(gaps.length, 0, `forms without lines:\n${gaps.join('\n')}`);
    const covered = new Set(files.flatMap((f) => f.chunks.map((c) => c.formId)));
    const missing = corpusForms().filter((f) => !covered.has(f.id)).map(describeForm);
    assert.equal(missing.length, 0, `forms without lines:\n${missing.join('\n')}`);
  });

  test('nasm accepts every generated line without errors or warnings', () => {
    const refused: string[] = [];
    files.forEach((f, i) => {
      for (const msg of results[i].messages) {
        const m = /^[^:]*:(\d+): (.*)$/.exec(msg);
        const line = m ? Number(m[1]) : 0;
        const chunk = f.chunks.find((c) => line >= c.firstLine && line < c.firstLine + c.lines.length);
        const form = chunk?.formId !== undefined ? corpusForms().find((x) => x.id === chunk.formId) : undefined;
        refused.push(`${f.name}:${line}: ${m?.[2] ?? msg} :: ${chunk?.lines.join(' / ') ?? '?'} :: ${form ? describeForm(form) : '?'}`);
      }
    });
    assert.equal(refused.length, 0, `${refused.length} messages from nasm (first 30):\n${refused.slice(0, 30).join('\n')}`);
  });

  test('for every form, nasm encodes at least one of its lines with that form', () => {
    const hit = new Set<string>();
    const byId = new Map(corpusForms().map((f) => [f.id, f]));
    files.forEach((f, i) => {
      if (!results[i].ok) return;
      const ranges = chunkRanges(f, results[i]);
      f.chunks.forEach((c, k) => {
        if (c.formId === undefined || c.lines.length !== 1) return;
        const form = byId.get(c.formId);
        const bytes = results[i].bytes.subarray(ranges[k][0], ranges[k][1]);
        if (form && encodesForm(bytes, form, f.bits)) hit.add(`${c.formId}/${f.bits}`);
      });
    });
    const missed: string[] = [];
    for (const form of corpusForms()) {
      for (const bits of [16, 32]) if (!hit.has(`${form.id}/${bits}`)) missed.push(`${describeForm(form)} in bits ${bits}`);
    }
    assert.equal(missed.length, 0, `${missed.length} forms that nasm never encodes from their lines:\n${missed.slice(0, 40).join('\n')}`);
  });

  test('nasm assembles every hand-written corpus file and sample guest without warnings', async () => {
    const hand = handWrittenCorpus();
    const results = await runNasm(hand.map((h) => ({ path: h.path, defines: h.defines, includePaths: h.includePaths })));
    const messages = results.flatMap((r, i) => r.messages.map((m) => `${hand[i].name}: ${m}`));
    assert.deepEqual(messages, []);
  });
});
