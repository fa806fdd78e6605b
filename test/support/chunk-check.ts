// Chunk-by-chunk comparison of a generated corpus file: NASM's bytes for each chunk come from
// its listing, ours from assembling the chunk alone at the same address. This finds every
// differing line, not just the first, so mismatches can be counted per mnemonic.

import { GeneratedFile, Chunk } from './form-corpus';
import { NasmResult } from './nasm';
import { AssembleFn, assembleSafely, errorsOf, formatDiagnostic } from './ringside-asm';
import { Mismatch, sameBytes } from './mismatches';

/** [start, end) of each chunk in NASM's output. */
export function chunkRanges(file: GeneratedFile, nasm: NasmResult): [number, number][] {
  const firstOffset = new Map<number, number>();
  for (const r of nasm.listing) if (!firstOffset.has(r.line)) firstOffset.set(r.line, r.offset);
  const starts = file.chunks.map((c) => {
    for (let l = c.firstLine; l < c.firstLine + c.lines.length; l++) {
      const at = firstOffset.get(l);
      if (at !== undefined) return at;
    }
    return undefined;
  });
  const ranges: [number, number][] = [];
  let end = nasm.bytes.length;
  for (let i = starts.length - 1; i >= 0; i--) {
    const start = starts[i] ?? end;
    ranges[i] = [start, end];
    end = start;
  }
  return ranges;
}

export function chunkSource(file: GeneratedFile, chunk: Chunk, address: number): string {
  return `bits ${file.bits}\norg 0x${address.toString(16)}\n${chunk.lines.join('\n')}\n`;
}

/** Every chunk of `file` whose bytes from our assembler differ from NASM's. */
export function checkChunks(file: GeneratedFile, nasm: NasmResult, assemble: AssembleFn): { checked: number; mismatches: Mismatch[] } {
  const ranges = chunkRanges(file, nasm);
  const mismatches: Mismatch[] = [];
  file.chunks.forEach((chunk, i) => {
    const [start, end] = ranges[i];
    const expected = nasm.bytes.subarray(start, end);
    const path = `${file.name}@${chunk.firstLine}`;
    const out = assembleSafely(assemble, { path, text: chunkSource(file, chunk, file.origin + start) });
    const errors = errorsOf(out).map(formatDiagnostic);
    if (errors.length === 0 && sameBytes(expected, out.bytes)) return;
    mismatches.push({
      file: file.name,
      line: chunk.firstLine,
      mnemonic: chunk.mnemonic,
      source: chunk.lines.length === 1 ? chunk.lines[0] : chunk.lines.join(' / '),
      expected,
      actual: out.bytes,
      errors: errors.length ? errors : undefined,
    });
  });
  return { checked: file.chunks.length, mismatches };
}
