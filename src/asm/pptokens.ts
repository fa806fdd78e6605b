// Text helpers for the preprocessor: a light split of a line into identifiers, numbers, strings
// and single characters (whitespace kept, so that text can be put back together unchanged),
// comments, argument lists and quoting.

import { isIdPart, isIdStart, stringEnd } from './lexer';

export const enum P {
  Id,
  Num,
  Str,
  Space,
  Other,
}

export interface Seg {
  t: P;
  s: string;
}

export function splitSegments(text: string): Seg[] {
  const out: Seg[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    let j = i + 1;
    let t: P;
    if (isIdStart(c) || (c === 36 && i + 1 < n && isIdStart(text.charCodeAt(i + 1)))) {
      while (j < n && isIdPart(text.charCodeAt(j))) j++;
      t = P.Id;
    } else if (c >= 48 && c <= 57) {
      while (j < n && isIdPart(text.charCodeAt(j))) j++;
      t = P.Num;
    } else if (c === 39 || c === 34 || c === 96) {
      const end = stringEnd(text, i);
      j = end < 0 ? n : end;
      t = P.Str;
    } else if (c === 32 || c === 9) {
      while (j < n && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
      t = P.Space;
    } else t = P.Other;
    out.push({ t, s: text.slice(i, j) });
    i = j;
  }
  return out;
}

export function joinSegments(segs: Seg[]): string {
  let s = '';
  for (const g of segs) s += g.s;
  return s;
}

/** Removes a ';' comment, leaving strings alone. */
export function stripComment(text: string): string {
  if (text.indexOf(';') < 0) return text;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 59) return text.slice(0, i);
    if (c === 39 || c === 34 || c === 96) {
      const end = stringEnd(text, i);
      if (end < 0) return text;
      i = end - 1;
    }
  }
  return text;
}

/**
 * Splits a list of arguments at top-level commas; `{...}` groups an argument that holds commas.
 * `open`/`close` also nest (parentheses for single-line macro calls).
 */
export function splitArgs(text: string, nestParens: boolean): string[] {
  const args: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'" || ch === '"' || ch === '`') {
      const end = stringEnd(text, i);
      const stop = end < 0 ? text.length : end;
      cur += text.slice(i, stop);
      i = stop - 1;
      continue;
    }
    if (ch === '{' || (nestParens && ch === '(')) depth++;
    else if (ch === '}' || (nestParens && ch === ')')) depth--;
    else if (ch === ',' && depth === 0) {
      args.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  args.push(cur);
  return args.map(unbrace);
}

function unbrace(arg: string): string {
  const t = arg.trim();
  return t.length >= 2 && t[0] === '{' && t[t.length - 1] === '}' ? t.slice(1, -1).trim() : t;
}

export function firstChar(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return c;
  }
  return -1;
}

/** The lower-cased word that would name a macro: the first, or the one after `label:`. */
export function callee(text: string): string {
  let i = 0;
  const n = text.length;
  const word = (): string => {
    while (i < n && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    const start = i;
    while (i < n && isIdPart(text.charCodeAt(i))) i++;
    return text.slice(start, i);
  };
  const first = word();
  while (i < n && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  if (text[i] !== ':') return first.toLowerCase();
  i++;
  return word().toLowerCase();
}

/** Text as NASM turns tokens back into a string: whitespace between tokens becomes one space. */
export function squeeze(text: string): string {
  return splitSegments(text.trim()).map((g) => (g.t === P.Space ? ' ' : g.s)).join('');
}

export function quote(text: string): string {
  return !text.includes("'") ? `'${text}'` : !text.includes('"') ? `"${text}"` : `\`${text.replace(/[\\`]/g, '\\$&')}\``;
}

export function message(text: string): string {
  const t = text.trim();
  const m = /^(["'`])(.*)\1$/.exec(t);
  return m !== null ? m[2] : t;
}

export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
