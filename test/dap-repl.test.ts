// The Debug Console over DAP: `x/16xw` against readMemory, `info tlb` after the guest turned
// paging on, completions after the trigger characters (space and `/`), evaluate results with
// memoryReference on pointer-like values and `format` honoured (hex by default).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Adapter, atFirstFault, CALLS_GUEST, launchStopped, lineOf, startAdapter, writeGuest } from './support/dap-harness';

const repl = async (a: Adapter, expression: string) => (await a.dc.evaluateRequest({ expression, context: 'repl' })).body.result;

test('x/16xw shows 16 dwords, four a line, equal to what readMemory gives; x/8xb and x/2dw too', async () => {
  const a = await atFirstFault();
  try {
    const start = (await a.dc.evaluateRequest({ expression: 'start', context: 'watch' })).body.result;
    const text = await repl(a, 'x/16xw start');
    const lines = text.split('\n');
    assert.equal(lines.length, 4);
    const mem = await a.dc.customRequest('readMemory', { memoryReference: start, count: 64 });
    const bytes = Buffer.from(mem.body.data, 'base64');
    lines.forEach((line, i) => {
      const [addr, ...words] = line.split(' ');
      assert.equal(addr, `0x${(Number(start) + 16 * i).toString(16).padStart(8, '0')}:`);
      assert.deepEqual(words, [0, 1, 2, 3].map((k) => `0x${bytes.readUInt32LE(16 * i + 4 * k).toString(16).padStart(8, '0')}`));
    });
    assert.equal(await repl(a, 'x/8xb start'), `${lines[0].split(' ')[0]} ${[...bytes.subarray(0, 8)].map((b) => `0x${b.toString(16).padStart(2, '0')}`).join(' ')}`);
    assert.equal((await repl(a, 'x/2dw start')).split(' ')[1], String(bytes.readUInt32LE(0)));
    const bad = await a.dc.evaluateRequest({ expression: 'x/4xw 0x40000000', context: 'repl' }).catch((e: Error) => e);
    assert.ok(bad instanceof Error && /not mapped/.test(bad.message));
    const badFormat = await a.dc.evaluateRequest({ expression: 'x/4qz start', context: 'repl' }).catch((e: Error) => e);
    assert.ok(badFormat instanceof Error && /bad format/.test(badFormat.message));
  } finally {
    await a.close();
  }
});

