// The three checks of the disassembly roundtrip, each returning what it found:
// the disassembly covers the input; NASM turns each line of text back into its bytes;
// the mnemonics are ndisasm's.

import { DisasmLine } from './ringside-asm';
import { NasmResult, rowAt } from './nasm';
import { mnemonicOf, ndisasm } from './ndisasm';
import { firstDifference, Mismatch } from './mismatches';

/** The disassembly covers the binary exactly, instruction after instruction. */
export function coverageProblem(bytes: Uint8Array, lines: DisasmLine[], origin: number): string | undefined {
  let at = 0;
  for (const l of lines) {
    if (l.address !== origin + at) return `instruction at 0x${l.address.toString(16)} where 0x${(origin + at).toString(16)} was expected`;
    if (l.bytes.length === 0) return `empty instruction at 0x${l.address.toString(16)}`;
    if (firstDifference(l.bytes, bytes.subarray(at, at + l.bytes.length)) !== -1) return `bytes of '${l.text}' at 0x${l.address.toString(16)} are not the input's`;
    at += l.bytes.length;
  }
  return at === bytes.length ? undefined : `disassembly covers ${at} of ${bytes.length} bytes`;
}

/**
 * Lines of the disassembly whose bytes, as NASM re-assembled the text, are not the original
 * ones. `again` is NASM's result for the text, whose line k + headerLines + 1 is lines[k].
 */
export function textMismatches(file: string, lines: DisasmLine[], again: NasmResult, headerLines: number): Mismatch[] {
  // (line numbers below are those of the disassembly text)
  const starts = new Map<number, number>();
  for (const r of again.listing) if (!starts.has(r.line)) starts.set(r.line, r.offset);
  const out: Mismatch[] = [];
  lines.forEach((l, k) => {
    const line = k + headerLines + 1;
    const start = starts.get(line);
    const end = starts.get(line + 1) ?? (k + 1 === lines.length ? again.bytes.length : undefined);
    const actual = start === undefined || end === undefined ? new Uint8Array() : again.bytes.subarray(start, end);
    if (firstDifference(l.bytes, actual) !== -1) out.push({ file, line, mnemonic: mnemonicOf(l.text), source: l.text, expected: l.bytes, actual, labels: ['original', 'nasm re-assembled'] });
  });
  return out;
}

/**
 * Instructions where ndisasm and our disassembly disagree on the mnemonic (or where ndisasm
 * starts an instruction inside one of ours). Where either side prints an undecodable `db`,
 * boundaries may differ until both meet again; those stretches are not held against us.
 */
export function mnemonicMismatches(
  file: string, lines: DisasmLine[], bytes: Uint8Array, bits: 16 | 32, origin: number, listing: NasmResult['listing'],
): { compared: number; mismatches: Mismatch[] } {
  const ours = new Map(lines.map((l) => [l.address, l]));
  const sourceLine = (address: number) => rowAt(listing, address - origin)?.line ?? 0;
  const none = new Uint8Array();
  const mismatches: Mismatch[] = [];
  let compared = 0;
  let lost = false;
  for (const nd of ndisasm(bytes, bits, origin)) {
    if (/^db\b/.test(nd.text)) {
      lost = true;
      continue;
    }
    const mine = ours.get(nd.offset);
    const where = `0x${nd.offset.toString(16)} ${nd.hex}`;
    if (!mine) {
      if (!lost) {
        mismatches.push({ file, line: sourceLine(nd.offset), mnemonic: mnemonicOf(nd.text), source: `${where}: ndisasm '${nd.text}' starts inside one of our instructions`, expected: none, actual: none, errors: ['boundary differs'] });
      }
      continue;
    }
    compared++;
    if (mnemonicOf(nd.text) !== mnemonicOf(mine.text)) {
      mismatches.push({ file, line: sourceLine(nd.offset), mnemonic: mnemonicOf(nd.text), source: `${where}: ndisasm '${nd.text}' ours '${mine.text}'`, expected: none, actual: none, errors: ['mnemonic differs'] });
    }
    lost = /^db\b/.test(mine.text);
  }
  return { compared, mismatches };
}
