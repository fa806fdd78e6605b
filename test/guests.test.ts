// Keeps the guest programs' expectations honest: every guest in test/guests/ that has a
// NAME.expected file is assembled with nasm and run under QEMU (the command line lives in
// test/support/qemu.ts), and its output and exit status must match the file exactly.
//
// NAME.expected holds the exact bytes the guest writes to port 0xE9 / COM1, followed by one
// trailer line `-- exit status: N`. Guests that QEMU gets wrong per the SDM keep their
// expectation in NAME.sdm-expected instead (same format); those are not run here.
//
// RINGSIDE_REGEN_EXPECTED=1 rewrites the .expected files from QEMU's output instead of
// comparing (then read every changed file against the SDM before keeping it).
//
// Boot-sector guests in test/guests/bios/ are booted from a disk image (the assembled file)
// under QEMU's own firmware; they print only what any PC BIOS gives the same way.
// Sample guests (sample-guests/NAME.asm) are checked too when they have NAME.expected.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { oracleSkip } from './support/oracles';
import { runQemu, QemuBoot, parseExpected, formatExpected } from './support/qemu';

const ROOT = path.resolve(__dirname, '..', '..');
const BIOS = path.join(ROOT, 'src', 'machine', 'bios');
const GUESTS = path.join(ROOT, 'test', 'guests');
const INCLUDE = path.join(GUESTS, 'include') + path.sep;

interface Guest {
  name: string;
  source: string;
  expected: string;
  kind: 'kernel' | 'disk';
}

function listGuests(): Guest[] {
  const out: Guest[] = [];
  const scan = (dir: string, kind: Guest['kind'], prefix: string, create: boolean) => {
    if (!fs.existsSync(dir)) return;
    for (const f of fs.readdirSync(dir).sort()) {
      if (!f.endsWith('.asm')) continue;
      const base = f.slice(0, -4);
      const expected = path.join(dir, base + '.expected');
      if (!fs.existsSync(expected) && !(create && process.env.RINGSIDE_REGEN_EXPECTED === '1')) continue;
      if (fs.existsSync(path.join(dir, base + '.sdm-expected'))) continue;
      // Output that differs by design from QEMU's firmware: only checked under our BIOS.
      if (fs.existsSync(path.join(dir, base + '.ringside-expected')) && !fs.existsSync(expected)) continue;
      out.push({ name: prefix + base, source: path.join(dir, f), expected, kind });
    }
  };
  scan(GUESTS, 'kernel', '', true);
  scan(path.join(GUESTS, 'bios'), 'disk', 'bios/', true);
  // The sample guests that have an expectation (a regeneration only refreshes those).
  scan(path.join(ROOT, 'sample-guests'), 'kernel', 'sample-guests/', false);
  scan(path.join(ROOT, 'sample-guests', 'boot'), 'disk', 'sample-guests/boot/', false);
  return out;
}

/** Runs `fn` over `items` with at most `width` in flight (the machine has few cores). */
async function pool<T, R>(items: T[], width: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return results;
}

const skip = oracleSkip('qemu-system-i386', 'nasm');

