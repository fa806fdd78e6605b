// The machine differential (test/differential-machine.test.ts): which guests it runs, how
// `bin/ringside run` is started, and how two runs of one guest are compared and reported.
//
// QEMU's side lives in ./qemu.ts (the one place that holds its command line); this file
// only adds the ringside side and the comparison.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './corpus-files';
import { CapturedRun, runCaptured } from './spawn-capture';

/** The `ringside` under test; RINGSIDE_DIFF_BIN names a stand-in (to check the harness itself). */
export const RINGSIDE_BIN = process.env.RINGSIDE_DIFF_BIN || path.join(REPO_ROOT, 'bin', 'ringside');
export const GUESTS_ROOT = path.join(REPO_ROOT, 'test', 'guests');
export const GUEST_INCLUDE = path.join(GUESTS_ROOT, 'include');
export const SAMPLE_GUESTS = path.join(REPO_ROOT, 'sample-guests');
export const BIOS_SOURCE = path.join(REPO_ROOT, 'src', 'machine', 'bios', 'bios.asm');

/** What one machine did with one guest: stdout holds the bytes written to port 0xE9 and COM1. */
export type GuestRun = CapturedRun;

/** What a guest is compared against. */
export type Reference =
  /** Run it under QEMU too: the differential proper. */
  | { kind: 'qemu' }
  /** QEMU is known to deviate from the SDM here (or the firmware differs by design):
   *  ringside must print what this file holds (format of ./qemu.ts parseExpected). */
  | { kind: 'file'; file: string; label: string };

export interface MachineGuest {
  /** `alu`, `bios/disk`, `sample-guests/scheduler`. */
  name: string;
  source: string;
  /** `kernel`: a Multiboot kernel (QEMU -kernel, ringside --boot multiboot); `disk`: a boot
   *  sector on the first disk (QEMU's SeaBIOS, ringside --boot bios); `rom`: a firmware image
   *  (QEMU -bios, ringside --boot rom). */
  boot: 'kernel' | 'disk' | 'rom';
  /** For `rom`: a boot sector whose image the firmware carries (bios.asm -DEMBED_DISK). */
  embed?: string;
  reference: Reference;
}

/**
 * Every guest the differential runs:
 *  - test/guests/NAME.asm with NAME.expected: QEMU and ringside;
 *  - test/guests/NAME.asm with NAME.sdm-expected: ringside against that file (QEMU 7.2 is
 *    wrong there per the SDM, see test/guests/README.md);
 *  - test/guests/bios/NAME.asm: boot sectors, same rules; NAME.ringside-expected (output that
 *    differs from SeaBIOS by design) is compared with ringside alone;
 *  - sample-guests/NAME.asm with NAME.expected: QEMU and ringside; sample-guests/boot/ holds
 *    boot loaders (disk images), the rest are Multiboot kernels.
 * A guest with none of these files is not a differential guest and is left out.
 */
export function listMachineGuests(): MachineGuest[] {
  const out: MachineGuest[] = [];
  const scan = (dir: string, prefix: string, boot: MachineGuest['boot']) => {
    if (!fs.existsSync(dir)) return;
    for (const f of fs.readdirSync(dir).sort()) {
      if (!f.endsWith('.asm')) continue;
      const base = f.slice(0, -4);
      const file = (ext: string) => path.join(dir, base + ext);
      const source = path.join(dir, f);
      const name = prefix + base;
      if (fs.existsSync(file('.sdm-expected'))) {
        out.push({ name, source, boot, reference: { kind: 'file', file: file('.sdm-expected'), label: 'sdm-expected' } });
      } else if (fs.existsSync(file('.ringside-expected'))) {
        out.push({ name, source, boot, reference: { kind: 'file', file: file('.ringside-expected'), label: 'ringside-expected' } });
      } else if (fs.existsSync(file('.expected'))) {
        out.push({ name, source, boot, reference: { kind: 'qemu' } });
      }
    }
  };
  scan(GUESTS_ROOT, '', 'kernel');
  scan(path.join(GUESTS_ROOT, 'bios'), 'bios/', 'disk');
  scan(SAMPLE_GUESTS, 'sample-guests/', 'kernel');
  scan(path.join(SAMPLE_GUESTS, 'boot'), 'sample-guests/boot/', 'disk');
  // The project's own BIOS as a ROM on both machines (the same firmware, so the same output,
  // INT 10h included): alone it runs its self-test (no disk device on either machine); the
  // embedded-disk build boots each boot-sector guest from the ROM's copy of its image.
  if (fs.existsSync(BIOS_SOURCE)) {
    out.push({ name: 'rom/bios-selftest', source: BIOS_SOURCE, boot: 'rom', reference: { kind: 'qemu' } });
    for (const g of out.filter((x) => x.boot === 'disk')) {
      out.push({ name: `rom/bios+${path.basename(g.source, '.asm')}`, source: BIOS_SOURCE, boot: 'rom', embed: g.source, reference: { kind: 'qemu' } });
    }
  }
  return out;
}

