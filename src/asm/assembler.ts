// The assembler's public entry: NASM-syntax source in, a flat binary (as `nasm -f bin` makes it),
// diagnostics, a line table and a symbol table out. It never throws.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Diagnostic, Diagnostics, merged } from './diagnostics';
import { LineEntry, SymbolEntry } from './line-table';
import { Parser } from './parser';
import { Passes } from './passes';
import { Preprocessor } from './preprocessor';

export type { Diagnostic } from './diagnostics';
export type { LineEntry, SymbolEntry } from './line-table';

export interface AssemblyInput {
  path: string;
  /** The source text (an editor's buffer: encoded as UTF-8); read from `path` when absent. */
  text?: string;
}

export interface AssemblyOptions {
  defines?: Record<string, string>;
  includePaths?: string[];
  /** Reads a file as text (like `text`, encoded as UTF-8); the default reads the file's bytes from disk. */
  readFile?: (path: string) => string;
}

export interface AssemblyResult {
  bytes: Uint8Array;
  diagnostics: Diagnostic[];
  lineTable: LineEntry[];
  symbols: SymbolEntry[];
  origin: number;
}

/** Text (as an editor holds it) as one char per UTF-8 byte, which is how NASM sees a file. */
function asBytes(text: string): string {
  // eslint-disable-next-line no-control-regex
  return /[^\x00-\x7f]/.test(text) ? Buffer.from(text, 'utf8').toString('latin1') : text;
}

export function assemble(input: AssemblyInput, options: AssemblyOptions = {}): AssemblyResult {
  const diags = new Diagnostics();
  const readFile = (p: string) =>
    options.readFile !== undefined ? asBytes(options.readFile(p)) : fs.readFileSync(p, 'latin1');
  const empty = { bytes: new Uint8Array(0), lineTable: [], symbols: [], origin: 0 };
  try {
    let text: string;
    if (input.text !== undefined) text = asBytes(input.text);
    else {
      try {
        text = readFile(input.path);
      } catch (e) {
        diags.error({ file: input.path, line: 1 }, 1, `unable to read source file: ${(e as Error).message}`);
        return { ...empty, diagnostics: diags.list };
      }
    }
    const pp = new Preprocessor(diags, { defines: options.defines, includePaths: options.includePaths, readFile });

    const parser = new Parser(diags, {
      readFile,
      resolveInclude: (name, from) => {
        const candidates = [path.join(path.dirname(from), name), ...(options.includePaths ?? []).map((d) => path.join(d, name)), name];
        return candidates.find((c) => {
          try {
            readFile(c);
            return true;
          } catch {
            return false;
          }
        });
      },
    });
    pp.run(input.path, text, (line, origin) => parser.parseLine(line, origin));
    if (pp.stopped) return { ...empty, diagnostics: merged(diags) };
    const passes = new Passes(parser, diags);
    const passDiags = passes.run();
    return { ...result(parser, passes), diagnostics: merged(diags, passDiags) };
  } catch (e) {
    diags.error({ file: input.path, line: 0 }, 0, `internal assembler error: ${(e as Error).message}`);
    return { ...empty, diagnostics: diags.list };
  }
}

function result(parser: Parser, passes: Passes): Omit<AssemblyResult, 'diagnostics'> {
  const sections = parser.sections.list;
  const origin = passes.origin;
  let size = 0;
  for (const s of sections) {
    const len = passes.sinks[s.index].length;
    if (!s.nobits && len > 0) size = Math.max(size, passes.starts[s.index] - origin + len);
  }
  const bytes = new Uint8Array(size);
  for (const s of sections) {
    const content = passes.sinks[s.index].bytes();
    if (!s.nobits && content.length > 0) bytes.set(content, passes.starts[s.index] - origin);
  }
  // Each section's entries come in address order, and sections are laid out in order.
  const bySection: LineEntry[][] = sections.map(() => []);
  parser.statements.forEach((st, i) => {
    const length = passes.lengths[i];
    if (length > 0) {
      bySection[st.section].push({ address: passes.addresses[i], length, file: st.origin.file, line: st.origin.line });
    }
  });
  const lineTable = parser.sections.order().flatMap((s) => bySection[s.index]);
  const symbols: SymbolEntry[] = [];
  for (const s of passes.symbols.values()) {
    const v = s.val.v;
    symbols.push({
      name: s.name, kind: s.kind, value: Number(BigInt.asIntN(64, v)),
      file: s.stmt.origin.file, line: s.stmt.origin.line,
    });
  }
  return { bytes, lineTable, symbols, origin };
}
