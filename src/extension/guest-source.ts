// A light reading of a guest's source text for the editor: where labels, EQU constants, macros
// and single-line defines are defined, which identifiers refer to them, and which files are
// %included. It never needs the whole program to assemble, so outline, go-to-definition and
// find-references keep working while the user types broken code. It follows NASM's rules for
// local labels (".name" belongs to the previous non-local label), and knows nothing of vscode.

import { describeMnemonic } from '../arch/descriptions';

export type DefinitionKind = 'label' | 'local' | 'equ' | 'macro' | 'define';

export interface Definition {
  /** The full name: a local label carries its parent's name ("start.loop"). */
  name: string;
  /** As written at the definition (".loop"). */
  written: string;
  kind: DefinitionKind;
  /** 0-based line and column of the name, as vscode counts them. */
  line: number;
  col: number;
  /** The non-local label a local label belongs to. */
  parent?: string;
}

export interface Reference {
  /** The full name the identifier resolves to. */
  name: string;
  line: number;
  col: number;
  length: number;
}

export interface Include {
  /** The file name as written between the quotes. */
  file: string;
  line: number;
}

export interface GuestSource {
  definitions: Definition[];
  /** Every identifier that is not a mnemonic, register or keyword, including definitions. */
  references: Reference[];
  includes: Include[];
}

const REGISTERS = new Set([
  'al', 'ah', 'ax', 'eax', 'bl', 'bh', 'bx', 'ebx', 'cl', 'ch', 'cx', 'ecx', 'dl', 'dh', 'dx', 'edx',
  'si', 'esi', 'di', 'edi', 'sp', 'esp', 'bp', 'ebp', 'cs', 'ds', 'es', 'fs', 'gs', 'ss',
  'cr0', 'cr2', 'cr3', 'cr4', 'dr0', 'dr1', 'dr2', 'dr3', 'dr6', 'dr7', 'tr3', 'tr4', 'tr5', 'tr6', 'tr7',
  'st0', 'st1', 'st2', 'st3', 'st4', 'st5', 'st6', 'st7', 'mm0', 'mm1', 'mm2', 'mm3', 'mm4', 'mm5', 'mm6', 'mm7',
]);

const KEYWORDS = new Set([
  'byte', 'word', 'dword', 'qword', 'tword', 'short', 'near', 'far', 'strict', 'nosplit', 'rel', 'abs', 'to', 'seg', 'wrt',
  'db', 'dw', 'dd', 'dq', 'dt', 'resb', 'resw', 'resd', 'resq', 'rest', 'times', 'equ', 'incbin',
  'bits', 'use16', 'use32', 'org', 'section', 'segment', 'align', 'alignb', 'absolute', 'cpu', 'global', 'extern',
  'common', 'default', 'struc', 'endstruc', 'istruc', 'iend', 'at', 'progbits', 'nobits', 'start', 'vstart',
  'follows', 'vfollows', 'valign',
]);

/** Directives whose operands are names of their own (sections, CPU levels), not symbols. */
const NAMES_NOT_SYMBOLS = new Set(['section', 'segment', 'bits', 'cpu', 'default']);

/** Words after a label name (written without a colon) that make the first word a label. */
const AFTER_LABEL = new Set(['db', 'dw', 'dd', 'dq', 'dt', 'resb', 'resw', 'resd', 'resq', 'rest', 'times', 'equ', 'incbin']);

const IDENT = /\$?[A-Za-z_.?@][A-Za-z0-9_$#@~.?]*/y;

/** A name is a local label when it starts with one dot (not NASM's "..@" or "..start" forms). */
export function isLocal(name: string): boolean {
  return name.startsWith('.') && !name.startsWith('..');
}

/** The code part of a line: strings blanked (so their words are not identifiers), comment cut. */
export function codeOf(line: string): string {
  let out = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === ';') break;
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < line.length && line[j] !== c) j += c === '`' && line[j] === '\\' ? 2 : 1;
      out += c + ' '.repeat(Math.max(0, Math.min(j, line.length) - i - 1)) + (j < line.length ? c : '');
      i = j;
      continue;
    }
    out += c;
  }
  return out;
}

const plain = new Map<string, boolean>();

/** Whether a word can name a label: not a register, keyword, mnemonic or prefix. */
function plainWord(word: string): boolean {
  const w = word.toLowerCase();
  let ok = plain.get(w);
  if (ok === undefined) {
    ok = !REGISTERS.has(w) && !KEYWORDS.has(w) && describeMnemonic(w) === undefined;
    plain.set(w, ok);
  }
  return ok;
}

