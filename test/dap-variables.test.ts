// Threads, scopes and variables (hex by default, `format` honoured, named bits, descriptor
// caches), setVariable on registers and flag bits, evaluate and the REPL's commands, completions.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { atFirstFault, CALLS_GUEST, launchStopped, lineOf, registers, stopAfter, writeGuest } from './support/dap-harness';

test('registers, EFLAGS bits, segments with descriptor caches, control registers; setVariable', async () => {
  const file = writeGuest('calls.asm', CALLS_GUEST);
  const { a } = await launchStopped(file, (a) => a.dc.setBreakpointsRequest({ source: { path: file }, breakpoints: [{ line: lineOf(file, '@store') }] }));
  try {
    const threads = await a.dc.threadsRequest();
    assert.deepEqual(threads.body.threads, [{ id: 1, name: 'CPU 0' }]);
    const st = await a.dc.stackTraceRequest({ threadId: 1 });
    const sc = await a.dc.scopesRequest({ frameId: st.body.stackFrames[0].id });
    assert.deepEqual(sc.body.scopes.map((s) => s.name), ['Registers', 'Segments', 'Control & System', 'Globals']);
    const regs = (await a.dc.variablesRequest({ variablesReference: sc.body.scopes[0].variablesReference })).body.variables;
    const eax = regs.find((v) => v.name === 'EAX')!;
    assert.match(eax.value, /^0x[0-9a-f]{8}$/);
    assert.ok(eax.memoryReference);
    const ecxDec = (await a.dc.variablesRequest({ variablesReference: 1, format: { hex: false } })).body.variables.find((v) => v.name === 'ECX')!;
    assert.equal(ecxDec.value, '1');
    const eflags = regs.find((v) => v.name === 'EFLAGS')!;
    const bits = (await a.dc.variablesRequest({ variablesReference: eflags.variablesReference })).body.variables;
    assert.deepEqual(bits.slice(0, 4).map((b) => b.name), ['CF', 'PF', 'AF', 'ZF']);
    const segs = (await a.dc.variablesRequest({ variablesReference: sc.body.scopes[1].variablesReference })).body.variables;
    const cs = segs.find((v) => v.name === 'CS')!;
    const cache = (await a.dc.variablesRequest({ variablesReference: cs.variablesReference })).body.variables;
    assert.deepEqual(cache.map((v) => v.name).slice(0, 5), ['selector', 'base', 'limit', 'type', 'DPL']);
    assert.equal(cache.find((v) => v.name === 'limit')!.value, '0xffffffff');
    const sys = (await a.dc.variablesRequest({ variablesReference: sc.body.scopes[2].variablesReference })).body.variables;
    const cr0 = sys.find((v) => v.name === 'CR0')!;
    const cr0bits = (await a.dc.variablesRequest({ variablesReference: cr0.variablesReference })).body.variables;
    assert.equal(cr0bits.find((b) => b.name === 'PE')!.value, '1');

    // setVariable: a register, a flag bit; the guest then runs with them
    const set = await a.dc.setVariableRequest({ variablesReference: 1, name: 'ECX', value: '0x41 + 1' });
    assert.equal(set.body.value, '0x00000042');
    const setDecimal = await a.dc.setVariableRequest({ variablesReference: 1, name: 'EDX', value: '0x10', format: { hex: false } });
    assert.equal(setDecimal.body.value, '16');
    assert.equal((await registers(a)).EDX, '0x00000010');
    const zf = await a.dc.setVariableRequest({ variablesReference: eflags.variablesReference, name: 'ZF', value: '1' });
    assert.equal(zf.body.value, '1');
    assert.equal((await a.dc.evaluateRequest({ expression: 'zf', context: 'watch' })).body.result, '0x00000001');
    await stopAfter(a, () => a.dc.stepInRequest({ threadId: 1, granularity: 'instruction' }));
    assert.equal((await a.dc.evaluateRequest({ expression: 'dword [counter]', context: 'hover' })).body.result, '0x00000042');
    const bad = await a.dc.setVariableRequest({ variablesReference: cs.variablesReference, name: 'base', value: '0' }).catch((e: Error) => e);
    assert.ok(bad instanceof Error && /loading a selector/.test(bad.message));
    assert.equal((await registers(a)).ECX, '0x00000042');
  } finally {
    await a.close();
  }
});

