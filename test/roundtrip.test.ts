// The disassembler against NASM and ndisasm: each code-only corpus binary (as NASM builds it)
// is disassembled; the text, under a `bits`/`org` header, must re-assemble to the same bytes
// with NASM and with our assembler; and each instruction's mnemonic must be ndisasm's.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { basename, join } from 'node:path';
import { oracleSkip } from './support/oracles';
import { generateFormCorpus } from './support/form-corpus';
import { handWrittenCorpus } from './support/corpus-files';
import { NasmJob, NasmResult, rowAt, runNasm, scratchDir } from './support/nasm';
import { assembleSafely, DisasmLine, errorsOf, formatDiagnostic, loadAssembler, loadDisassembler } from './support/ringside-asm';
import { firstDifference, hex, MismatchLog } from './support/mismatches';
import { coverageProblem, mnemonicMismatches, textMismatches } from './support/roundtrip-checks';

const skip = oracleSkip('nasm', 'ndisasm');
const HEADER_LINES = 2;

interface Target {
  name: string;
  bits: 16 | 32;
  origin: number;
  job: NasmJob;
}

describe('roundtrip: disassemble, re-assemble, compare with ndisasm', { skip }, () => {
  const assemble = loadAssembler();
  const disassemble = loadDisassembler();
  const dir = scratchDir('roundtrip');
  const targets: Target[] = [
    ...generateFormCorpus().map((f) => ({ name: `generated ${f.name}`, bits: f.bits, origin: f.origin, job: { path: join(dir, f.name), text: f.text } })),
    ...handWrittenCorpus().flatMap((h) => (h.roundtrip ? [{ name: h.name, ...h.roundtrip, job: { path: h.path, defines: h.defines, includePaths: h.includePaths } }] : [])),
  ];
  const textLog = new MismatchLog();
  const mnemonicLog = new MismatchLog();
  let originals: NasmResult[] = [];

  before(async () => {
    originals = await runNasm(targets.map((t) => t.job));
  });

  targets.forEach((t, i) => {
    test(t.name, async () => {
      const original = originals[i];
      assert.ok(original.ok, `nasm refused ${t.name}: ${original.messages.slice(0, 5).join('\n')}`);
      if (typeof disassemble === 'string') assert.fail(disassemble);
      let lines: DisasmLine[] = [];
      try {
        lines = disassemble(original.bytes, { bits: t.bits, origin: t.origin });
      } catch (e) {
        assert.fail(`disassembler threw: ${(e as Error).stack?.split('\n').slice(0, 3).join(' | ')}`);
      }
      const problems: string[] = [];
      const coverage = coverageProblem(original.bytes, lines, t.origin);
      if (coverage) problems.push(`coverage: ${coverage}`);

      const text = `bits ${t.bits}\norg 0x${t.origin.toString(16)}\n${lines.map((l) => l.text).join('\n')}\n`;
      const disPath = join(dir, basename(t.job.path).replace(/\.asm$/, '.dis.asm'));

      // NASM re-assembles the text, checked line by line through its listing.
      const [again] = await runNasm([{ path: disPath, text }], 1);
      textLog.total += lines.length;
      if (!again.ok) problems.push(`nasm refused the disassembly: ${again.messages.slice(0, 5).join(' | ')}`);
      else if (firstDifference(original.bytes, again.bytes) !== -1) {
        const local = new MismatchLog();
        local.total = lines.length;
        for (const m of textMismatches(t.name, lines, again, HEADER_LINES)) {
          local.add(m);
          textLog.add(m);
        }
        problems.push(`text does not re-assemble (nasm) to the original bytes:\n${local.summary(10)}`);
      }

      // Our assembler re-assembles the same text.
      if (typeof assemble === 'string') problems.push(assemble);
      else {
        const ours = assembleSafely(assemble, { path: disPath, text });
        const errors = errorsOf(ours);
        const at = firstDifference(original.bytes, ours.bytes);
        if (errors.length || at !== -1) {
          const row = rowAt(again.listing, at);
          const errorText = errors.length ? ` (${errors.slice(0, 3).map(formatDiagnostic).join('; ')})` : '';
          const diffText = at === -1 ? '' : `, first difference at 0x${at.toString(16)} ('${row?.source ?? '?'}'): nasm ${hex(original.bytes.subarray(at, at + 8))} ours ${hex(ours.bytes.subarray(at, at + 8))}`;
          problems.push(`our assembler: ${errors.length} errors${errorText}${diffText}`);
        }
      }

      // Mnemonics agree with ndisasm wherever both decode an instruction at the same offset.
      const { compared, mismatches } = mnemonicMismatches(t.name, lines, original.bytes, t.bits, t.origin, original.listing);
      mnemonicLog.total += compared;
      if (mismatches.length) {
        const local = new MismatchLog();
        local.total = compared;
        for (const m of mismatches) {
          local.add(m);
          mnemonicLog.add(m);
        }
        problems.push(`mnemonics differ from ndisasm:\n${local.summary(10)}`);
      }

      assert.ok(problems.length === 0, `${t.name}:\n${problems.join('\n')}`);
    });
  });

  after(() => {
    if (textLog.items.length) console.log(`roundtrip: disassembly text that nasm does not re-assemble to the same bytes:\n${textLog.summary(20)}`);
    if (mnemonicLog.items.length) console.log(`roundtrip: mnemonics that differ from ndisasm:\n${mnemonicLog.summary(20)}`);
  });
});
