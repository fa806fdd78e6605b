// Single-line macros: %define (with parameters), %idefine, %xdefine, %undef, and their expansion.

import { AsmError } from './diagnostics';
import { isIdPart, isIdStart } from './lexer';
import { joinSegments, P, Seg, splitArgs, splitSegments } from './pptokens';

export interface SMacro {
  name: string;
  params: string[] | null;
  body: Seg[];
  icase: boolean;
}

/** Expansion stops here: a macro that keeps producing text is an error, not a hang. */
const MAX_EXPANSIONS = 100_000;

export class SMacroTable {
  private readonly exact = new Map<string, SMacro[]>();
  private readonly folded = new Map<string, SMacro[]>();
  /** Names that might be macros: lets a line without any skip the full scan. */
  size = 0;
  private expansions = 0;
  /** First characters of defined names (never cleared: only a quick filter). */
  private readonly starts = new Uint8Array(128);

  define(name: string, params: string[] | null, body: string, icase: boolean): void {
    const map = icase ? this.folded : this.exact;
    const key = icase ? name.toLowerCase() : name;
    const arity = params === null ? -1 : params.length;
    const list = (map.get(key) ?? []).filter((m) => (m.params === null ? -1 : m.params.length) !== arity);
    list.push({ name, params, body: splitSegments(body), icase });
    map.set(key, list);
    const c = name.charCodeAt(0);
    if (c < 128) {
      this.starts[c] = 1;
      if (icase) this.starts[name.toLowerCase().charCodeAt(0)] = this.starts[name.toUpperCase().charCodeAt(0)] = 1;
    } else this.starts.fill(1);
    this.size = this.exact.size + this.folded.size;
  }

  undefine(name: string): void {
    this.exact.delete(name);
    this.folded.delete(name.toLowerCase());
    this.size = this.exact.size + this.folded.size;
  }

  isDefined(name: string): boolean {
    return this.exact.has(name) || this.folded.has(name.toLowerCase());
  }

  private candidates(name: string): SMacro[] | undefined {
    const a = this.exact.get(name);
    if (this.folded.size === 0) return a;
    const b = this.folded.get(name.toLowerCase());
    return a === undefined ? b : b === undefined ? a : [...a, ...b];
  }

  /** Whether any identifier of the line could be a macro (a cheap test before expansion). */
  mayExpand(text: string): boolean {
    if (this.size === 0) return false;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (!isIdStart(c)) {
        if (isIdPart(c)) while (i + 1 < n && isIdPart(text.charCodeAt(i + 1))) i++;
        continue;
      }
      let j = i + 1;
      while (j < n && isIdPart(text.charCodeAt(j))) j++;
      if (this.starts[c] === 1 && this.candidates(text.slice(i, j)) !== undefined) return true;
      i = j - 1;
    }
    return false;
  }

  expand(text: string, dynamic?: (name: string) => string | undefined): string {
    this.expansions = 0;
    return joinSegments(this.expandSegs(splitSegments(text), new Set(), dynamic));
  }

  private expandSegs(segs: Seg[], active: Set<SMacro>, dynamic?: (name: string) => string | undefined): Seg[] {
    const out: Seg[] = [];
    for (let i = 0; i < segs.length; i++) {
      const g = segs[i];
      if (g.t !== P.Id) {
        out.push(g);
        continue;
      }
      const list = this.candidates(g.s);
      if (list === undefined) {
        const d = dynamic?.(g.s);
        out.push(d === undefined ? g : { t: P.Other, s: d });
        continue;
      }
      // A call with arguments needs '(' next; otherwise the parameterless form applies.
      let j = i + 1;
      while (j < segs.length && segs[j].t === P.Space) j++;
      let macro: SMacro | undefined;
      let args: string[] = [];
      let end = i;
      if (j < segs.length && segs[j].s === '(' && list.some((m) => m.params !== null)) {
        const close = matchingParen(segs, j);
        if (close > 0) {
          const inner = joinSegments(segs.slice(j + 1, close));
          const split = inner.trim() === '' ? [] : splitArgs(inner, true);
          macro = list.find((m) => m.params !== null && m.params.length === split.length && !active.has(m));
          if (macro !== undefined) {
            args = split.map((a) => joinSegments(this.expandSegs(splitSegments(a), active, dynamic)));
            end = close;
          }
        }
      }
      if (macro === undefined) macro = list.find((m) => m.params === null && !active.has(m));
      if (macro === undefined) {
        out.push(g);
        continue;
      }
      if (++this.expansions > MAX_EXPANSIONS) {
        throw new AsmError(1, `single-line macro expansion does not end (at '${macro.name}')`);
      }
      const body = macro.params === null || macro.params.length === 0
        ? macro.body
        : substitute(macro.body, macro.params, args);
      active.add(macro);
      out.push(...this.expandSegs(body, active, dynamic));
      active.delete(macro);
      i = end;
    }
    return out;
  }
}

function matchingParen(segs: Seg[], open: number): number {
  let depth = 0;
  for (let k = open; k < segs.length; k++) {
    if (segs[k].t !== P.Other) continue;
    if (segs[k].s === '(') depth++;
    else if (segs[k].s === ')' && --depth === 0) return k;
  }
  return -1;
}

function substitute(body: Seg[], params: string[], args: string[]): Seg[] {
  const split = args.map(splitSegments);
  const out: Seg[] = [];
  for (const g of body) {
    const k = g.t === P.Id ? params.indexOf(g.s) : -1;
    if (k < 0) out.push(g);
    else for (const a of split[k]) out.push(a);
  }
  return out;
}

/** Joins tokens around the %+ pasting operator. */
export function pasteTokens(text: string): string {
  return text.indexOf('%+') < 0 ? text : text.replace(/\s*%\+\s*/g, '');
}
