// The assembler against NASM: every corpus file (generated from the instruction table, and
// hand-written under test/corpus/ and sample-guests/) must assemble to the same bytes as
// `nasm -f bin`. A failure names the first differing offset and its source line; for generated
// files it also lists every differing line, counted per mnemonic.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { oracleSkip } from './support/oracles';
import { generateFormCorpus, GeneratedFile } from './support/form-corpus';
import { handWrittenCorpus, HandFile, REPO_ROOT } from './support/corpus-files';
import { NasmResult, rowAt, runNasm, scratchDir } from './support/nasm';
import { AsmOutput, assembleSafely, errorsOf, formatDiagnostic, lineTableAt, loadAssembler } from './support/ringside-asm';
import { checkChunks } from './support/chunk-check';
import { firstDifference, hex, MismatchLog } from './support/mismatches';

const skip = oracleSkip('nasm');

/** What a whole-file mismatch looks like: where, which line (by NASM's listing and by our line table), the bytes. */
function firstDifferenceReport(name: string, nasm: NasmResult, ours: AsmOutput): string {
  const at = firstDifference(nasm.bytes, ours.bytes);
  const row = rowAt(nasm.listing, at);
  const window = (b: Uint8Array) => hex(b.subarray(Math.max(0, at - 4), at + 12), 16);
  const lines = [
    `${name}: first difference at offset 0x${at.toString(16)} (nasm ${nasm.bytes.length} bytes, ours ${ours.bytes.length})`,
    `  nasm listing line ${row?.line ?? '?'}: ${row?.source ?? '?'}`,
    `  our line table: ${lineTableAt(ours, at) ?? '(no entry)'}`,
    `  nasm [0x${Math.max(0, at - 4).toString(16)}..]: ${window(nasm.bytes)}`,
    `  ours [0x${Math.max(0, at - 4).toString(16)}..]: ${window(ours.bytes)}`,
  ];
  const errors = errorsOf(ours);
  if (errors.length) lines.push(`  our errors (${errors.length}): ` + errors.slice(0, 5).map(formatDiagnostic).join('\n    '));
  return lines.join('\n');
}

describe('differential: ringside asm vs nasm -f bin', { skip }, () => {
  const assemble = loadAssembler();
  const generated = generateFormCorpus();
  const hand = handWrittenCorpus();
  const dir = scratchDir('corpus');
  const log = new MismatchLog();
  let genResults: NasmResult[] = [];
  let handResults: NasmResult[] = [];

  before(async () => {
    const jobs = [
      ...generated.map((f) => ({ path: join(dir, f.name), text: f.text })),
      ...hand.map((h) => ({ path: h.path, defines: h.defines, includePaths: h.includePaths })),
    ];
    const results = await runNasm(jobs);
    genResults = results.slice(0, generated.length);
    handResults = results.slice(generated.length);
  });

  const generatedTest = (f: GeneratedFile, i: number) => () => {
    const nasm = genResults[i];
    assert.ok(nasm.ok, `nasm refused generated ${f.name} (a corpus bug):\n${nasm.messages.slice(0, 10).join('\n')}`);
    if (typeof assemble === 'string') assert.fail(assemble);
    const ours = assembleSafely(assemble, { path: join(dir, f.name), text: f.text });
    if (errorsOf(ours).length === 0 && firstDifference(nasm.bytes, ours.bytes) === -1) {
      log.total += f.chunks.length;
      return;
    }
    const { checked, mismatches } = checkChunks(f, nasm, assemble);
    const local = new MismatchLog();
    local.total = checked;
    log.total += checked;
    for (const m of mismatches) {
      local.add(m);
      log.add(m);
    }
    assert.fail(`${firstDifferenceReport(f.name, nasm, ours)}\n${local.summary(20)}`);
  };

  const handTest = (h: HandFile, i: number) => () => {
    const nasm = handResults[i];
    assert.ok(nasm.ok, `nasm refused ${h.name} (a corpus bug):\n${nasm.messages.slice(0, 10).join('\n')}`);
    if (typeof assemble === 'string') assert.fail(assemble);
    const ours = assembleSafely(assemble, { path: h.path }, { defines: h.defines, includePaths: h.includePaths });
    if (errorsOf(ours).length === 0 && firstDifference(nasm.bytes, ours.bytes) === -1) return;
    assert.fail(firstDifferenceReport(h.name, nasm, ours));
  };

  generated.forEach((f, i) => test(`generated ${f.name} (${f.chunks.length} chunks)`, generatedTest(f, i)));
  hand.forEach((h, i) => test(h.name, handTest(h, i)));

  after(() => {
    // The per-mnemonic summary across all generated files, for whoever works on the encoder.
    const reportDir = join(REPO_ROOT, 'out/reports');
    mkdirSync(reportDir, { recursive: true });
    writeFileSync(join(reportDir, 'differential-summary.txt'), log.summary(200) + '\n');
    if (log.items.length) console.log(`differential summary (out/reports/differential-summary.txt):\n${log.summary(20)}`);
  });
});
