// Running ndisasm as the reference disassembler and reading its listing.

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir } from './nasm';

export interface NdisasmLine {
  offset: number;
  hex: string;
  text: string;
}

const PREFIXES = new Set(['lock', 'rep', 'repe', 'repz', 'repne', 'repnz', 'o16', 'o32', 'a16', 'a32', 'es', 'cs', 'ss', 'ds', 'fs', 'gs']);

/** The mnemonic of an instruction's text: the first word that is not a prefix (`rep a16 movsb` gives movsb). */
export function mnemonicOf(text: string): string {
  const words = text.trim().toLowerCase().split(/[\s,]+/);
  return words.find((w) => !PREFIXES.has(w)) ?? words[words.length - 1] ?? '';
}

let dir: string | undefined;

export function ndisasm(bytes: Uint8Array, bits: 16 | 32, origin: number): NdisasmLine[] {
  dir ??= scratchDir('ndisasm');
  const file = join(dir, 'in.bin');
  writeFileSync(file, bytes);
  const r = spawnSync('ndisasm', [`-b${bits}`, '-o', `0x${origin.toString(16)}`, file], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`ndisasm failed: ${r.stderr}`);
  const lines: NdisasmLine[] = [];
  for (const raw of r.stdout.split('\n')) {
    const m = /^([0-9A-F]{8})\s+([0-9A-F]+)\s+(.*)$/.exec(raw);
    if (m) lines.push({ offset: parseInt(m[1], 16), hex: m[2], text: m[3].trim() });
    else {
      // a long instruction's bytes continue on the next line: "         -1234"
      const c = /^\s+-([0-9A-F]+)\s*$/.exec(raw);
      if (c && lines.length) lines[lines.length - 1].hex += c[1];
    }
  }
  return lines;
}
