// The machine differential: every guest program of the project runs under Debian's
// qemu-system-i386 (TCG; command line in test/support/qemu.ts) and under `bin/ringside run`,
// and the two must print the same bytes (port 0xE9 and COM1, in order) and end with the
// same exit status ((V << 1) | 1 after a write of V to isa-debug-exit at port 0xF4).
//
// Guests (test/support/machine-runs.ts, listMachineGuests):
//   test/guests/NAME.asm and sample-guests/NAME.asm that have NAME.expected — QEMU vs ringside;
//   test/guests/bios/NAME.asm (boot sectors on the first disk: SeaBIOS under QEMU, our BIOS
//   under `run --boot bios`) — likewise;
//   NAME.sdm-expected (QEMU 7.2 deviates from the SDM there) and bios/NAME.ringside-expected
//   (differs from SeaBIOS by design) — ringside against the file (QEMU runs the sdm guests
//   only to report, not to fail, where it still deviates);
//   rom/*: our own BIOS (src/machine/bios/bios.asm) as a ROM on both machines (QEMU -bios,
//   `run --boot rom`): its self-test, and its embedded-disk build booting each bios/ guest.
// The .expected files themselves are kept honest against QEMU by test/guests.test.ts.
//
// Kernels are assembled with our assembler (byte-identical to nasm, checked elsewhere) for
// QEMU; `ringside run` is given the .asm itself when it takes -I for the guests' includes.
// Two processes run at a time. A mismatch names the guest, the first differing byte with a
// window of both outputs, and both exit statuses.
//
// qemu-system-i386 is a required oracle: missing, the tests skip on a person's machine and
// fail under CI (RINGSIDE_REQUIRE_ORACLES=1, set by .ci/run, which installs qemu-system-x86).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { oracleSkip } from './support/oracles';
import { parseExpected, QemuBoot, runQemu } from './support/qemu';
import { scratchDir } from './support/nasm';
import { loadAssembler, errorsOf, formatDiagnostic, AssembleFn } from './support/ringside-asm';
import {
  GUEST_INCLUDE,
  GuestRun,
  MachineGuest,
  describeDifference,
  listMachineGuests,
  pool,
  ringsideRunSupport,
  runRingside,
} from './support/machine-runs';

const skip = oracleSkip('qemu-system-i386');

/** Processes in flight at once (the machine has two cores, shared). */
const WIDTH = 2;
const QEMU_TIMEOUT_MS = 20_000;
const RINGSIDE_TIMEOUT_MS = 60_000;
/** Far above what any guest needs; a runaway guest stops with ringside's own message. */
const MAX_INSTRUCTIONS = 2_000_000_000;
const MEMORY_MB = 32;

function assembler(): AssembleFn {
  const assemble = loadAssembler();
  if (typeof assemble === 'string') assert.fail(assemble);
  return assemble;
}

/** Assembles `source` to `out`; returns an error message or null. */
function assembleTo(assemble: AssembleFn, source: string, out: string, defines?: Record<string, string>): string | null {
  const r = assemble({ path: source }, { includePaths: [GUEST_INCLUDE], defines });
  const errors = errorsOf(r);
  if (errors.length) return `our assembler refused ${source}:\n${errors.map(formatDiagnostic).join('\n')}`;
  fs.writeFileSync(out, r.bytes);
  return null;
}

/** A run read from an expectation file, as if a machine had produced it. */
function fromFile(file: string): GuestRun {
  const e = parseExpected(file);
  return { stdout: Buffer.from(e.stdout), status: e.status, timedOut: e.status === null, stderr: '' };
}

// ---- the harness checking itself against QEMU alone ----

// A self-contained Multiboot kernel whose output and exit value vary with -D defines, so that a
// known difference goes through the whole path: assembler, QEMU runner, pool, report.
const SELF_CHECK = `
        bits 32
        org 0x100000
MB_MAGIC equ 0x1badb002
MB_FLAGS equ 1 << 16
header: dd MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)
        dd header, header, load_end, load_end, start
start:  mov esi, message
        mov ecx, length
        mov dx, 0xe9
        cld
        rep outsb
        mov al, EXIT
        out 0xf4, al
.halt:  hlt
        jmp .halt
message:
        db "first line", 10, "second ", LETTER, "ine", 10
%if !SHORT
        db "third line", 0x01, 10
%endif
length equ $ - message
load_end:
`;