test('guest programs under QEMU match their .expected files', { skip }, async (t) => {
  const guests = listGuests();
  assert.ok(guests.length > 0, 'no guests found');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ringside-guests-'));
  try {
    const results = await pool(guests, 2, async (g) => {
      const bin = path.join(tmp, g.name.replace(/\//g, '_') + '.bin');
      const asm = spawnSync('nasm', ['-f', 'bin', '-I', INCLUDE, g.source, '-o', bin], { encoding: 'utf8' });
      if (asm.status !== 0) return { g, error: `nasm failed: ${asm.stderr}` };
      const boot: QemuBoot = g.kind === 'kernel' ? { kernel: bin } : { disk: bin };
      const r = await runQemu(boot, 20_000);
      return { g, r };
    });
    for (const res of results) {
      await t.test(res.g.name, () => {
        if ('error' in res) assert.fail(res.error);
        const { g, r } = res;
        assert.ok(r, 'no result');
        if (process.env.RINGSIDE_REGEN_EXPECTED === '1') {
          fs.writeFileSync(g.expected, formatExpected({ stdout: r.stdout, status: r.timedOut ? null : r.status }));
          return;
        }
        assert.equal(r.timedOut, false, `${g.name} timed out under QEMU`);
        const want = parseExpected(g.expected);
        assert.equal(r.stdout.toString('latin1'), want.stdout.toString('latin1'), `${g.name}: output`);
        assert.equal(r.status, want.status, `${g.name}: exit status`);
      });
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

// The virtual BIOS under QEMU (-bios): QEMU has no disk device at ports 0x4E0-0x4EB, so the
// BIOS runs its self-test of INT 10h / INT 15h (E820, E801, 88h, A20) and exits through
// port 0xF4. The disk path is left to the machine's own tests.
test('virtual BIOS self-test under QEMU matches bios.selftest.expected', { skip }, async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ringside-bios-'));
  try {
    const bin = path.join(tmp, 'bios.bin');
    const asm = spawnSync('nasm', ['-f', 'bin', path.join(BIOS, 'bios.asm'), '-o', bin], { encoding: 'utf8' });
    assert.equal(asm.status, 0, `nasm failed: ${asm.stderr}`);
    assert.equal(fs.statSync(bin).size, 65536, 'the BIOS image must be exactly 64 KiB');
    const r = await runQemu({ bios: bin }, 20_000);
    const file = path.join(BIOS, 'bios.selftest.expected');
    if (process.env.RINGSIDE_REGEN_EXPECTED === '1') {
      fs.writeFileSync(file, formatExpected({ stdout: r.stdout, status: r.timedOut ? null : r.status }));
      return;
    }
    assert.equal(r.timedOut, false, 'the BIOS self-test timed out under QEMU');
    const want = parseExpected(file);
    assert.equal(r.stdout.toString('latin1'), want.stdout.toString('latin1'));
    assert.equal(r.status, want.status);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

// The boot-sector guests under ringside's own BIOS, in QEMU: a test build of the BIOS
// (-DEMBED_DISK) carries the guest's first sectors in the ROM in place of the disk ports,
// which QEMU lacks, so the boot path, INT 13h CHS/LBA reads, INT 15h and INT 10h all run.
// Each must print what it printed under SeaBIOS (NAME.expected) or, for guests whose
// output differs by design (INT 10h goes to port 0xE9 here), NAME.ringside-expected.
test('boot-sector guests under ringside\'s BIOS (embedded-disk build) in QEMU', { skip }, async (t) => {
  const dir = path.join(GUESTS, 'bios');
  const names = fs.readdirSync(dir).filter((f) => f.endsWith('.asm')).map((f) => f.slice(0, -4)).sort();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ringside-bios-guests-'));
  try {
    const results = await pool(names, 2, async (name) => {
      const own = path.join(dir, name + '.ringside-expected');
      const expected = fs.existsSync(own) ? own : path.join(dir, name + '.expected');
      if (!fs.existsSync(expected)) return { name, error: `no expectation for bios/${name}` };
      const img = path.join(tmp, name + '.img');
      const bin = path.join(tmp, name + '.bios.bin');
      let r = spawnSync('nasm', ['-f', 'bin', path.join(dir, name + '.asm'), '-o', img], { encoding: 'utf8' });
      if (r.status !== 0) return { name, error: `nasm failed: ${r.stderr}` };
      r = spawnSync('nasm', ['-f', 'bin', `-DEMBED_DISK="${img}"`, path.join(BIOS, 'bios.asm'), '-o', bin], { encoding: 'utf8' });
      if (r.status !== 0) return { name, error: `nasm (bios) failed: ${r.stderr}` };
      return { name, expected, run: await runQemu({ bios: bin }, 20_000) };
    });
    for (const res of results) {
      await t.test(res.name, () => {
        if ('error' in res) assert.fail(res.error);
        const want = parseExpected(res.expected);
        assert.equal(res.run.timedOut, false, 'timed out');
        assert.equal(res.run.stdout.toString('latin1'), want.stdout.toString('latin1'));
        assert.equal(res.run.status, want.status);
      });
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