export function scanGuestSource(text: string): GuestSource {
  const definitions: Definition[] = [];
  const references: Reference[] = [];
  const includes: Include[] = [];
  const lines = text.split(/\r?\n/);
  let base = '';
  let inMacro = 0;
  const resolve = (word: string) => (isLocal(word) ? base + word : word.startsWith('$') ? word.slice(1) : word);

  lines.forEach((raw, line) => {
    const code = codeOf(raw);
    const trimmed = code.trimStart();
    const indent = code.length - trimmed.length;

    if (trimmed.startsWith('%')) {
      const m = /^%(\w+)\s*(.*)$/.exec(trimmed);
      const directive = m?.[1].toLowerCase() ?? '';
      const rest = m?.[2] ?? '';
      const nameCol = indent + trimmed.length - rest.length;
      const name = /^[A-Za-z_.?@$][A-Za-z0-9_$#@~.?]*/.exec(rest)?.[0];
      if ((directive === 'macro' || directive === 'imacro') && name) {
        definitions.push({ name, written: name, kind: 'macro', line, col: nameCol });
        inMacro++;
      } else if (directive === 'endmacro' || directive === 'endm') {
        inMacro = Math.max(0, inMacro - 1);
      } else if (/^(x|i|xi)?define$|^assign$|^iassign$/.test(directive) && name) {
        definitions.push({ name, written: name, kind: 'define', line, col: nameCol });
      } else if (directive === 'include') {
        const file = /%include\s+["'<]([^"'>]+)["'>]/i.exec(raw)?.[1]; // the code has strings blanked
        if (file) includes.push({ file, line });
      }
      return; // other preprocessor lines carry no labels (their identifiers are macro-level names)
    }

    // Identifiers on the line, skipping numbers (0x10, 10h) and %-prefixed macro parameters.
    const words: { word: string; col: number }[] = [];
    for (let i = 0; i < code.length; ) {
      const c = code[i];
      if (/[0-9]/.test(c) || (c === '%' && i + 1 < code.length)) {
        i++;
        while (i < code.length && /[A-Za-z0-9_$#@~.?%]/.test(code[i])) i++;
        continue;
      }
      IDENT.lastIndex = i;
      const m = IDENT.exec(code);
      if (m) {
        words.push({ word: m[0], col: i });
        i += m[0].length;
      } else i++;
    }

    const directive = words[0]?.col === indent ? words[0].word.toLowerCase() : '';
    // "struc NAME" defines NAME, and its ".field" lines are NAME.field, as for a label.
    if (directive === 'struc' && words[1] && inMacro === 0) {
      definitions.push({ name: words[1].word, written: words[1].word, kind: 'label', line, col: words[1].col });
      base = words[1].word;
    }
    // A definition: "name:" first on the line, or "name equ/db/resb/times ...".
    else if (words.length > 0 && words[0].col === indent && inMacro === 0) {
      const first = words[0];
      const afterFirst = code.slice(first.col + first.word.length).trimStart();
      const second = words[1]?.word.toLowerCase();
      const colon = afterFirst.startsWith(':');
      const bareLabel = second !== undefined && AFTER_LABEL.has(second) && plainWord(first.word);
      if ((colon || bareLabel) && first.word !== '$' && !first.word.startsWith('..@')) {
        const written = first.word.startsWith('$') ? first.word.slice(1) : first.word;
        const equ = second === 'equ' && !colon;
        const local = isLocal(written);
        const kind: DefinitionKind = local ? 'local' : equ ? 'equ' : 'label';
        definitions.push({
          name: local ? base + written : written, written, kind, line,
          col: first.col + (first.word.startsWith('$') ? 1 : 0), parent: local ? base : undefined,
        });
        if (!local && !equ) base = written;
      }
    }

    if (NAMES_NOT_SYMBOLS.has(directive)) return; // section names, CPU levels, bits 32
    for (const { word, col } of words) {
      if (word === '$' || word === '$$' || word === '?') continue;
      if (!word.startsWith('$') && !plainWord(word)) continue;
      const skip = word.startsWith('$') ? 1 : 0;
      references.push({ name: resolve(word), line, col: col + skip, length: word.length - skip });
    }
  });
  return { definitions, references, includes };
}

/** The full name of the identifier that covers a column of a line, with its span. */
export function nameAt(text: string, line: number, col: number): Reference | undefined {
  return scanGuestSource(text).references.find((r) => r.line === line && col >= r.col && col <= r.col + r.length);
}
