// Data breakpoints over DAP: read, write and readWrite access (a read-modify-write instruction is
// both); the size decides which bytes are watched; conditions and hit conditions; guest-linear
// addresses (followed as a debug register follows them: set before they are mapped, blind to other
// aliases) against guest-physical ones (any alias reaches them); dataBreakpointInfo for global
// variables, for expressions and for addresses; an access in an instruction that faults does not
// count; reverse-continue to a read.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { DebugProtocol } from '@vscode/debugprotocol';
import { Adapter, launch, lineOf, multibootGuest, registers, SAMPLES, startAdapter, stopAfter, topFrame, writeGuest } from './support/dap-harness';

/** Paging with PSE: 0..4 MiB identity-mapped, and again at 0x40000000 (an alias of every byte). */
const DATA_GUEST = multibootGuest(`
start:
        mov esp, stack_top
        mov eax, cr4
        or eax, 0x10                    ; CR4.PSE
        mov cr4, eax
        mov dword [pd], 0x83            ; 0..4 MiB: present, writable, 4 MiB page
        mov dword [pd + 256 * 4], 0x83  ; 0x40000000..: the same 4 MiB
        mov eax, pd
        mov cr3, eax
        mov eax, cr0
        or eax, 0x80000000
        mov cr0, eax                    ; @paging-on
        mov eax, [value]                ; @read-dword
        add eax, 1                      ; @after-read-dword
        mov [other], eax                ; @write-other
        mov byte [value + 3], 9         ; @write-byte3
        mov bl, [value + 2]             ; @read-byte2
        nop                             ; @after-read-byte2
        inc dword [value]               ; @rmw
        nop                             ; @after-rmw
        mov ecx, [0x40000000 + value]   ; @read-alias
        nop                             ; @after-read-alias
        add [other], eax                ; @add-other
        nop                             ; @after-add-other
        xchg [other], ecx               ; @xchg-other
        nop                             ; @after-xchg-other
        mov al, 0
        out 0xf4, al
        hlt

value:  dd 0x11223344
other:  dd 0
table:  times 4 dw 0x5555
msg:    db "hi", 0
        align 4096
pd:     times 1024 dd 0
`);

async function launchGuest(file: string): Promise<Adapter> {
  const a = await startAdapter();
  await launch(a, file);
  return a;
}

async function setData(a: Adapter, breakpoints: DebugProtocol.DataBreakpoint[]): Promise<DebugProtocol.Breakpoint[]> {
  const r = await a.dc.customRequest('setDataBreakpoints', { breakpoints });
  return r.body.breakpoints;
}

/** Runs (continue or configurationDone) to the next stop, checking it is this data breakpoint, and returns the line. */
async function nextDataStop(a: Adapter, id: number | undefined, send: () => Promise<unknown>): Promise<number | undefined> {
  const stop = await stopAfter(a, send);
  assert.equal(stop.body.reason, 'data breakpoint', stop.body.description);
  if (id !== undefined) assert.deepEqual(stop.body.hitBreakpointIds, [id]);
  return (await topFrame(a)).line;
}

const runToEnd = (a: Adapter) => Promise.all([a.dc.waitForEvent('terminated'), a.dc.continueRequest({ threadId: 1 })]);

