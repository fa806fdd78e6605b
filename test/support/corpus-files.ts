// The hand-written corpus (test/corpus/*.asm) and the sample guests, with what their header
// comments ask of the harness:
//   ; defines: NAME=VALUE NAME2=VALUE2     -D defines given to both assemblers
//   ; roundtrip: bits=16 org=0x7c00        the file is code only: disassemble and reassemble it
// Files that others %include live in test/corpus/include/ (found through the include path).

import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../../..');
export const CORPUS_DIR = join(REPO_ROOT, 'test/corpus');
export const INCLUDE_DIR = join(CORPUS_DIR, 'include');
export const GUESTS_DIR = join(REPO_ROOT, 'sample-guests');

export interface HandFile {
  name: string;
  path: string;
  defines: Record<string, string>;
  includePaths: string[];
  roundtrip?: { bits: 16 | 32; origin: number };
}

function headerValue(text: string, key: string): string | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(';')) {
      if (line.trim() === '') continue;
      break;
    }
    const m = new RegExp(`^;\\s*${key}:\\s*(.*)$`).exec(line);
    if (m) return m[1].trim();
  }
  return undefined;
}

export function readHeader(path: string): Omit<HandFile, 'name' | 'path'> {
  const text = readFileSync(path, 'utf8');
  const defines: Record<string, string> = {};
  for (const d of (headerValue(text, 'defines') ?? '').split(/\s+/).filter(Boolean)) {
    const [k, v = ''] = d.split('=');
    defines[k] = v;
  }
  const rt = headerValue(text, 'roundtrip');
  let roundtrip: HandFile['roundtrip'];
  if (rt) {
    const bits = Number(/bits=(\d+)/.exec(rt)?.[1] ?? 0);
    const origin = Number(/org=(\S+)/.exec(rt)?.[1] ?? 0);
    if (bits !== 16 && bits !== 32) throw new Error(`${path}: roundtrip header needs bits=16 or bits=32`);
    roundtrip = { bits, origin };
  }
  return { defines, includePaths: [INCLUDE_DIR], roundtrip };
}

function asmFiles(dir: string): HandFile[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.asm')).sort();
  } catch {
    return [];
  }
  return names.map((name) => {
    const path = join(dir, name);
    return { name: `${dir === GUESTS_DIR ? 'sample-guests' : 'test/corpus'}/${name}`, path, ...readHeader(path) };
  });
}

/** test/corpus/*.asm, then sample-guests/*.asm. */
export function handWrittenCorpus(): HandFile[] {
  return [...asmFiles(CORPUS_DIR), ...asmFiles(GUESTS_DIR)];
}
