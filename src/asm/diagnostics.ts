// Errors and warnings, located at a file, line and column.

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  file: string;
  line: number;
  col: number;
  severity: Severity;
  message: string;
}

/** Where a source line came from; macro-expanded lines point at the invocation. */
export interface Origin {
  file: string;
  line: number;
  /** Set for lines that a macro produced: the macro's name. */
  macro?: string;
  /** Position in the preprocessed output, to list diagnostics in source order. */
  seq?: number;
}

export class Diagnostics {
  readonly list: Diagnostic[] = [];
  /** The `seq` of each diagnostic's origin. */
  readonly order: number[] = [];
  private errorCount = 0;

  report(at: Origin, col: number, severity: Severity, message: string): void {
    if (severity === 'error') this.errorCount++;
    // Columns inside a macro's expansion mean nothing on the invocation line.
    const text = at.macro !== undefined ? `${message} (in macro '${at.macro}')` : message;
    this.list.push({ file: at.file, line: at.line, col: at.macro !== undefined ? 1 : col, severity, message: text });
    this.order.push(at.seq ?? 0);
  }

  error(at: Origin, col: number, message: string): void {
    this.report(at, col, 'error', message);
  }

  warning(at: Origin, col: number, message: string): void {
    this.report(at, col, 'warning', message);
  }

  get errors(): number {
    return this.errorCount;
  }
}

const MAX_ERRORS = 100;

/** Diagnostics of several lists in source order, cut after MAX_ERRORS errors. */
export function merged(...all: Diagnostics[]): Diagnostic[] {
  const items = all.flatMap((d) => d.list.map((x, i) => ({ x, seq: d.order[i] })));
  items.sort((a, b) => a.seq - b.seq);
  const out: Diagnostic[] = [];
  let errors = 0;
  for (const { x } of items) {
    if (x.severity === 'error' && ++errors > MAX_ERRORS) {
      const last = out[out.length - 1];
      const more = items.filter((i) => i.x.severity === 'error').length - MAX_ERRORS;
      out.push({ ...last, severity: 'error', message: `too many errors; ${more} more not shown` });
      break;
    }
    out.push(x);
  }
  return out;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.col}: ${d.severity}: ${d.message}`;
}

/** Shortens a name or text for a message (a 10,000-character identifier must not flood the output). */
export function clip(text: string, max = 40): string {
  return text.length <= max ? text : `${text.slice(0, max)}... (${text.length} characters)`;
}

/** An error found while handling one statement; caught at the statement and reported there. */
export class AsmError extends Error {
  constructor(readonly col: number, message: string) {
    super(message);
  }
}
