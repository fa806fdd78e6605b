// The assembler and disassembler under test, loaded by their agreed interfaces. Loaded lazily
// so that a missing or half-written module fails the harness with a clear message, not at import.

export interface AsmDiagnostic {
  file: string;
  line: number;
  col: number;
  severity: string;
  message: string;
}

export interface AsmOutput {
  bytes: Uint8Array;
  diagnostics: AsmDiagnostic[];
  lineTable?: unknown;
  symbols?: unknown;
  origin?: number;
}

export interface AsmInput {
  path: string;
  text?: string;
}

export interface AsmOptions {
  defines?: Record<string, string>;
  includePaths?: string[];
}

export type AssembleFn = (input: AsmInput, options?: AsmOptions) => AsmOutput;

export interface DisasmLine {
  address: number;
  bytes: Uint8Array;
  text: string;
}

export type DisassembleFn = (bytes: Uint8Array, options: { bits: 16 | 32; origin?: number }) => DisasmLine[];

function load<T>(module: string, name: string): T | string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(module) as Record<string, unknown>;
    const fn = mod[name];
    if (typeof fn !== 'function') return `${module} does not export a function '${name}'`;
    return fn as T;
  } catch (e) {
    return `cannot load ${module}: ${(e as Error).message.split('\n')[0]}`;
  }
}

/** The assembler, or a message saying why it is not available. */
export function loadAssembler(): AssembleFn | string {
  return load<AssembleFn>('../../src/asm/assembler', 'assemble');
}

export function loadDisassembler(): DisassembleFn | string {
  return load<DisassembleFn>('../../src/asm/disassembler', 'disassemble');
}

/** Runs the assembler, turning a thrown exception into an error diagnostic (a crash is a finding too). */
export function assembleSafely(assemble: AssembleFn, input: AsmInput, options?: AsmOptions): AsmOutput {
  try {
    const out = assemble(input, options);
    return { ...out, bytes: out.bytes ?? new Uint8Array(), diagnostics: out.diagnostics ?? [] };
  } catch (e) {
    const where = (e as Error).stack?.split('\n').slice(0, 3).join(' | ') ?? String(e);
    return { bytes: new Uint8Array(), diagnostics: [{ file: input.path, line: 0, col: 0, severity: 'crash', message: where }] };
  }
}

export function errorsOf(out: AsmOutput): AsmDiagnostic[] {
  return out.diagnostics.filter((d) => d.severity !== 'warning' && d.severity !== 'info');
}

export function formatDiagnostic(d: AsmDiagnostic): string {
  return `${d.file}:${d.line}:${d.col}: ${d.severity}: ${d.message}`;
}

/**
 * The source position our line table gives for an output offset. The table's exact shape belongs
 * to the assembler; this accepts an array (or a `entries`/`lines` array) of records with an address
 * (`address`/`offset`/`start`, absolute or relative to `origin`) and a `file`/`line`.
 */
export function lineTableAt(out: AsmOutput, offset: number): string | undefined {
  const raw = out.lineTable as unknown;
  const table = Array.isArray(raw)
    ? raw
    : raw && typeof raw === 'object'
      ? ((raw as Record<string, unknown>).entries ?? (raw as Record<string, unknown>).lines)
      : undefined;
  if (!Array.isArray(table)) return undefined;
  const origin = out.origin ?? 0;
  let best: { at: number; where: string } | undefined;
  for (const e of table as Record<string, unknown>[]) {
    const a = e.address ?? e.offset ?? e.start;
    if (typeof a !== 'number') continue;
    const at = typeof e.offset === 'number' && e.address === undefined ? a : a - origin;
    if (at <= offset && (!best || at >= best.at)) best = { at, where: `${String(e.file ?? '?')}:${String(e.line ?? '?')}` };
  }
  return best?.where;
}
