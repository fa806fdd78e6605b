// sample-guests/hello.asm: NASM and our assembler build the same Multiboot kernel, the
// Multiboot loader accepts it, and QEMU runs it (command line: test/support/qemu.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { oracleSkip } from './support/oracles';
import { runQemu } from './support/qemu';
import { GUESTS_DIR } from './support/corpus-files';
import { runNasm, scratchDir } from './support/nasm';
import { assembleSafely, errorsOf, formatDiagnostic, loadAssembler } from './support/ringside-asm';
import { firstDifference, hex } from './support/mismatches';
import { prepareMultiboot } from '../src/machine/boot/multiboot';

const HELLO = join(GUESTS_DIR, 'hello.asm');

async function nasmHello(): Promise<Uint8Array> {
  const [r] = await runNasm([{ path: HELLO }], 1);
  assert.ok(r.ok, `nasm refused hello.asm:\n${r.messages.join('\n')}`);
  return r.bytes;
}

test('hello.asm: our assembler matches nasm byte for byte', { skip: oracleSkip('nasm') }, async () => {
  const expected = await nasmHello();
  const assemble = loadAssembler();
  if (typeof assemble === 'string') assert.fail(assemble);
  const ours = assembleSafely(assemble, { path: HELLO });
  assert.deepEqual(errorsOf(ours).map(formatDiagnostic), []);
  const at = firstDifference(expected, ours.bytes);
  assert.equal(at, -1, `first difference at 0x${at.toString(16)}: nasm ${hex(expected.subarray(at, at + 8))} ours ${hex(ours.bytes.subarray(at, at + 8))}`);
});

test('hello.asm is a Multiboot a.out-kludge kernel entered at its code', { skip: oracleSkip('nasm') }, async () => {
  const image = await nasmHello();
  const boot = prepareMultiboot(image, { memoryBytes: 32 << 20, cmdline: '' });
  const kernel = boot.loads[0];
  assert.equal(kernel.address, 0x100000);
  assert.equal(kernel.data.length, image.length, 'the whole file is loaded');
  assert.ok(kernel.zeroBytes >= 4096, 'the stack lives in the zeroed .bss');
  assert.ok(boot.entry > kernel.address && boot.entry < kernel.address + image.length);
  // the entry starts with CLI; MOV ESP, imm32
  assert.deepEqual([...image.subarray(boot.entry - kernel.address, boot.entry - kernel.address + 2)], [0xfa, 0xbc]);
  assert.ok(Buffer.from(image).includes('Hello from the guest!'));
});

test('hello.asm under qemu-system-i386 -kernel prints and exits', { skip: oracleSkip('nasm', 'qemu-system-i386') }, async () => {
  const bin = join(scratchDir('hello'), 'hello.bin');
  writeFileSync(bin, await nasmHello());
  const r = await runQemu({ kernel: bin }, 20_000);
  assert.equal(r.timedOut, false, 'QEMU did not finish');
  assert.equal(r.stdout.toString('latin1'), 'Hello from the guest!\n');
  assert.equal(r.status, 1, 'isa-debug-exit with 0 gives exit status (0 << 1) | 1');
});