test('dataBreakpointInfo: global variables (with their item size), expressions, linear and physical addresses', async () => {
  const file = writeGuest('data.asm', DATA_GUEST);
  const a = await launchGuest(file);
  try {
    const scopes = await a.dc.scopesRequest({ frameId: 1 }).catch(() => undefined);
    assert.equal(scopes, undefined, 'no scopes before configurationDone');
    await a.dc.setBreakpointsRequest({ source: { path: file }, breakpoints: [{ line: lineOf(file, '@read-dword') }] });
    await stopAfter(a, () => a.dc.configurationDoneRequest());
    const sc = await a.dc.scopesRequest({ frameId: 1 });
    const globalsRef = sc.body.scopes.find((s) => s.name === 'Globals')!.variablesReference;
    const globals = (await a.dc.variablesRequest({ variablesReference: globalsRef })).body.variables;
    // the guest's own variables (the Multiboot header and the stack are data labels too)
    const mine = globals.filter((g) => ['value', 'other', 'table', 'msg', 'pd', 'start', 'stack'].includes(g.name));
    assert.deepEqual(mine.map((g) => [g.name, g.type]), [['value', 'dd'], ['other', 'dd'], ['table', 'dw'], ['msg', 'db'], ['pd', 'dd'], ['stack', 'resb']]);
    const [value, other, table, msg] = mine;
    assert.equal(value.value, '0x11223344');
    assert.equal(value.evaluateName, 'dword [value]');
    assert.equal(table.value, '0x5555');
    assert.equal(msg.value, '0x68'); // 'h'
    const address = value.memoryReference!;
    const info = await a.dc.customRequest('dataBreakpointInfo', { variablesReference: globalsRef, name: 'value' });
    assert.equal(info.body.dataId, `linear:${address}:4`);
    assert.deepEqual(info.body.accessTypes, ['write', 'read', 'readWrite']);
    const word = await a.dc.customRequest('dataBreakpointInfo', { variablesReference: globalsRef, name: 'table' });
    assert.match(word.body.dataId, /:2$/);
    const byExpression = await a.dc.customRequest('dataBreakpointInfo', { name: 'byte [value + 2]' });
    assert.equal(byExpression.body.dataId, `linear:0x${(Number(address) + 2).toString(16).padStart(8, '0')}:1`);
    const alias = `0x${(0x40000000 + Number(address)).toString(16)}`;
    const byAddress = await a.dc.customRequest('dataBreakpointInfo', { name: alias, asAddress: true, bytes: 8 });
    assert.equal(byAddress.body.dataId, `linear:${alias}:8`);
    const physical = await a.dc.customRequest('dataBreakpointInfo', { name: `phys:${address}`, asAddress: true, bytes: 3 });
    assert.equal(physical.body.dataId, `physical:${address}:3`);
    const register = await a.dc.customRequest('dataBreakpointInfo', { variablesReference: 1, name: 'EAX' });
    assert.equal(register.body.dataId, null);
    assert.match(register.body.description, /not in memory/);
    // setVariable on a global writes guest memory (and says so with a memory event)
    const [ev, set] = await Promise.all([
      a.dc.waitForEvent('memory'),
      a.dc.setVariableRequest({ variablesReference: globalsRef, name: 'other', value: '0x1234' }),
    ]);
    assert.equal(set.body.value, '0x00001234');
    assert.equal(ev.body.memoryReference, other.memoryReference);
    assert.equal((await a.dc.evaluateRequest({ expression: 'dword [other]', context: 'watch' })).body.result, '0x00001234');
  } finally {
    await a.close();
  }
});

