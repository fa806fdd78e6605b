// A guest program as given on the command line or in launch.json: NASM-syntax source (.asm,
// assembled here) or bytes (a flat binary or an ELF32 file), with whatever symbols it carries.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { assemble, Diagnostic, LineEntry } from '../../asm/assembler';
import { isElf, parseElf } from './elf';
import { ImageError } from './image-error';

/** A name for an address: from the assembler (with its source line) or from an ELF symbol table. */
export interface GuestSymbol {
  name: string;
  value: number;
  size?: number;
  file?: string;
  line?: number;
}

export interface GuestProgram {
  path: string;
  bytes: Uint8Array;
  symbols: GuestSymbol[];
  /** Address to source line, for programs assembled here. */
  lineTable: LineEntry[];
  /** Warnings from the assembler (errors throw AssemblyFailed). */
  diagnostics: Diagnostic[];
}

export interface ProgramOptions {
  includePaths?: string[];
  defines?: Record<string, string>;
}

/** The assembler refused the source; `diagnostics` say where and why. */
export class AssemblyFailed extends Error {
  override name = 'AssemblyFailed';
  constructor(readonly diagnostics: Diagnostic[]) {
    super(`assembly failed with ${diagnostics.filter((d) => d.severity === 'error').length} error(s)`);
  }
}

export const isAssemblySource = (file: string): boolean => /\.(asm|nasm|s)$/i.test(file);

/** Reads (and for .asm, assembles) a program. Throws ImageError or AssemblyFailed. */
export function loadProgram(file: string, options: ProgramOptions = {}): GuestProgram {
  if (isAssemblySource(file)) {
    if (!fs.existsSync(file)) throw new ImageError(`cannot read '${file}': no such file`);
    // Like nasm, %include looks in the current directory and the -I paths; the source's own
    // directory is tried last, so a guest and its includes can sit side by side.
    const includePaths = [...(options.includePaths ?? []), path.dirname(file) + path.sep];
    const r = assemble({ path: file }, { includePaths, defines: options.defines });
    if (r.diagnostics.some((d) => d.severity === 'error')) throw new AssemblyFailed(r.diagnostics);
    return {
      path: file,
      bytes: r.bytes,
      symbols: r.symbols.map((s) => ({ name: s.name, value: s.value, file: s.file, line: s.line })),
      lineTable: r.lineTable,
      diagnostics: r.diagnostics,
    };
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(fs.readFileSync(file));
  } catch (e) {
    throw new ImageError(`cannot read '${file}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const symbols = isElf(bytes) ? parseElf(bytes).symbols.map((s) => ({ name: s.name, value: s.value, size: s.size })) : [];
  return { path: file, bytes, symbols, lineTable: [], diagnostics: [] };
}
