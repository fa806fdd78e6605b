// Multi-line macros: %macro headers, matching a call's arguments, and substituting %1, %0, %00,
// %{n}, %{a:b} and %%local names in the body.

import { CONDITIONS } from '../arch/conditions';
import { stringEnd } from './lexer';
import { AsmError, Origin } from './diagnostics';
import { splitArgs } from './pptokens';

export interface MMacro {
  name: string;
  icase: boolean;
  min: number;
  /** Infinity for `*`. */
  max: number;
  greedy: boolean;
  defaults: string[];
  body: string[];
  defined: Origin;
}

/** Parses `name min[-max][+] [defaults]` after %macro. */
export function parseMacroHeader(text: string, icase: boolean, defined: Origin): MMacro {
  const m = /^\s*([^\s]+)\s*(\d+)?(?:\s*-\s*(\d+|\*))?(\+)?(\.nolist)?\s*(.*)$/.exec(text);
  if (m === null || m[1] === '') throw new AsmError(1, '%macro needs a name');
  if (m[2] === undefined) throw new AsmError(1, `%macro '${m[1]}' needs a parameter count`);
  const min = Number(m[2]);
  const max = m[3] === undefined ? min : m[3] === '*' ? Infinity : Number(m[3]);
  if (max < min) throw new AsmError(1, `%macro '${m[1]}': parameter range ${min}-${max} is empty`);
  const defaults = m[6].trim() === '' ? [] : splitArgs(m[6], false);
  return { name: m[1], icase, min, max, greedy: m[4] === '+', defaults, body: [], defined };
}

/** The arguments of a call, filled with defaults; undefined when the count does not fit. */
export function bindArguments(macro: MMacro, argText: string): string[] | undefined {
  let args = argText.trim() === '' ? [] : splitArgs(argText, false);
  if (macro.greedy && args.length > macro.max && Number.isFinite(macro.max)) {
    const keep = macro.max - 1;
    args = [...args.slice(0, keep), restAfterCommas(argText, keep)];
  }
  if (args.length < macro.min || args.length > macro.max) return undefined;
  const filled = args.slice();
  for (let k = args.length; k < macro.max && k - macro.min < macro.defaults.length; k++) {
    filled.push(macro.defaults[k - macro.min]);
  }
  return filled;
}

function restAfterCommas(text: string, commas: number): string {
  let depth = 0;
  let seen = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'" || ch === '"' || ch === '`') {
      const end = stringEnd(text, i);
      i = (end < 0 ? text.length : end) - 1;
    } else if (ch === '{') depth++;
    else if (ch === '}') depth--;
    else if (ch === ',' && depth === 0 && ++seen === commas) return text.slice(i + 1).trim();
  }
  return text.trim();
}

export interface MacroCall {
  params: string[];
  /** Number of arguments written (%0). */
  count: number;
  label: string;
  uid: number;
}

/** Replaces macro parameter references in one body line. Strings are left alone. */
export function substituteParams(line: string, call: MacroCall): string {
  if (line.indexOf('%') < 0) return line;
  let out = '';
  const n = line.length;
  for (let i = 0; i < n; i++) {
    const ch = line[i];
    if (ch === "'" || ch === '"' || ch === '`') {
      const end = stringEnd(line, i);
      const stop = end < 0 ? n : end;
      out += line.slice(i, stop);
      i = stop - 1;
      continue;
    }
    if (ch !== '%' || i + 1 >= n) {
      out += ch;
      continue;
    }
    const next = line[i + 1];
    if (next === '%' && /[A-Za-z_.?@$]/.test(line[i + 2] ?? '')) {
      out += `..@${call.uid}.`;
      i += 1;
    } else if (next === '0' && line[i + 2] === '0') {
      out += call.label;
      i += 2;
    } else if ((next === '-' || next === '+') && line[i + 2] >= '1' && line[i + 2] <= '9') {
      // %+1 / %-1: a condition-code parameter, as written or inverted (j%-1 in an IF macro)
      let j = i + 2;
      while (j < n && line[j] >= '0' && line[j] <= '9') j++;
      const cc = (call.params[Number(line.slice(i + 2, j)) - 1] ?? '').trim();
      out += next === '+' ? cc : invertCondition(cc);
      i = j - 1;
    } else if (next >= '0' && next <= '9') {
      let j = i + 1;
      while (j < n && line[j] >= '0' && line[j] <= '9') j++;
      const k = Number(line.slice(i + 1, j));
      out += k === 0 ? String(call.count) : (call.params[k - 1] ?? '');
      i = j - 1;
    } else if (next === '{') {
      const close = line.indexOf('}', i);
      const inner = close < 0 ? '' : line.slice(i + 2, close);
      const range = /^\s*(-?\d+)\s*(?::\s*(-?\d+)\s*)?$/.exec(inner);
      if (range === null) {
        out += ch;
        continue;
      }
      out += paramRange(call, Number(range[1]), range[2] === undefined ? undefined : Number(range[2]));
      i = close;
    } else out += ch;
  }
  return out;
}

function invertCondition(cc: string): string {
  const lower = cc.toLowerCase();
  const k = CONDITIONS.findIndex((names) => names.includes(lower));
  if (k < 0) throw new AsmError(1, `'${cc}' is not a condition code`);
  const names = CONDITIONS[k ^ 1];
  return names[CONDITIONS[k].indexOf(lower)] ?? names[0];
}

function paramRange(call: MacroCall, a: number, b: number | undefined): string {
  const at = (k: number) => (k < 0 ? call.params.length + k + 1 : k);
  if (b === undefined) {
    const k = at(a);
    return k === 0 ? String(call.count) : (call.params[k - 1] ?? '');
  }
  const from = at(a);
  const to = at(b);
  const picked: string[] = [];
  const step = from <= to ? 1 : -1;
  for (let k = from; step > 0 ? k <= to : k >= to; k += step) picked.push(call.params[k - 1] ?? '');
  return picked.join(',');
}
