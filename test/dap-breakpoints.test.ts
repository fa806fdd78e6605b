// The adapter's breakpoints over DAP: source lines (moved to code), conditions, hit counts,
// logpoints, function and instruction breakpoints, data breakpoints, breakpointLocations.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CALLS_GUEST, launch, lineOf, registers, startAdapter, stopAfter, topFrame, writeGuest } from './support/dap-harness';

test('a source breakpoint stops on its line with the registers of that moment', async () => {
  const file = writeGuest('calls.asm', CALLS_GUEST);
  const a = await startAdapter();
  try {
    await launch(a, file);
    const line = lineOf(file, '@store');
    const set = await a.dc.setBreakpointsRequest({ source: { path: file }, breakpoints: [{ line }] });
    assert.equal(set.body.breakpoints[0].verified, true);
    assert.equal(set.body.breakpoints[0].line, line);
    const stop = await stopAfter(a, () => a.dc.configurationDoneRequest());
    assert.equal(stop.body.reason, 'breakpoint');
    assert.deepEqual(stop.body.hitBreakpointIds, [set.body.breakpoints[0].id]);
    const frame = await topFrame(a);
    assert.equal(frame.line, line);
    assert.equal(frame.source?.path, file);
    assert.match(frame.name, /loop_top\+0x1 \[ring 0, protected 32-bit\]/);
    const regs = await registers(a);
    assert.equal(regs.ECX, '0x00000001');
    // continue: the next hit is the next iteration
    await stopAfter(a, () => a.dc.continueRequest({ threadId: 1 }));
    assert.equal((await registers(a)).ECX, '0x00000002');
  } finally {
    await a.close();
  }
});

test('a breakpoint on a line without code moves to the next line with code; unknown files are unverified', async () => {
  const file = writeGuest('calls.asm', CALLS_GUEST);
  const a = await startAdapter();
  try {
    await launch(a, file);
    const blank = lineOf(file, '@square') - 1; // the empty line before `square:`... or the label line
    const set = await a.dc.setBreakpointsRequest({ source: { path: file }, breakpoints: [{ line: blank }] });
    assert.equal(set.body.breakpoints[0].verified, true);
    assert.equal(set.body.breakpoints[0].line, lineOf(file, '@square'));
    const other = await a.dc.setBreakpointsRequest({ source: { path: '/nonexistent/other.asm' }, breakpoints: [{ line: 3 }] });
    assert.equal(other.body.breakpoints[0].verified, false);
    assert.match(other.body.breakpoints[0].message ?? '', /no code from other\.asm/);
    const locations = await a.dc.customRequest('breakpointLocations', { source: { path: file }, line: lineOf(file, '@loop'), endLine: lineOf(file, '@loop') + 3 });
    assert.deepEqual(locations.body.breakpoints.map((b: { line: number }) => b.line), [0, 1, 2, 3].map((d) => lineOf(file, '@loop') + d));
  } finally {
    await a.close();
  }
});

test('conditions, hit counts and logpoints', async () => {
  const file = writeGuest('calls.asm', CALLS_GUEST);
  const a = await startAdapter();
  try {
    await launch(a, file);
    const outputs: string[] = [];
    a.dc.on('output', (e) => outputs.push(e.body.output));
    await a.dc.setBreakpointsRequest({
      source: { path: file },
      breakpoints: [
        { line: lineOf(file, '@loop'), logMessage: 'ecx={ecx} counter={dword [counter]}' },
        { line: lineOf(file, '@store'), condition: 'ecx == 3 && [esp] == 0' },
        { line: lineOf(file, '@push'), hitCondition: '2' },
      ],
    });
    await stopAfter(a, () => a.dc.configurationDoneRequest());
    assert.equal((await registers(a)).ECX, '0x00000003');
    assert.ok(outputs.includes('ecx=0x0 counter=0x0\n'), outputs.join('|'));
    assert.ok(outputs.includes('ecx=0x2 counter=0x2\n'), outputs.join('|'));
    // the @push line runs once: a hit count of 2 never stops, the guest ends
    await Promise.all([a.dc.waitForEvent('terminated'), a.dc.continueRequest({ threadId: 1 })]);
    assert.ok(outputs.join('').includes('OK'), 'guest output reaches the console');
  } finally {
    await a.close();
  }
});

test('function and instruction breakpoints', async () => {
  const file = writeGuest('calls.asm', CALLS_GUEST);
  const a = await startAdapter();
  try {
    await launch(a, file);
    const fb = await a.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'inner' }, { name: 'nosuch' }] });
    assert.equal(fb.body.breakpoints[0].verified, true);
    assert.equal(fb.body.breakpoints[1].verified, false);
    const stop = await stopAfter(a, () => a.dc.configurationDoneRequest());
    assert.equal(stop.body.reason, 'function breakpoint');
    assert.equal((await topFrame(a)).line, lineOf(file, '@inner'));
    // the stack: inner <- square <- start, from the EBP chain
    const st = await a.dc.stackTraceRequest({ threadId: 1 });
    assert.deepEqual(st.body.stackFrames.map((f) => f.line), [lineOf(file, '@inner'), lineOf(file, '@after-inner'), lineOf(file, '@after-call')]);
    // an instruction breakpoint at the address the disassembly gives for @result
    const loc = await a.dc.customRequest('gotoTargets', { source: { path: file }, line: lineOf(file, '@result') });
    const address = loc.body.targets[0].instructionPointerReference;
    const ib = await a.dc.customRequest('setInstructionBreakpoints', { breakpoints: [{ instructionReference: address }] });
    assert.equal(ib.body.breakpoints[0].verified, true);
    const s2 = await stopAfter(a, () => a.dc.continueRequest({ threadId: 1 }));
    assert.equal(s2.body.reason, 'instruction breakpoint');
    assert.equal((await registers(a)).EAX, '0x00000031'); // 7 * 7
  } finally {
    await a.close();
  }
});

