// Splits one preprocessed source line into tokens. Source text is held as latin1 (one char per
// byte), so strings carry the file's bytes unchanged.

import { parseNumber } from './numbers';

export const enum T {
  Id,
  Num,
  Str,
  Op,
  Here,
  Base,
  Bad,
}

export interface Token {
  k: T;
  /** Identifier or operator text; the decoded bytes of a string; the raw text of a number. */
  s: string;
  /** 1-based column. */
  col: number;
  /** Value of a number. */
  v?: bigint;
  /** Why a Bad token is bad. */
  err?: string;
}

const ID_START = new Uint8Array(256);
const ID_PART = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const ch = String.fromCharCode(c);
  const alpha = /[A-Za-z]/.test(ch);
  ID_START[c] = alpha || '_.?@'.includes(ch) ? 1 : 0;
  ID_PART[c] = alpha || /[0-9]/.test(ch) || '_$#@~.?'.includes(ch) ? 1 : 0;
}

export function isIdStart(c: number): boolean {
  return c < 256 && ID_START[c] === 1;
}

export function isIdPart(c: number): boolean {
  return c < 256 && ID_PART[c] === 1;
}

const THREE = new Set(['<<<', '>>>', '<=>']);
const TWO = new Set(['//', '%%', '<<', '>>', '<=', '>=', '==', '!=', '<>', '&&', '||', '^^']);
const ONE = '+-*/%<>=&|^~!?:()[],{}';

const ESCAPES: Record<string, number> = {
  n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, e: 27, '\\': 92, "'": 39, '"': 34, '`': 96, '?': 63,
};

function utf8(cp: number): string {
  return Buffer.from(String.fromCodePoint(cp), 'utf8').toString('latin1');
}

/** Decodes the body of a backquoted string (C-style escapes). */
function unescape(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '\\' || i + 1 >= body.length) {
      out += ch;
      continue;
    }
    const e = body[++i];
    if (e in ESCAPES) out += String.fromCharCode(ESCAPES[e]);
    else if (e >= '0' && e <= '7') {
      let n = 0;
      let j = 0;
      while (j < 3 && i < body.length && body[i] >= '0' && body[i] <= '7') n = n * 8 + Number(body[i++]), j++;
      i--;
      out += String.fromCharCode(n & 0xff);
    } else if (e === 'x' || e === 'X') {
      let hex = '';
      while (hex.length < 2 && /[0-9a-fA-F]/.test(body[i + 1] ?? '')) hex += body[++i];
      out += String.fromCharCode(hex ? parseInt(hex, 16) : 0);
    } else if (e === 'u' || e === 'U') {
      const len = e === 'u' ? 4 : 8;
      let hex = '';
      while (hex.length < len && /[0-9a-fA-F]/.test(body[i + 1] ?? '')) hex += body[++i];
      out += utf8(parseInt(hex || '0', 16));
    } else out += e;
  }
  return out;
}

/** Index just past the closing quote of the string starting at i, or -1 when unterminated. */
export function stringEnd(text: string, i: number): number {
  const q = text.charCodeAt(i);
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === q) return j + 1;
    if (q === 96 && c === 92) j++;
  }
  return -1;
}

/** Every token has the same fields, so the code that reads them stays monomorphic. */
function tok(k: T, s: string, col: number, v?: bigint, err?: string): Token {
  return { k, s, col, v, err };
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 13 || c === 12 || c === 11) {
      i++;
      continue;
    }
    const col = i + 1;
    if (c === 59) break; // ';' comment
    const lone = c === 63 && !(i + 1 < n && isIdPart(text.charCodeAt(i + 1)));
    if ((isIdStart(c) && !lone) || (c === 36 && i + 1 < n && isIdStart(text.charCodeAt(i + 1)))) {
      const start = c === 36 ? i + 1 : i;
      let j = start + 1;
      while (j < n && isIdPart(text.charCodeAt(j))) j++;
      // "$name" is an identifier even when name is a register or keyword; mark it with a leading '$'.
      out.push(tok(T.Id, c === 36 ? text.slice(i, j) : text.slice(start, j), col));
      i = j;
      continue;
    }
    if ((c >= 48 && c <= 57) || (c === 36 && i + 1 < n && isDigit(text.charCodeAt(i + 1)))) {
      let j = i + 1;
      while (j < n && (isIdPart(text.charCodeAt(j)) && text.charCodeAt(j) !== 46)) j++;
      const raw = text.slice(i, j);
      const v = parseNumber(raw);
      if (v === undefined) out.push(tok(T.Bad, raw, col, undefined, `invalid number '${raw.length > 40 ? raw.slice(0, 40) + '...' : raw}'`));
      else out.push(tok(T.Num, raw, col, v));
      i = j;
      continue;
    }
    if (c === 36) {
      if (text.charCodeAt(i + 1) === 36) {
        out.push(tok(T.Base, '$$', col));
        i += 2;
      } else {
        out.push(tok(T.Here, '$', col));
        i++;
      }
      continue;
    }
    if (c === 39 || c === 34 || c === 96) {
      const end = stringEnd(text, i);
      if (end < 0) {
        out.push(tok(T.Bad, text.slice(i), col, undefined, 'unterminated string'));
        break;
      }
      const body = text.slice(i + 1, end - 1);
      out.push(tok(T.Str, c === 96 ? unescape(body) : body, col));
      i = end;
      continue;
    }
    const three = text.substr(i, 3);
    if (THREE.has(three)) {
      out.push(tok(T.Op, three, col));
      i += 3;
      continue;
    }
    const two = text.substr(i, 2);
    if (TWO.has(two)) {
      out.push(tok(T.Op, two, col));
      i += 2;
      continue;
    }
    const ch = text[i];
    if (ONE.includes(ch)) {
      out.push(tok(T.Op, ch, col));
      i++;
      continue;
    }
    const shown = c >= 32 && c < 127 ? `'${ch}'` : `byte 0x${c.toString(16).padStart(2, '0')}`;
    out.push(tok(T.Bad, ch, col, undefined, `invalid character ${shown}`));
    i++;
  }
  return out;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
