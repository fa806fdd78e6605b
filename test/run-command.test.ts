// `ringside run` as a user runs it: bin/ringside (the bundle built by `npm run build`), on the
// sample and test guests and on tiny guests written here for each way a run can end and each
// boot mode.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'ringside');
const GUESTS = path.join(ROOT, 'test', 'guests');
const INCLUDE = path.join(GUESTS, 'include') + path.sep;

interface Run {
  status: number | null;
  stdout: Buffer;
  stderr: string;
}

function run(args: string[], cwd = ROOT): Run {
  const r = spawnSync(process.execPath, [BIN, 'run', ...args], { cwd, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringside-run-'));
function file(name: string, content: string | Uint8Array): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

/** A flat Multiboot kernel at 1 MiB around `body` (32-bit code, entered as QEMU enters it). */
function kernel(body: string): string {
  return `
        bits 32
        org 0x100000
hdr:    dd 0x1badb002, 0x10000, -(0x1badb002 + 0x10000)
        dd hdr, 0x100000, 0, 0, start
start:
${body}
`;
}

const print = (text: string) =>
  [...text].map((c) => `        mov al, ${c.charCodeAt(0)}\n        out 0xe9, al`).join('\n');

/** Output and trailer of a NAME.expected file (bytes, then `-- exit status: N`). */
function expected(p: string): { stdout: Buffer; status: number } {
  const text = fs.readFileSync(p, 'latin1');
  const m = /-- exit status: (\d+)\n?$/.exec(text)!;
  return { stdout: Buffer.from(text.slice(0, m.index), 'latin1'), status: Number(m[1]) };
}

test('hello.asm prints its greeting and exits through port 0xF4', () => {
  const r = run(['sample-guests/hello.asm']);
  assert.equal(r.stdout.toString(), 'Hello from the guest!\n');
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stderr, '');
});

test('test guests give the output and status QEMU gave (the .asm given with -I)', () => {
  for (const name of ['alu', 'exceptions', 'post', 'uart', 'realmode']) {
    const want = expected(path.join(GUESTS, `${name}.expected`));
    const r = run([path.join(GUESTS, `${name}.asm`), '-I', INCLUDE, '--boot', 'multiboot']);
    assert.deepEqual([r.status, r.stdout.toString('latin1')], [want.status, want.stdout.toString('latin1')], `${name}: ${r.stderr}`);
  }
  const serial = expected(path.join(ROOT, 'sample-guests', 'serial-hello.expected'));
  const r = run(['sample-guests/serial-hello.asm']);
  assert.deepEqual([r.status, r.stdout], [serial.status, serial.stdout], 'COM1 output goes to stdout too');
});

test('the exit status of a debug exit is (V << 1) | 1 masked to 8 bits', () => {
  for (const [v, status] of [[0x20, 0x41], [0x7f, 0xff], [0x80, 0x01], [0x1234, 0x69]]) {
    const p = file(`exit-${v}.asm`, kernel(`        mov eax, ${v}\n        out 0xf4, eax\n        jmp $`));
    assert.equal(run([p]).status, status, `value ${v}`);
  }
});

test('a triple fault stops with status 4 and says which faults', () => {
  const p = file('triple.asm', kernel('        lidt [idtr]\n        ud2\nidtr:   dw 0\n        dd 0'));
  const r = run([p]);
  assert.equal(r.status, 4);
  assert.match(r.stderr, /^ringside run: triple fault: .*#UD.*#GP|triple fault/);
  assert.match(r.stderr, /at 0008:/);
});

test('HLT with interrupts off stops with status 6', () => {
  const p = file('halt.asm', kernel(`${print('x')}\n        cli\n        hlt`));
  const r = run([p]);
  assert.equal(r.status, 6);
  assert.equal(r.stdout.toString(), 'x');
  assert.match(r.stderr, /halted with interrupts disabled/);
});

test('the instruction limit stops with status 8; --stats writes the contract keys', () => {
  const p = file('loop.asm', kernel('spin:   inc eax\n        jmp spin'));
  const stats = path.join(dir, 'loop.json');
  const r = run([p, '--max-instructions', '100000', '--stats', stats]);
  assert.equal(r.status, 8);
  assert.match(r.stderr, /instruction limit reached/);
  const s = JSON.parse(fs.readFileSync(stats, 'utf8'));
  assert.equal(s.instructions, 100000);
  assert.deepEqual(s.exits, {});
  assert.deepEqual(s.hypercalls, {});
  assert.deepEqual(s.tc, { blocks: 0, hits: 0, misses: 0, invalidations: 0 });
  assert.deepEqual(s.shadow, { hiddenFaults: 0, trueFaults: 0 });
  assert.deepEqual(s.postCodes, []);
  assert.equal(s.exit.reason, 'limit');
  assert.equal(s.exit.status, 8);
  assert.equal(typeof s.elapsedSeconds, 'number');
  assert.equal(typeof s.mips, 'number');
});

test('POST codes are recorded in the statistics', () => {
  const stats = path.join(dir, 'post.json');
  const r = run([path.join(GUESTS, 'post.asm'), '-I', INCLUDE, '--stats', stats]);
  assert.equal(r.status, expected(path.join(GUESTS, 'post.expected')).status);
  const s = JSON.parse(fs.readFileSync(stats, 'utf8'));
  assert.ok(s.postCodes.length > 0);
  assert.equal(s.exit.reason, 'debug-exit');
});

test('runs are deterministic: same output and instruction count (timer-driven scheduler)', () => {
  const counts = [1, 2].map((i) => {
    const stats = path.join(dir, `sched-${i}.json`);
    const r = run(['sample-guests/scheduler.asm', '--stats', stats]);
    return { out: r.stdout.toString(), status: r.status, n: JSON.parse(fs.readFileSync(stats, 'utf8')).instructions };
  });
  assert.deepEqual(counts[0], counts[1]);
  assert.ok(counts[0].n > 1000);
});

test('bad images and bad usage exit with status 2 and one clear line', () => {
  const garbage = file('garbage.bin', new Uint8Array(300 * 1024).fill(0x90));
  const cases: [string[], RegExp][] = [
    [[garbage], /cannot tell how to boot a 307200-byte image/],
    [[path.join(dir, 'missing.bin')], /cannot read .*missing\.bin/],
    [[file('bad.asm', 'bits 32\n  mov eax,\n')], /bad\.asm:2:\d+: error: /],
    [[file('nomb.bin', new Uint8Array(64)), '--boot', 'multiboot'], /no Multiboot header/],
    [['sample-guests/hello.asm', '--boot', 'floppy'], /--boot must be one of auto, multiboot, rom, bios/],
    [['sample-guests/hello.asm', '--mem', '0'], /--mem must be/],
    [['sample-guests/hello.asm', '--mem', '3073'], /--mem must be/],
    [['sample-guests/hello.asm', '--max-instructions', 'lots'], /--max-instructions must be/],
    [['sample-guests/hello.asm', '--monitor', 'vtx'], /--monitor vtx is not implemented yet/],
    [['sample-guests/hello.asm', '--monitor', 'bt'], /--monitor bt is not implemented yet/],
    [['sample-guests/hello.asm', '--mmu', 'ept'], /--mmu ept is not implemented yet/],
    [['sample-guests/hello.asm', '--frobnicate'], /unknown option '--frobnicate'/],
    [[], /no program given/],
  ];
  for (const [args, message] of cases) {
    const r = run(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
    assert.equal(r.stdout.length, 0);
  }
  // Accepted values that do exist.
  assert.equal(run(['sample-guests/hello.asm', '--monitor', 'auto', '--mem', '3072']).status, 1);
  assert.equal(run(['sample-guests/hello.asm', '--monitor=native', '--mem=1']).status, 2, 'a 1 MiB machine cannot hold a kernel at 1 MiB');
});

test('--help documents the exit statuses and the auto rule', () => {
  const r = spawnSync(process.execPath, [BIN, 'run', '--help'], { encoding: 'utf8' });
  assert.equal(r.status, 0);
  for (const s of ['triple fault', 'HLT with interrupts disabled', '--max-instructions reached', '(V << 1) | 1', 'Multiboot header -> multiboot', '-I DIR']) {
    assert.ok(r.stdout.includes(s), s);
  }
});

// ---- boot modes ----

/** A minimal ELF32 executable: one PT_LOAD segment at `address` holding `code` (with a Multiboot header first). */
function elfKernel(code: Uint8Array, address: number): Uint8Array {
  const headerSize = 52 + 32;
  const out = new Uint8Array(headerSize + code.length);
  const v = new DataView(out.buffer);
  out.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]);
  v.setUint16(16, 2, true); // ET_EXEC
  v.setUint16(18, 3, true); // EM_386
  v.setUint32(20, 1, true);
  v.setUint32(24, address, true); // entry: the start of the code
  v.setUint32(28, 52, true); // phoff
  v.setUint16(40, 52, true);
  v.setUint16(42, 32, true);
  v.setUint16(44, 1, true);
  v.setUint32(52, 1, true); // PT_LOAD
  v.setUint32(56, headerSize, true);
  v.setUint32(60, address, true);
  v.setUint32(64, address, true);
  v.setUint32(68, code.length, true);
  v.setUint32(72, code.length, true);
  v.setUint32(76, 5, true);
  out.set(code, headerSize);
  return out;
}

test('multiboot: an ELF32 kernel boots (auto and explicit)', () => {
  // jmp over the Multiboot header (flags 0: ELF layout), print "ELF", exit with 5.
  const magic = [0x02, 0xb0, 0xad, 0x1b, 0, 0, 0, 0, 0xfe, 0x4f, 0x52, 0xe4];
  const body = [0xeb, 0x0e, 0x90, 0x90, ...magic, ...[..."ELF"].flatMap((c) => [0xb0, c.charCodeAt(0), 0xe6, 0xe9]), 0xb0, 5, 0xe6, 0xf4, 0xeb, 0xfe];
  const p = file('kernel.elf', elfKernel(Uint8Array.from(body), 0x200000));
  for (const args of [[p], [p, '--boot', 'multiboot']]) {
    const r = run(args);
    assert.deepEqual([r.stdout.toString(), r.status], ['ELF', 11], r.stderr);
  }
});

const romSource = (size: number) => `
        bits 16
        org 0x10000 - ${size}
start:  mov ax, cs
        mov ds, ax
        mov si, msg
.next:  lodsb
        test al, al
        jz .done
        out 0xe9, al
        jmp .next
.done:  mov al, 7
        out 0xf4, al
        jmp $
msg:    db 'ROM at ', 0
        times ${size} - 16 - ($ - $$) db 0xff
reset:  jmp 0xf000:start
        times ${size} - ($ - $$) db 0
`;

test('rom: a real-mode image at the reset vector (64 KiB and 4 KiB images)', () => {
  for (const size of [0x10000, 0x1000]) {
    const p = file(`rom-${size}.asm`, romSource(size));
    for (const args of [[p, '--boot', 'rom'], [p]]) {
      const r = run(args);
      assert.deepEqual([r.stdout.toString(), r.status], ['ROM at ', 15], `${size}: ${r.stderr}`);
    }
  }
  const big = file('rom-big.bin', new Uint8Array(256 * 1024 + 1));
  assert.match(run([big, '--boot', 'rom']).stderr, /at most 262144/);
});

const bootSector = `
        bits 16
        org 0x7c00
        mov si, msg
.next:  lodsb
        test al, al
        jz .done
        mov ah, 0x0e
        int 0x10
        jmp .next
.done:  mov al, dl
        out 0xf4, al        ; exit with the boot drive: status (0x80 << 1 | 1) & 0xff = 1
        jmp $
msg:    db 'booted from disk', 13, 10, 0
        times 510 - ($ - $$) db 0
        dw 0xaa55
`;

test('bios: the virtual BIOS boots a boot sector from --disk (and auto picks it)', () => {
  const src = file('boot.asm', bootSector);
  const img = path.join(dir, 'boot.img');
  const asm = spawnSync(process.execPath, [BIN, 'asm', src, '-o', img], { encoding: 'utf8' });
  assert.equal(asm.status, 0, asm.stderr);
  for (const args of [[img, '--boot', 'bios', '--disk', img], [img], [src, '--boot', 'bios'], [img, '--disk', img]]) {
    const stats = path.join(dir, 'bios.json');
    const r = run([...args, '--stats', stats]);
    assert.deepEqual([r.stdout.toString(), r.status], ['booted from disk\r\n', 1], `${args.join(' ')}: ${r.stderr}`);
    const s = JSON.parse(fs.readFileSync(stats, 'utf8'));
    assert.equal(s.boot, 'bios');
    assert.deepEqual(s.postCodes.slice(0, 4), [1, 2, 3, 4], 'the BIOS POST codes');
  }
  // The BIOS's own test guests, booted from their disk images.
  for (const name of ['disk', 'memmap']) {
    const bin = path.join(dir, `${name}.img`);
    const a = spawnSync(process.execPath, [BIN, 'asm', path.join(GUESTS, 'bios', `${name}.asm`), '-I', INCLUDE, '-o', bin], { encoding: 'utf8' });
    assert.equal(a.status, 0, a.stderr);
    const want = expected(path.join(GUESTS, 'bios', `${name}.expected`));
    const r = run([bin, '--boot', 'bios', '--disk', bin]);
    assert.deepEqual([r.status, r.stdout.toString('latin1')], [want.status, want.stdout.toString('latin1')], `bios/${name}: ${r.stderr}`);
  }
});