describe('machine differential: the harness itself, against QEMU alone', { skip }, () => {
  test('a known difference is found and reported at the right byte, with both statuses', async () => {
    const dir = scratchDir('machine-selfcheck');
    const source = path.join(dir, 'selfcheck.asm');
    fs.writeFileSync(source, SELF_CHECK);
    const assemble = assembler();
    const variants = {
      base: { LETTER: "'l'", EXIT: '0', SHORT: '0' },
      changed: { LETTER: "'L'", EXIT: '2', SHORT: '0' },
      short: { LETTER: "'l'", EXIT: '0', SHORT: '1' },
    };
    const names = Object.keys(variants) as (keyof typeof variants)[];
    for (const v of names) {
      const err = assembleTo(assemble, source, path.join(dir, `${v}.bin`), variants[v]);
      assert.equal(err, null, err ?? '');
    }
    const runs = await pool(names, WIDTH, (v) => runQemu({ kernel: path.join(dir, `${v}.bin`) }, QEMU_TIMEOUT_MS));
    const [base, changed, short] = runs;

    // The QEMU runner itself: exact bytes, debug exit 0 -> status 1, debug exit 2 -> 5.
    assert.equal(base.stdout.toString('latin1'), 'first line\nsecond line\nthird line\x01\n');
    assert.equal(base.status, 1);
    assert.equal(changed.status, 5);
    assert.equal(base.timedOut, false);

    assert.equal(describeDifference('selfcheck', ['qemu', 'ringside'], base, base), null);

    const d = describeDifference('selfcheck', ['qemu', 'ringside'], base, changed);
    assert.ok(d, 'a difference must be reported');
    const lines = d.split('\n');
    assert.match(lines[0], /^selfcheck: output differs at byte 18 \(line 2, column 8\); /);
    assert.match(lines[0], /; 1 of 3 lines differ; exit status: qemu 1 \(debug exit 0\), ringside 5 \(debug exit 2\)$/);
    assert.equal(lines[1], '  qemu     | first line\\nsecond line\\n ...');
    assert.equal(lines[2], '  ringside | first line\\nsecond Line\\n ...');
    assert.equal(lines[3], '           |                    ^');

    const s = describeDifference('selfcheck', ['qemu', 'ringside'], base, short);
    assert.ok(s);
    assert.match(s, /^selfcheck: output differs at byte 23 \(line 3, column 1\); qemu printed 35 bytes, ringside 23; 1 of 3 lines differ;/);
    assert.match(s, /qemu +\| .*second line\\nthird line\\x01\\n$/m, 'the byte 0x01 is shown escaped');
    assert.match(s, /ringside \| .*second line\\n<end of output>$/m);

    const st = describeDifference('selfcheck', ['qemu', 'ringside'], base, { ...base, status: 70, stderr: 'ringside: triple fault\n' });
    assert.ok(st);
    assert.match(st, /same output \(35 bytes\) but exit status: qemu 1 \(debug exit 0\), ringside 70/);
    assert.match(st, /ringside stderr: ringside: triple fault/);

    const killed = describeDifference('selfcheck', ['qemu', 'ringside'], base, { ...base, status: null, timedOut: true });
    assert.ok(killed);
    assert.match(killed, /ringside killed after the time limit/);
  });

  test('every guest with an expectation is listed, each once, with its reference', () => {
    const guests = listMachineGuests();
    const names = guests.map((g) => g.name);
    assert.equal(new Set(names).size, names.length);
    for (const g of guests) assert.ok(fs.existsSync(g.source), g.source);
    // What the suite covers, for the record.
    const byRef = (k: string) => guests.filter((g) => (g.reference.kind === 'qemu' ? 'qemu' : g.reference.label) === k).length;
    assert.ok(byRef('qemu') > 0, 'no guest runs under QEMU');
    for (const g of guests.filter((x) => x.reference.kind === 'file')) {
      const ref = g.reference as { file: string };
      assert.doesNotThrow(() => parseExpected(ref.file), ref.file);
    }
  });
});

// ---- the differential proper ----

interface Prepared {
  guest: MachineGuest;
  /** The assembled guest (kernel or disk image), or why there is none. */
  bin?: string;
  error?: string;
}

function ringsideArgs(p: Prepared, includeOption: boolean): string[] {
  const common = ['--mem', String(MEMORY_MB), '--max-instructions', String(MAX_INSTRUCTIONS)];
  // A boot sector: `run` assembles it and, with no --disk, the program itself is the disk.
  if (p.guest.boot === 'disk') return [p.guest.source, '--boot', 'bios', ...common];
  if (p.guest.boot === 'rom') return [p.bin!, '--boot', 'rom', ...common];
  // Prefer the .asm itself: then `run` assembles it as a user would have it do.
  if (includeOption) return [p.guest.source, '-I', GUEST_INCLUDE + path.sep, '--boot', 'multiboot', ...common];
  return [p.bin!, '--boot', 'multiboot', ...common];
}

