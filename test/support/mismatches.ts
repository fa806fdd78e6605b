// Collecting byte mismatches against NASM and summarising them compactly: counts per mnemonic,
// then the first few with their source line, expected and actual bytes.

export interface Mismatch {
  file: string;
  line: number;
  mnemonic: string;
  source: string;
  expected: Uint8Array;
  actual: Uint8Array;
  /** Our assembler's errors for the line, when it refused it. */
  errors?: string[];
  /** What to call the expected and actual bytes; `nasm` and `ours` unless said. */
  labels?: [string, string];
}

export function hex(bytes: Uint8Array, max = 24): string {
  const shown = [...bytes.subarray(0, max)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > max ? `${shown} ...(${bytes.length} bytes)` : shown || '(none)';
}

/** Index of the first differing byte, or -1 when the arrays are equal. */
export function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return firstDifference(a, b) === -1;
}

export function describeMismatch(m: Mismatch): string {
  const [e, a] = m.labels ?? ['nasm', 'ours'];
  const why = m.errors?.length ? `error: ${m.errors.join('; ')}` : `${e} ${hex(m.expected)} | ${a} ${hex(m.actual)}`;
  return `${m.file}:${m.line}: ${m.source}  =>  ${why}`;
}

export class MismatchLog {
  readonly items: Mismatch[] = [];
  total = 0;

  add(m: Mismatch): void {
    this.items.push(m);
  }

  countByMnemonic(): [string, number][] {
    const counts = new Map<string, number>();
    for (const m of this.items) counts.set(m.mnemonic, (counts.get(m.mnemonic) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  }

  /** A few lines: totals, counts per mnemonic, then the first `limit` mismatches (one per mnemonic first). */
  summary(limit = 20): string {
    if (this.items.length === 0) return `all ${this.total} checked items match`;
    const counts = this.countByMnemonic().map(([m, n]) => `${m} ${n}`).join(', ');
    const seen = new Set<string>();
    const firstOfEach = this.items.filter((m) => !seen.has(m.mnemonic) && seen.add(m.mnemonic));
    const shown = [...firstOfEach, ...this.items.filter((m) => !firstOfEach.includes(m))].slice(0, limit);
    return [
      `${this.items.length} of ${this.total} differ; by mnemonic: ${counts}`,
      ...shown.map((m) => '  ' + describeMismatch(m)),
      ...(this.items.length > shown.length ? [`  ... and ${this.items.length - shown.length} more`] : []),
    ].join('\n');
  }
}