test('info tlb lists the translations the guest used; pt walks an address level by level', async () => {
  const a = await atFirstFault();
  try {
    const tlb = (await repl(a, 'info tlb')).split('\n');
    assert.match(tlb[0], /^\d+ TLB entr(y|ies) \(linear -> physical/);
    // the code page was fetched through the identity mapping, supervisor, writable
    const start = Number((await a.dc.evaluateRequest({ expression: 'start', context: 'watch' })).body.result);
    const page = `0x${(start & ~0xfff).toString(16).padStart(8, '0')}`;
    assert.ok(tlb.some((l) => l.startsWith(`${page} -> ${page} W S`)), tlb.join('\n'));
    // no translation for the page that faults
    assert.ok(!tlb.some((l) => l.startsWith('0x40000000')));
    const pt = (await repl(a, `pt ${page}`)).split('\n');
    assert.deepEqual(pt.map((l) => l.split(' ')[0]), ['CR3', 'PDE[0]', 'PTE[256]', page]);
    assert.equal(pt[3], `${page} → physical ${page}`);
    assert.match(pt[1], /^PDE\[0\] → page table at 0x[0-9a-f]{8} \(entry at 0x[0-9a-f]{8} = 0x[0-9a-f]{8} W A\)$/);
    const unmapped = (await repl(a, 'pt 0x40000000')).split('\n');
    assert.equal(unmapped[unmapped.length - 1], '0x40000000 is not mapped: PDE[256] is not present');
  } finally {
    await a.close();
  }
  const { a: b } = await launchStopped(writeGuest('calls.asm', CALLS_GUEST), undefined, { stopOnEntry: true });
  try {
    assert.equal(await repl(b, 'info tlb'), 'paging is off (CR0.PG = 0): the TLB is not used');
  } finally {
    await b.close();
  }
});

test('completions: commands after a space or a slash, x/ forms, registers and labels', async () => {
  const a = await atFirstFault();
  try {
    const labels = async (text: string, column = text.length + 1) => (await a.dc.completionsRequest({ text, column })).body.targets.map((t) => t.label);
    const init = await (async () => {
      const b = await startAdapter();
      try {
        return (await b.dc.initializeRequest({ adapterID: 'ringside', pathFormat: 'path' })).body;
      } finally {
        await b.close();
      }
    })();
    assert.deepEqual(init?.completionTriggerCharacters, [' ', '/']);
    assert.equal(init?.supportsCompletionsRequest, true);
    assert.deepEqual(await labels('info '), ['info registers', 'info tlb', 'info gdt', 'info idt', 'info history']);
    assert.deepEqual(await labels('info t'), ['info tlb']);
    assert.deepEqual(await labels('x/'), ['x/16xw ', 'x/16xb ', 'x/8xh ', 'x/4dw ', 'x/32cb ']);
    assert.deepEqual(await labels('x/16'), ['x/16xw ', 'x/16xb ']);
    assert.ok((await labels('p')).includes('pt '));
    const c = await a.dc.completionsRequest({ text: 'x/4xw es', column: 9 });
    assert.deepEqual(c.body.targets.map((t) => t.label).sort(), ['es', 'esi', 'esp']);
    assert.ok(c.body.targets.every((t) => t.start === 7 && t.length === 2));
    assert.ok((await labels('pt page_')).includes('page_fault'));
    // the column decides what is completed
    assert.deepEqual(await labels('info tlb', 6), ['info registers', 'info tlb', 'info gdt', 'info idt', 'info history']);
  } finally {
    await a.close();
  }
});

test('evaluate: memoryReference on pointer-like results, hex by default, decimal when format asks', async () => {
  const file = writeGuest('calls.asm', CALLS_GUEST);
  const { a } = await launchStopped(file, (a) => a.dc.setBreakpointsRequest({ source: { path: file }, breakpoints: [{ line: lineOf(file, '@result') }] }));
  try {
    const ev = (expression: string, context = 'watch', format?: { hex: boolean }) => a.dc.evaluateRequest({ expression, context, format });
    const esp = await ev('esp');
    assert.match(esp.body.result, /^0x[0-9a-f]{8}$/);
    assert.equal(esp.body.memoryReference, esp.body.result); // a register: its value may point somewhere
    const counter = await ev('counter');
    assert.equal(counter.body.memoryReference, counter.body.result); // a label: its address
    // hovering a global variable shows its value (an item of its directive), and where it is
    const hover = await ev('counter', 'hover');
    assert.equal(hover.body.result, '0x00000005');
    assert.equal(hover.body.type, `dd at ${counter.body.result}`);
    assert.equal(hover.body.memoryReference, counter.body.result);
    assert.equal((await ev('counter', 'hover', { hex: false })).body.result, '5');
    assert.equal((await ev('square', 'hover')).body.result, (await ev('square')).body.result); // code: its address
    const mem = await ev('dword [counter]');
    assert.equal(mem.body.result, '0x00000005');
    assert.equal(mem.body.memoryReference, counter.body.result); // memory: where it was read
    assert.equal((await ev('byte [counter]')).body.result, '0x05');
    assert.equal((await ev('cr3')).body.memoryReference, 'phys:0x00000000');
    assert.equal((await ev('eax + 1')).body.memoryReference, undefined); // arithmetic: a number
    assert.equal((await ev('eax', 'hover', { hex: false })).body.result, '49');
    assert.equal((await ev('dword [counter]', 'watch', { hex: false })).body.result, '5');
    assert.equal((await ev('eax', 'repl', { hex: true })).body.result, '0x00000031');
    const flags = await ev('eflags');
    assert.ok(flags.body.variablesReference > 0, 'EFLAGS expands into its bits');
    const bits = await a.dc.variablesRequest({ variablesReference: flags.body.variablesReference });
    assert.ok(bits.body.variables.some((b) => b.name === 'ZF'));
  } finally {
    await a.close();
  }
});
