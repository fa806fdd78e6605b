// Running Debian's nasm as the reference assembler: several sources at a time (two processes
// in parallel), each with a listing, so that bytes can be traced back to the source lines.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

export interface NasmJob {
  /** Path of the source; with `text` the file is written there first. */
  path: string;
  text?: string;
  defines?: Record<string, string>;
  includePaths?: string[];
}

export interface ListingRow {
  /** Line number as the listing gives it (in the file or macro the line came from). */
  line: number;
  /** Offset from the start of the output. */
  offset: number;
  source: string;
}

export interface NasmResult {
  ok: boolean;
  bytes: Uint8Array;
  /** nasm's stderr: errors and warnings, `file:line: severity: message`. */
  messages: string[];
  listing: ListingRow[];
}

const scratch: string[] = [];

/** A scratch directory removed when the process exits. */
export function scratchDir(tag: string): string {
  const dir = mkdtempSync(join(tmpdir(), `ringside-${tag}-`));
  if (scratch.length === 0) process.on('exit', () => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));
  scratch.push(dir);
  return dir;
}

// Listing rows that carry bytes: "   123 0000001A B83412      <1>   source"
const ROW = /^\s*(\d+) ([0-9A-F]{8}) \S+/;

export function parseListing(text: string): ListingRow[] {
  const rows: ListingRow[] = [];
  for (const raw of text.split('\n')) {
    const m = ROW.exec(raw);
    if (!m) continue;
    rows.push({ line: Number(m[1]), offset: parseInt(m[2], 16), source: raw.slice(40).trim() });
  }
  return rows;
}

function runOne(job: NasmJob, outDir: string, index: number): Promise<NasmResult> {
  if (job.text !== undefined) writeFileSync(job.path, job.text);
  const out = join(outDir, `${index}-${basename(job.path)}.bin`);
  const lst = join(outDir, `${index}-${basename(job.path)}.lst`);
  const args = ['-f', 'bin', '-o', out, '-l', lst];
  for (const [k, v] of Object.entries(job.defines ?? {})) args.push(`-D${k}=${v}`);
  for (const p of job.includePaths ?? []) args.push(`-i${p.endsWith('/') ? p : p + '/'}`);
  args.push(job.path);
  return new Promise((resolve) => {
    const child = spawn('nasm', args, { cwd: dirname(job.path), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const finish = (ok: boolean) => {
      const read = (p: string) => {
        try {
          return readFileSync(p);
        } catch {
          return undefined;
        }
      };
      const bytes = ok ? new Uint8Array(read(out) ?? []) : new Uint8Array();
      const listing = parseListing(read(lst)?.toString() ?? '');
      resolve({ ok, bytes, messages: stderr.split('\n').filter(Boolean), listing });
    };
    child.on('error', (e) => {
      stderr += String(e);
      finish(false);
    });
    child.on('close', (code) => finish(code === 0));
  });
}

/** Assembles each job with `nasm -f bin`, at most two at a time. Results are in job order. */
export async function runNasm(jobs: NasmJob[], parallel = 2): Promise<NasmResult[]> {
  const outDir = scratchDir('nasm');
  const results: NasmResult[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await runOne(jobs[i], outDir, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, jobs.length) }, worker));
  return results;
}

/** The listing row that produced the byte at `offset` (the last row starting at or before it). */
export function rowAt(listing: readonly ListingRow[], offset: number): ListingRow | undefined {
  let best: ListingRow | undefined;
  for (const r of listing) if (r.offset <= offset && (!best || r.offset >= best.offset)) best = r;
  return best;
}