/** Runs `fn` over `items` with at most `width` in flight, results in input order. */
export async function pool<T, R>(items: readonly T[], width: number, fn: (t: T, i: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return results;
}

// ---- bin/ringside run ----

export interface RunSupport {
  /** `bin/ringside run` exists (its --help answers with status 0). */
  available: boolean;
  /** It takes `-I DIR` for the includes of an .asm program. */
  includeOption: boolean;
  /** Its usage text, or why there is none. */
  usage: string;
}

let support: RunSupport | undefined;

/** Asks `bin/ringside run --help` what the command offers (once per process). */
export function ringsideRunSupport(): RunSupport {
  if (support) return support;
  const r = spawnSync(process.execPath, [RINGSIDE_BIN, 'run', '--help'], { encoding: 'utf8', timeout: 20_000 });
  const text = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  const available = r.status === 0 && /\brun\b/.test(text);
  support = {
    available,
    includeOption: available && /(^|\s)-I\b/m.test(text),
    usage: available ? text : `bin/ringside run --help: status ${r.status}: ${text.trim().split('\n')[0] ?? ''}`,
  };
  return support;
}

/** Runs `bin/ringside run ARGS`; a run that outlives `timeoutMs` is killed. */
export function runRingside(args: string[], timeoutMs: number): Promise<GuestRun> {
  return runCaptured(process.execPath, [RINGSIDE_BIN, 'run', ...args], timeoutMs);
}

// ---- comparing two runs ----

/** `1 (debug exit 0)`, `3 (debug exit 1)`, `killed after the time limit`. */
export function describeStatus(r: Pick<GuestRun, 'status' | 'timedOut'>): string {
  if (r.timedOut) return 'killed after the time limit';
  if (r.status === null) return 'killed';
  return r.status & 1 ? `${r.status} (debug exit ${r.status >>> 1})` : String(r.status);
}

/** Printable ASCII as is, \n \r \t escaped, other bytes as \xNN. */
export function escapeBytes(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) {
    if (b === 0x0a) s += '\\n';
    else if (b === 0x0d) s += '\\r';
    else if (b === 0x09) s += '\\t';
    else if (b === 0x5c) s += '\\\\';
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += '\\x' + b.toString(16).padStart(2, '0');
  }
  return s;
}

function firstDiff(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

/** `3 of 120 lines differ` (lines compared by position; the longer output's extra lines count). */
function differingLines(a: Buffer, b: Buffer): string {
  const split = (x: Buffer) => {
    const l = x.toString('latin1').split('\n');
    if (l[l.length - 1] === '') l.pop();
    return l;
  };
  const la = split(a);
  const lb = split(b);
  const n = Math.max(la.length, lb.length);
  let differ = 0;
  for (let i = 0; i < n; i++) if (la[i] !== lb[i]) differ++;
  return `${differ} of ${n} lines differ`;
}

export interface DifferenceOptions {
  /** Bytes of context shown before the first difference (clipped to the previous line start). */
  before?: number;
  /** Bytes shown from the first difference on (clipped to the end of that line). */
  after?: number;
}

/**
 * A compact description of how run `b` differs from run `a` (null when output and status are
 * identical): the first differing byte offset with its line and column, a window of both
 * outputs around it (the bytes before it are common to both, a caret marks it), both statuses,
 * and the tail of each run's stderr when the statuses differ.
 */
export function describeDifference(
  guest: string,
  labels: [string, string],
  a: GuestRun,
  b: GuestRun,
  options: DifferenceOptions = {},
): string | null {
  const at = firstDiff(a.stdout, b.stdout);
  const sameStatus = a.status === b.status && a.timedOut === b.timedOut;
  if (at === -1 && sameStatus) return null;
  const width = Math.max(labels[0].length, labels[1].length);
  const pad = (s: string) => s.padEnd(width);
  const lines: string[] = [];
  const statuses = `exit status: ${labels[0]} ${describeStatus(a)}, ${labels[1]} ${describeStatus(b)}`;
  if (at === -1) {
    lines.push(`${guest}: same output (${a.stdout.length} bytes) but ${statuses}`);
  } else {
    const common = a.stdout.subarray(0, at);
    const lineNo = common.filter((x) => x === 0x0a).length + 1;
    const lineStart = common.lastIndexOf(0x0a) + 1;
    // Start at the beginning of the line before the differing one, within `before` bytes.
    const before = options.before ?? 100;
    let from = lineStart > 0 ? common.lastIndexOf(0x0a, lineStart - 2) + 1 : 0;
    if (at - from > before) from = at - before;
    const after = options.after ?? 60;
    const tail = (buf: Buffer) => {
      const end = Math.min(buf.length, at + after);
      const nl = buf.indexOf(0x0a, at);
      const stop = nl >= 0 && nl < end ? nl + 1 : end;
      const rest = escapeBytes(buf.subarray(at, stop));
      return (rest === '' ? '<end of output>' : rest) + (stop < buf.length ? ' ...' : '');
    };
    const prefix = (from > 0 ? '... ' : '') + escapeBytes(common.subarray(from));
    lines.push(
      `${guest}: output differs at byte ${at} (line ${lineNo}, column ${at - lineStart + 1}); ` +
        `${labels[0]} printed ${a.stdout.length} bytes, ${labels[1]} ${b.stdout.length}; ` +
        `${differingLines(a.stdout, b.stdout)}; ${statuses}`,
      `  ${pad(labels[0])} | ${prefix}${tail(a.stdout)}`,
      `  ${pad(labels[1])} | ${prefix}${tail(b.stdout)}`,
      `  ${pad('')} | ${' '.repeat(prefix.length)}^`,
    );
  }
  if (!sameStatus || at !== -1) {
    for (const [label, r] of [
      [labels[0], a],
      [labels[1], b],
    ] as const) {
      const err = r.stderr.trim();
      if (err) lines.push(`  ${label} stderr: ${err.split('\n').slice(-3).join(' / ').slice(0, 300)}`);
    }
  }
  return lines.join('\n');
}