test('a data breakpoint stops after the write to the watched bytes', async () => {
  const file = writeGuest('calls.asm', CALLS_GUEST);
  const a = await startAdapter();
  try {
    await launch(a, file);
    const info = await a.dc.customRequest('dataBreakpointInfo', { name: 'dword [result]' });
    assert.deepEqual(info.body.accessTypes, ['write', 'read', 'readWrite']);
    const set = await a.dc.customRequest('setDataBreakpoints', { breakpoints: [{ dataId: info.body.dataId, accessType: 'write' }] });
    assert.equal(set.body.breakpoints[0].verified, true);
    const stop = await stopAfter(a, () => a.dc.configurationDoneRequest());
    assert.equal(stop.body.reason, 'data breakpoint');
    // stopped after `mov [result], eax`, at the next line
    assert.equal((await topFrame(a)).line, lineOf(file, '@result') + 1);
    const ev = await a.dc.evaluateRequest({ expression: 'dword [result]', context: 'watch' });
    assert.equal(ev.body.result, '0x00000031');
    const reg = await a.dc.customRequest('dataBreakpointInfo', { name: 'EAX', variablesReference: 1 });
    assert.equal(reg.body.dataId, null);
  } finally {
    await a.close();
  }
});

test('data breakpoints by address with a size (linear and physical)', async () => {
  const file = writeGuest('calls.asm', CALLS_GUEST);
  const a = await startAdapter();
  try {
    await launch(a, file);
    const counter = (await a.dc.evaluateRequest({ expression: 'counter', context: 'watch' })).body.result;
    const byAddress = await a.dc.customRequest('dataBreakpointInfo', { name: counter, asAddress: true, bytes: 2 });
    assert.equal(byAddress.body.dataId, `linear:${counter}:2`);
    const physical = await a.dc.customRequest('dataBreakpointInfo', { name: `phys:${counter}`, asAddress: true, bytes: 1 });
    assert.equal(physical.body.dataId, `physical:${counter}:1`);
    for (const info of [byAddress, physical]) {
      const set = await a.dc.customRequest('setDataBreakpoints', { breakpoints: [{ dataId: info.body.dataId, accessType: 'write' }] });
      assert.equal(set.body.breakpoints[0].verified, true);
    }
    const stop = await stopAfter(a, () => a.dc.configurationDoneRequest());
    assert.equal(stop.body.reason, 'data breakpoint');
    assert.equal((await topFrame(a)).line, lineOf(file, '@store') + 1);
    assert.equal((await registers(a)).ECX, '0x00000001');
    const odd = await a.dc.customRequest('setDataBreakpoints', { breakpoints: [{ dataId: byAddress.body.dataId, accessType: 'execute' }] });
    assert.equal(odd.body.breakpoints[0].verified, false);
    assert.match(odd.body.breakpoints[0].message, /unknown access type 'execute'/);
  } finally {
    await a.close();
  }
});

test('breakpoints through %include and %macro: in the included file, and on a macro invocation line', async () => {
  const inc = writeGuest('lib.inc', `
%macro OUTCHAR 1
        mov al, %1
        out 0xe9, al
%endmacro
emit_twice:
        OUTCHAR 'x'                     ; @lib-macro
        OUTCHAR 'y'
        ret                             ; @lib-ret
`);
  const main = writeGuest('main.asm', CALLS_GUEST.replace('start:', `%include "${inc}"\nstart:`));
  const a = await startAdapter();
  try {
    await launch(a, main);
    const set = await a.dc.setBreakpointsRequest({ source: { path: inc }, breakpoints: [{ line: lineOf(inc, '@lib-macro') }, { line: lineOf(inc, '@lib-ret') }] });
    assert.deepEqual(set.body.breakpoints.map((b) => b.verified), [true, true]);
    const fb = await a.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'start' }] });
    assert.equal(fb.body.breakpoints[0].verified, true);
    await stopAfter(a, () => a.dc.configurationDoneRequest());
    // make the guest call into the include: goto its first line, then run to the breakpoints there
    const targets = await a.dc.customRequest('gotoTargets', { source: { path: inc }, line: lineOf(inc, 'emit_twice:') + 1 });
    await stopAfter(a, () => a.dc.customRequest('goto', { threadId: 1, targetId: targets.body.targets[0].id }));
    const f = await (await import('./support/dap-harness')).topFrame(a);
    assert.equal(f.source?.path, inc);
    assert.equal(f.line, lineOf(inc, '@lib-macro'));
    const s = await stopAfter(a, () => a.dc.continueRequest({ threadId: 1 }));
    assert.equal(s.body.reason, 'breakpoint');
    assert.equal((await (await import('./support/dap-harness')).topFrame(a)).line, lineOf(inc, '@lib-ret'));
  } finally {
    await a.close();
  }
});
