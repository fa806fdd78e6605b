// The program's global variables: labels whose statement is a data directive (`counter: dd 0`,
// `msg: db "hi", 0`, `table: times 16 dw 0`, `buf: resb 64`, or a label alone on its line
// followed by one). The directive gives the size of one item, which is what the Globals scope
// shows and what a data breakpoint on the variable watches.

import * as fs from 'node:fs';
import type { GuestSymbol } from '../../src/machine/boot/program';

export interface DataLabel {
  name: string;
  /** Linear address (placed, see placement.ts). */
  address: number;
  /** Bytes in one item of the directive. */
  size: number;
  directive: string;
}

const SIZES: Record<string, number> = { db: 1, dw: 2, dd: 4, dq: 8, dt: 10, resb: 1, resw: 2, resd: 4, resq: 8, rest: 10 };
const DIRECTIVE = /^(?:times\b.*?\s)?(db|dw|dd|dq|dt|resb|resw|resd|resq|rest)\b/i;
const LABEL = /^[A-Za-z_.?$@][\w.?$@#~]*:?/;

/** The statement after any label and before any comment (quotes are not looked into: comments after strings are rare in data lines that matter). */
function statement(line: string): string {
  const code = line.replace(/;.*$/, '').trim();
  const m = LABEL.exec(code);
  if (m === null) return code;
  const rest = code.slice(m[0].length).trim();
  // `name dd 1` (no colon) and `name: dd 1` both label the directive; a bare word is a label or an instruction
  return m[0].endsWith(':') || DIRECTIVE.test(rest) ? rest : code;
}

/** Finds the data directive a label names; undefined for code labels and constants. */
function directiveOf(lines: string[], line: number): string | undefined {
  for (let i = line - 1; i < lines.length && i < line + 8; i++) {
    const text = statement(lines[i]);
    if (text === '') continue;
    return DIRECTIVE.exec(text)?.[1].toLowerCase();
  }
  return undefined;
}

export function dataLabels(symbols: readonly GuestSymbol[], place: (address: number) => number[]): DataLabel[] {
  const files = new Map<string, string[]>();
  const linesOf = (file: string): string[] => {
    let lines = files.get(file);
    if (lines === undefined) {
      try {
        lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
      } catch {
        lines = [];
      }
      files.set(file, lines);
    }
    return lines;
  };
  const out: DataLabel[] = [];
  for (const s of symbols) {
    if (s.file === undefined || s.line === undefined) continue;
    const directive = directiveOf(linesOf(s.file), s.line);
    if (directive === undefined) continue;
    const [address] = place(s.value);
    out.push({ name: s.name, address, size: SIZES[directive], directive });
  }
  return out.sort((a, b) => a.address - b.address);
}