test('a read data breakpoint stops after each read of its bytes and after a read-modify-write, not after plain writes', async () => {
  const file = writeGuest('data.asm', DATA_GUEST);
  const a = await launchGuest(file);
  try {
    const info = await a.dc.customRequest('dataBreakpointInfo', { name: 'dword [value]' });
    const [bp] = await setData(a, [{ dataId: info.body.dataId, accessType: 'read' }]);
    assert.equal(bp.verified, true);
    assert.equal(bp.message, undefined);
    assert.equal(await nextDataStop(a, bp.id, () => a.dc.configurationDoneRequest()), lineOf(file, '@after-read-dword'));
    assert.equal((await registers(a)).EAX, '0x11223344');
    const stop = await stopAfter(a, () => a.dc.continueRequest({ threadId: 1 }));
    assert.equal(stop.body.reason, 'data breakpoint');
    assert.match(stop.body.description ?? '', /read \(1 byte\(s\) at linear 0x/);
    assert.equal((await topFrame(a)).line, lineOf(file, '@after-read-byte2'));
    assert.equal((await a.dc.evaluateRequest({ expression: 'bl', context: 'watch' })).body.result, '0x00000022');
    // `inc dword [value]` reads the bytes before it writes them
    const rmw = await stopAfter(a, () => a.dc.continueRequest({ threadId: 1 }));
    assert.match(rmw.body.description ?? '', /read and written/);
    assert.equal((await topFrame(a)).line, lineOf(file, '@after-rmw'));
    // the read through the 0x40000000 alias (another linear address): no stop
    await runToEnd(a);
  } finally {
    await a.close();
  }
});

test('read-modify-write instructions (inc, add to memory, xchg) are reads for a read breakpoint and writes for a write breakpoint', async () => {
  const file = writeGuest('data.asm', DATA_GUEST);
  const a = await launchGuest(file);
  try {
    const address = (await a.dc.evaluateRequest({ expression: 'other', context: 'watch' })).body.result;
    const [read, write] = await setData(a, [{ dataId: `linear:${address}:4`, accessType: 'read' }, { dataId: `linear:${address}:4`, accessType: 'write' }]);
    const stops: [number | undefined, number[] | undefined][] = [];
    for (let i = 0; i < 3; i++) {
      const stop = await stopAfter(a, () => (i === 0 ? a.dc.configurationDoneRequest() : a.dc.continueRequest({ threadId: 1 })));
      assert.equal(stop.body.reason, 'data breakpoint');
      stops.push([(await topFrame(a)).line, stop.body.hitBreakpointIds]);
    }
    assert.deepEqual(stops, [
      [lineOf(file, '@write-byte3'), [write.id]], // mov [other], eax: a plain write
      [lineOf(file, '@after-add-other'), [read.id, write.id]],
      [lineOf(file, '@after-xchg-other'), [read.id, write.id]],
    ]);
    await runToEnd(a);
  } finally {
    await a.close();
  }
});

test('a data breakpoint honours its condition (evaluated once the access is done) and its hit condition', async () => {
  const file = writeGuest('data.asm', DATA_GUEST);
  const a = await launchGuest(file);
  try {
    const id = (await a.dc.customRequest('dataBreakpointInfo', { name: 'dword [value]' })).body.dataId;
    const set = await setData(a, [
      { dataId: id, accessType: 'write', condition: 'dword [value] == 0x09223344' }, // after the byte-3 write, not after inc
      { dataId: id, accessType: 'readWrite', hitCondition: '== 4' }, // read-dword, byte 3, byte 2, then inc
      { dataId: id, accessType: 'read', condition: 'eax ==' },
      { dataId: id, accessType: 'read', hitCondition: 'often' },
    ]);
    assert.deepEqual(set.map((b) => b.verified), [true, true, false, false]);
    assert.match(set[2].message ?? '', /unexpected end of expression/);
    assert.match(set[3].message ?? '', /bad hit condition/);
    assert.equal(await nextDataStop(a, set[0].id, () => a.dc.configurationDoneRequest()), lineOf(file, '@read-byte2'));
    assert.equal(await nextDataStop(a, set[1].id, () => a.dc.continueRequest({ threadId: 1 })), lineOf(file, '@after-rmw'));
    // going back restores the hit counts with the machine: forwards again, the 4th hit is the same one
    assert.equal(await nextDataStop(a, set[0].id, () => a.dc.customRequest('reverseContinue', { threadId: 1 })), lineOf(file, '@read-byte2'));
    assert.equal(await nextDataStop(a, set[1].id, () => a.dc.continueRequest({ threadId: 1 })), lineOf(file, '@after-rmw'));
    await runToEnd(a);
  } finally {
    await a.close();
  }
});

test('a linear write breakpoint follows the linear address: set before it is mapped, blind to other aliases; a physical one sees them all', async () => {
  const file = path.join(SAMPLES, 'paging-demand.asm');
  const a = await launchGuest(file);
  try {
    // 0x40003000 is mapped by the #PF handler, to the frame 0x00402000 that alloc_frame first clears through its identity alias
    const [linear, physical] = await setData(a, [
      { dataId: 'linear:0x40003000:4', accessType: 'write' },
      { dataId: 'physical:0x00402000:4', accessType: 'write' },
    ]);
    assert.equal(linear.verified, true, linear.message);
    const clear = await stopAfter(a, () => a.dc.configurationDoneRequest());
    assert.deepEqual(clear.body.hitBreakpointIds, [physical.id]);
    assert.match((await topFrame(a)).name, /^alloc_frame/);
    const store = await stopAfter(a, () => a.dc.continueRequest({ threadId: 1 }));
    assert.deepEqual(store.body.hitBreakpointIds, [linear.id, physical.id]);
    assert.equal((await topFrame(a)).line, lineOf(file, 'mov eax, [HEAP + 0x5008]'));
    assert.equal((await a.dc.evaluateRequest({ expression: 'dword [0x40003000]', context: 'watch' })).body.result, '0x33333333');
    await runToEnd(a);
  } finally {
    await a.close();
  }
});

test('the size decides: a 2-byte write breakpoint misses the write of byte 3; 4 bytes catch it', async () => {
  const file = writeGuest('data.asm', DATA_GUEST);
  for (const [size, lines] of [[2, ['@after-rmw']], [4, ['@read-byte2', '@after-rmw']]] as const) {
    const a = await launchGuest(file);
    try {
      const info = await a.dc.customRequest('dataBreakpointInfo', { name: 'value', asAddress: true, bytes: size });
      assert.equal(info.body.dataId.endsWith(`:${size}`), true);
      const [bp] = await setData(a, [{ dataId: info.body.dataId, accessType: 'write' }]);
      const seen: (number | undefined)[] = [await nextDataStop(a, bp.id, () => a.dc.configurationDoneRequest())];
      for (let i = 1; i < lines.length; i++) seen.push(await nextDataStop(a, bp.id, () => a.dc.continueRequest({ threadId: 1 })));
      assert.deepEqual(seen, lines.map((l) => lineOf(file, l)), `size ${size}`);
      await runToEnd(a);
    } finally {
      await a.close();
    }
  }
});

test('readWrite stops on reads and writes of its bytes; a physical breakpoint catches an access through any alias', async () => {
  const file = writeGuest('data.asm', DATA_GUEST);
  const a = await launchGuest(file);
  try {
    const byte2 = await a.dc.customRequest('dataBreakpointInfo', { name: 'byte [value + 2]' });
    const [bp] = await setData(a, [{ dataId: byte2.body.dataId, accessType: 'readWrite' }]);
    const lines: (number | undefined)[] = [await nextDataStop(a, bp.id, () => a.dc.configurationDoneRequest())];
    for (let i = 0; i < 2; i++) lines.push(await nextDataStop(a, bp.id, () => a.dc.continueRequest({ threadId: 1 })));
    // the dword read covers byte 2; the byte-3 write does not; the byte-2 read; the dword increment
    assert.deepEqual(lines, ['@after-read-dword', '@after-read-byte2', '@after-rmw'].map((l) => lineOf(file, l)));
    await runToEnd(a);
  } finally {
    await a.close();
  }
  const b = await launchGuest(file);
  try {
    const address = (await b.dc.evaluateRequest({ expression: 'value', context: 'watch' })).body.result;
    const alias = `0x${(0x40000000 + Number(address)).toString(16)}`;
    const [phys] = await setData(b, [{ dataId: `physical:${address}:4`, accessType: 'read' }, { dataId: `linear:${alias}:4`, accessType: 'read' }]);
    // the physical bytes are read at @read-dword (linear = physical), @read-byte2, @rmw and through the alias
    assert.equal(await nextDataStop(b, phys.id, () => b.dc.configurationDoneRequest()), lineOf(file, '@after-read-dword'));
    for (const line of ['@after-read-byte2', '@after-rmw']) assert.equal(await nextDataStop(b, phys.id, () => b.dc.continueRequest({ threadId: 1 })), lineOf(file, line));
    const last = await stopAfter(b, () => b.dc.continueRequest({ threadId: 1 }));
    assert.equal(last.body.hitBreakpointIds?.length, 2, 'the physical and the alias breakpoint both');
    assert.equal((await topFrame(b)).line, lineOf(file, '@after-read-alias'));
    assert.equal((await registers(b)).ECX, '0x09223345'); // byte 3 set to 9, then incremented
    await runToEnd(b);
  } finally {
    await b.close();
  }
});

test('a read that faults does not count: the stop comes once the restarted read has happened; reverse-continue goes back to it', async () => {
  const file = path.join(SAMPLES, 'paging-demand.asm');
  const a = await launchGuest(file);
  try {
    // 0x40005008 is not mapped until the #PF handler maps it; the guest reads it once mapped
    const [bp] = await setData(a, [{ dataId: 'linear:0x40005008:4', accessType: 'read' }]);
    assert.equal(bp.verified, true);
    assert.equal(await nextDataStop(a, bp.id, () => a.dc.configurationDoneRequest()), lineOf(file, 'mov [value], eax'));
    assert.equal((await registers(a)).EAX, '0x00000000');
    const faults = (await a.dc.evaluateRequest({ expression: 'dword [faults]', context: 'watch' })).body.result;
    assert.ok(Number(faults) >= 1, 'the read faulted first');
    // a few instructions on, reverse-continue returns to the read (and not to its faulting attempt)
    for (let i = 0; i < 3; i++) await stopAfter(a, () => a.dc.stepInRequest({ threadId: 1, granularity: 'instruction' }));
    const again = await setData(a, [{ dataId: 'linear:0x40005008:4', accessType: 'read' }]);
    assert.equal(again[0].verified, true);
    const back = await stopAfter(a, () => a.dc.customRequest('reverseContinue', { threadId: 1 }));
    assert.equal(back.body.reason, 'data breakpoint');
    assert.equal((await topFrame(a)).line, lineOf(file, 'mov [value], eax'));
    assert.equal((await a.dc.evaluateRequest({ expression: 'dword [faults]', context: 'watch' })).body.result, faults);
  } finally {
    await a.close();
  }
});