test('evaluate: expressions over registers, memory, labels; errors are readable; REPL commands and completions', async () => {
  const a = await atFirstFault();
  try {
    const ev = (expression: string, context = 'watch') => a.dc.evaluateRequest({ expression, context });
    assert.equal((await ev('(2 + 3) * 4 == 20')).body.result, '0x00000001');
    assert.equal((await ev('byte [start]')).body.result, '0xbc'); // mov esp, imm32
    assert.equal((await ev('dword [esp+4] - dword [esp+4]')).body.result, '0x00000000');
    assert.equal((await ev('cr0 >> 31')).body.result, '0x00000001');
    assert.equal((await ev('start')).body.result, '0x0010' + (await ev('start')).body.result.slice(6));
    const e1 = await ev('[0x40000000]').catch((e: Error) => e);
    assert.ok(e1 instanceof Error && /not mapped/.test(e1.message), String(e1));
    const e2 = await ev('eax +* 2').catch((e: Error) => e);
    assert.ok(e2 instanceof Error && /unexpected/.test(e2.message), String(e2));
    const e3 = await ev('nosuchlabel').catch((e: Error) => e);
    assert.ok(e3 instanceof Error && /unknown name 'nosuchlabel'/.test(e3.message));
    const info = (await ev('info registers', 'repl')).body.result;
    assert.match(info, /EAX=0x[0-9a-f]{8}/);
    assert.match(info, /CR0=0x8/);
    assert.match((await ev('x/4xw esp', 'repl')).body.result, /^0x[0-9a-f]{8}: (0x[0-9a-f]{8} ?){4}$/);
    const pt = (await ev('pt 0x40000000', 'repl')).body.result;
    assert.match(pt, /PDE\[256\].*not present/);
    assert.match((await ev('pt start', 'repl')).body.result, /→ physical 0x001/);
    assert.match((await ev('info idt', 'repl')).body.result, /IDT\[14\]: selector 0x0008/);
    assert.match((await ev('info gdt', 'repl')).body.result, /GDT\[1\] sel 0x0008: base 0x00000000 limit 0xffffffff code/);
    assert.ok((await ev('info tlb', 'repl')).body.result.length > 0);
    const c = await a.dc.completionsRequest({ text: 'info r', column: 7 });
    assert.ok(c.body.targets.some((t) => t.label === 'info registers'));
    const c2 = await a.dc.completionsRequest({ text: 'page_f', column: 7 });
    assert.ok(c2.body.targets.some((t) => t.label === 'page_fault'));
  } finally {
    await a.close();
  }
});

test('pageTables answers the guest paging; vmcs, translationCache and exitLog answer empty structures', async () => {
  const a = await atFirstFault();
  try {
    const pt = await a.dc.customRequest('pageTables');
    assert.equal(pt.body.guest.paging, true);
    assert.equal(pt.body.guest.cr3, '0x00200000');
    // 0..8 MiB identity-mapped and writable (split where the CPU set accessed/dirty bits)
    const low = (pt.body.guest.regions as { virtual: string; physical: string; size: number; flags: string[] }[]).filter((r) => Number(r.virtual) < 0x800000);
    assert.equal(low.reduce((n, r) => n + r.size, 0), 8 * 1024 * 1024);
    assert.ok(low.every((r) => r.virtual === r.physical && r.flags.includes('W')));
    assert.ok(low.some((r) => r.flags.includes('A')));
    for (const name of ['vmcs', 'translationCache', 'exitLog']) {
      const r = await a.dc.customRequest(name);
      assert.equal(r.body.available, false);
      assert.match(r.body.message, /no monitor/);
    }
    assert.deepEqual((await a.dc.customRequest('vmcs')).body.groups, []);
    assert.deepEqual((await a.dc.customRequest('exitLog')).body.exits, []);
    assert.deepEqual((await a.dc.customRequest('translationCache')).body.blocks, []);
  } finally {
    await a.close();
  }
});