describe('machine differential: guests under QEMU and under bin/ringside run', { skip }, () => {
  test('same output bytes and exit status', async (t) => {
    const guests = listMachineGuests();
    assert.ok(guests.length > 0, 'no guests found');
    const run = ringsideRunSupport();
    assert.ok(run.available, `bin/ringside run is not available (${run.usage}); ${guests.length} guests not compared`);

    const started = Date.now();
    const dir = scratchDir('machine-diff');
    const assemble = assembler();
    const prepared: Prepared[] = guests.map((guest) => ({ guest }));
    /** Assembles a guest the first time a job needs its binary (inside the pool, so the
     *  other slot's process runs meanwhile). False when our assembler refused it. */
    const ensureBin = (p: Prepared): boolean => {
      if (p.bin === undefined && p.error === undefined) {
        const bin = path.join(dir, p.guest.name.replace(/[/+]/g, '_') + '.bin');
        let error: string | null = null;
        let defines: Record<string, string> | undefined;
        if (p.guest.embed) {
          const image = bin.replace(/\.bin$/, '.img');
          error = assembleTo(assemble, p.guest.embed, image);
          defines = { EMBED_DISK: JSON.stringify(image) };
        }
        error ??= assembleTo(assemble, p.guest.source, bin, defines);
        if (error) p.error = error;
        else p.bin = bin;
      }
      return p.bin !== undefined;
    };

    // One job per process to start; both machines' jobs share the pool of WIDTH.
    type Job = { index: number; machine: 'qemu' | 'ringside' };
    const jobs: Job[] = [];
    // Biggest sources first (they take longest to assemble and run), so no long job is left
    // running alone at the end.
    const order = prepared.map((_, i) => i).sort((x, y) => fs.statSync(prepared[y].guest.source).size - fs.statSync(prepared[x].guest.source).size);
    order.forEach((index) => {
      const p = prepared[index];
      jobs.push({ index, machine: 'ringside' });
      // QEMU runs the sdm-expected guests too, only to record where it still deviates.
      const ref = p.guest.reference;
      if (ref.kind === 'qemu' || ref.label === 'sdm-expected') jobs.push({ index, machine: 'qemu' });
    });
    const qemuRuns = new Map<number, GuestRun>();
    const ringsideRuns = new Map<number, GuestRun>();
    const durations: [string, number][] = [];
    await pool(jobs, WIDTH, async ({ index, machine }) => {
      const p = prepared[index];
      const t0 = Date.now();
      if (machine === 'qemu') {
        if (!ensureBin(p)) return;
        const image = p.bin!;
        const boot: QemuBoot =
          p.guest.boot === 'kernel' ? { kernel: image } : p.guest.boot === 'disk' ? { disk: image } : { bios: image };
        boot.memoryMB = MEMORY_MB;
        qemuRuns.set(index, await runQemu(boot, QEMU_TIMEOUT_MS));
      } else {
        const needsBin = p.guest.boot === 'rom' || (p.guest.boot === 'kernel' && !run.includeOption);
        if (needsBin && !ensureBin(p)) return;
        ringsideRuns.set(index, await runRingside(ringsideArgs(p, run.includeOption), RINGSIDE_TIMEOUT_MS));
      }
      durations.push([`${machine} ${p.guest.name}`, Date.now() - t0]);
    });

    const failures: string[] = [];
    for (const [index, p] of prepared.entries()) {
      await t.test(p.guest.name, () => {
        if (p.error) {
          failures.push(`${p.guest.name}: ${p.error}`);
          assert.fail(p.error);
        }
        const ours = ringsideRuns.get(index);
        assert.ok(ours, 'ringside did not run');
        const ref = p.guest.reference;
        const reference = ref.kind === 'qemu' ? qemuRuns.get(index)! : fromFile(ref.file);
        const label = ref.kind === 'qemu' ? 'qemu' : ref.label;
        if (ref.kind === 'qemu' && reference.timedOut) {
          const msg = `${p.guest.name}: QEMU did not finish within ${QEMU_TIMEOUT_MS} ms (printed ${reference.stdout.length} bytes)`;
          failures.push(msg);
          assert.fail(msg);
        }
        assert.ok(reference.stdout.length > 0, `${p.guest.name}: ${label} printed nothing, so nothing was compared`);
        const diff = describeDifference(p.guest.name, [label, 'ringside'], reference, ours);
        if (diff) {
          failures.push(diff);
          assert.fail(diff);
        }
      });
    }
    // Where QEMU 7.2 deviates from the SDM (test/guests/README.md): informational. A guest
    // whose QEMU output has come to match its .sdm-expected can move to a plain .expected.
    const deviations: string[] = [];
    for (const [index, p] of prepared.entries()) {
      const ref = p.guest.reference;
      const q = qemuRuns.get(index);
      if (ref.kind !== 'file' || !q) continue;
      const d = describeDifference(p.guest.name, [ref.label, 'qemu'], fromFile(ref.file), q, { before: 40, after: 40 });
      deviations.push(d ? d.split('\n').slice(0, 3).join('\n') : `${p.guest.name}: QEMU now matches its .sdm-expected`);
    }
    if (deviations.length) t.diagnostic(`QEMU versus the SDM (not failures):\n${deviations.join('\n')}`);

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const viaQemu = prepared.filter((p) => p.guest.reference.kind === 'qemu').length;
    t.diagnostic(
      `${guests.length} guests (${viaQemu} against live QEMU, ${guests.length - viaQemu} against expectation files) in ${seconds} s ` +
        `(slowest: ${durations.sort((a, b) => b[1] - a[1]).slice(0, 3).map(([n, ms]) => `${n} ${(ms / 1000).toFixed(1)} s`).join(', ')}); ` +
        `ringside given ${run.includeOption ? 'the .asm with -I' : 'assembled binaries'}; ${failures.length} differ`,
    );
    if (failures.length) t.diagnostic(`differences:\n${failures.join('\n')}`);
  });
});
