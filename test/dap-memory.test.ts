// readMemory / writeMemory on guest-linear (through the page tables) and guest-physical addresses,
// memory events, and disassemble against the assembler's own bytes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assemble } from '../src/asm/assembler';
import { atFirstFault, CALLS_GUEST, launchStopped, lineOf, writeGuest } from './support/dap-harness';

const decode = (b64: string | undefined) => new Uint8Array(Buffer.from(b64 ?? '', 'base64'));

test('readMemory (linear and physical) and disassemble match the assembled bytes', async () => {
  const file = writeGuest('calls.asm', CALLS_GUEST);
  const built = assemble({ path: file });
  const { a } = await launchStopped(file, undefined, { stopOnEntry: true });
  try {
    const lin = await a.dc.customRequest('readMemory', { memoryReference: '0x00100000', count: built.bytes.length });
    assert.equal(lin.body.unreadableBytes, 0);
    assert.deepEqual(decode(lin.body.data), built.bytes);
    const phys = await a.dc.customRequest('readMemory', { memoryReference: 'phys:0x00100000', offset: 4, count: 8 });
    assert.deepEqual(decode(phys.body.data), built.bytes.subarray(4, 12));

    const start = built.symbols.find((s) => s.name === 'start')!.value;
    const dis = await a.dc.customRequest('disassemble', { memoryReference: `0x${start.toString(16)}`, instructionCount: 6, resolveSymbols: true });
    const insns = dis.body.instructions as { address: string; instructionBytes: string; instruction: string; symbol?: string; line?: number }[];
    assert.equal(insns[0].symbol, 'start');
    assert.equal(insns[0].line, lineOf(file, '@entry'));
    assert.match(insns[0].instruction, /^mov esp,/);
    for (const i of insns) {
      const at = Number(i.address) - built.origin;
      const bytes = i.instructionBytes.split(' ').map((h) => parseInt(h, 16));
      assert.deepEqual(bytes, [...built.bytes.subarray(at, at + bytes.length)], i.instruction);
    }
    assert.equal(insns[3].symbol, 'loop_top');
    // backwards from loop_top: the two instructions before it
    const back = await a.dc.customRequest('disassemble', { memoryReference: insns[3].address, instructionOffset: -2, instructionCount: 3 });
    assert.deepEqual(back.body.instructions.map((i: { address: string }) => i.address), insns.slice(1, 4).map((i) => i.address));
  } finally {
    await a.close();
  }
});

test('unmapped linear pages are unreadable, not zeros; a read stops at the first unmapped byte', async () => {
  const a = await atFirstFault(); // paging on
  try {
    const none = await a.dc.customRequest('readMemory', { memoryReference: '0x40000000', count: 16 });
    assert.equal(none.body.unreadableBytes, 16);
    assert.equal(none.body.data, undefined);
    const edge = await a.dc.customRequest('readMemory', { memoryReference: '0x007ffff8', count: 16 });
    assert.equal(decode(edge.body.data).length, 8);
    assert.equal(edge.body.unreadableBytes, 8);
    const w = await a.dc.customRequest('writeMemory', { memoryReference: '0x40000000', data: Buffer.from([1]).toString('base64') }).catch((e: Error) => e);
    assert.ok(w instanceof Error && /only 0 are mapped/.test(w.message));
  } finally {
    await a.close();
  }
});

test('writeMemory changes guest memory and sends a memory event', async () => {
  const file = writeGuest('calls.asm', CALLS_GUEST);
  const { a } = await launchStopped(file, undefined, { stopOnEntry: true });
  try {
    const ref = (await a.dc.evaluateRequest({ expression: 'counter', context: 'watch' })).body.result;
    const [ev, r] = await Promise.all([
      a.dc.waitForEvent('memory'),
      a.dc.customRequest('writeMemory', { memoryReference: ref, data: Buffer.from([0x78, 0x56, 0x34, 0x12]).toString('base64') }),
    ]);
    assert.equal(r.body.bytesWritten, 4);
    assert.equal(ev.body.count, 4);
    const v = await a.dc.evaluateRequest({ expression: 'dword [counter]', context: 'watch' });
    assert.equal(v.body.result, '0x12345678');
    const phys = await a.dc.customRequest('readMemory', { memoryReference: `phys:${ref}`, count: 2 });
    assert.deepEqual([...decode(phys.body.data)], [0x78, 0x56]);
  } finally {
    await a.close();
  }
});
