// Execution control over DAP: entry, line and instruction steps, stepping over and out of calls,
// pause of a runaway guest, goto, stepBack and reverseContinue.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Adapter, CALLS_GUEST, launch, lineOf, registers, SPIN_GUEST, startAdapter, stopAfter, topFrame, writeGuest } from './support/dap-harness';

async function atEntry(file: string): Promise<Adapter> {
  const a = await startAdapter();
  await launch(a, file, { stopOnEntry: true });
  const stop = await stopAfter(a, () => a.dc.configurationDoneRequest());
  assert.equal(stop.body.reason, 'entry');
  return a;
}

test('stop on entry, then line steps: stepIn enters a call, next steps over it, stepOut leaves it', async () => {
  const file = writeGuest('calls.asm', CALLS_GUEST);
  const a = await atEntry(file);
  try {
    assert.equal((await topFrame(a)).line, lineOf(file, '@entry'));
    const s = await stopAfter(a, () => a.dc.stepInRequest({ threadId: 1 }));
    assert.equal(s.body.reason, 'step');
    assert.equal((await topFrame(a)).line, lineOf(file, '@entry') + 1);
    // run to the call, step into square
    await a.dc.setBreakpointsRequest({ source: { path: file }, breakpoints: [{ line: lineOf(file, '@call') }] });
    await stopAfter(a, () => a.dc.continueRequest({ threadId: 1 }));
    await a.dc.setBreakpointsRequest({ source: { path: file }, breakpoints: [] });
    await stopAfter(a, () => a.dc.stepInRequest({ threadId: 1 }));
    assert.equal((await topFrame(a)).line, lineOf(file, '@square'));
    // next over `call inner` inside square
    for (let i = 0; i < 3; i++) await stopAfter(a, () => a.dc.nextRequest({ threadId: 1 }));
    assert.equal((await topFrame(a)).line, lineOf(file, '@call-inner'));
    await stopAfter(a, () => a.dc.nextRequest({ threadId: 1 }));
    assert.equal((await topFrame(a)).line, lineOf(file, '@after-inner'));
    // out of square, back in start just after the call
    await stopAfter(a, () => a.dc.stepOutRequest({ threadId: 1 }));
    assert.equal((await topFrame(a)).line, lineOf(file, '@after-call'));
    assert.equal((await registers(a)).EAX, '0x00000031');
  } finally {
    await a.close();
  }
});

test('instruction granularity: stepIn executes one instruction, next steps over CALL', async () => {
  const file = writeGuest('calls.asm', CALLS_GUEST);
  const a = await atEntry(file);
  try {
    await a.dc.setBreakpointsRequest({ source: { path: file }, breakpoints: [{ line: lineOf(file, '@push') }] });
    await stopAfter(a, () => a.dc.continueRequest({ threadId: 1 }));
    const esp = (await registers(a)).ESP;
    await stopAfter(a, () => a.dc.stepInRequest({ threadId: 1, granularity: 'instruction' }));
    assert.equal((await topFrame(a)).line, lineOf(file, '@call'));
    assert.equal(Number((await registers(a)).ESP), Number(esp) - 4);
    await stopAfter(a, () => a.dc.nextRequest({ threadId: 1, granularity: 'instruction' }));
    assert.equal((await topFrame(a)).line, lineOf(file, '@after-call'));
  } finally {
    await a.close();
  }
});

test('pause stops a runaway guest within 50 ms; goto moves EIP to a line', async () => {
  const file = writeGuest('spin.asm', SPIN_GUEST);
  const a = await startAdapter();
  try {
    await launch(a, file);
    await a.dc.configurationDoneRequest();
    await new Promise((r) => setTimeout(r, 200));
    const t0 = performance.now();
    const stop = await stopAfter(a, () => a.dc.pauseRequest({ threadId: 1 }));
    const ms = performance.now() - t0;
    assert.equal(stop.body.reason, 'pause');
    assert.ok(ms < 50, `pause took ${ms.toFixed(1)} ms`);
    assert.ok(Number((await registers(a)).EAX) > 1000, 'the guest ran');
    const targets = await a.dc.customRequest('gotoTargets', { source: { path: file }, line: lineOf(file, '@spin') });
    const g = await stopAfter(a, () => a.dc.customRequest('goto', { threadId: 1, targetId: targets.body.targets[0].id }));
    assert.equal(g.body.reason, 'goto');
    assert.equal((await topFrame(a)).line, lineOf(file, '@spin'));
  } finally {
    await a.close();
  }
});

test('stepBack restores registers and memory exactly; reverseContinue stops at the previous breakpoint hit', async () => {
  const file = writeGuest('calls.asm', CALLS_GUEST);
  const a = await atEntry(file);
  try {
    const store = lineOf(file, '@store');
    await a.dc.setBreakpointsRequest({ source: { path: file }, breakpoints: [{ line: store }] });
    await stopAfter(a, () => a.dc.continueRequest({ threadId: 1 }));
    await stopAfter(a, () => a.dc.continueRequest({ threadId: 1 })); // second iteration: ECX = 2
    const before = await registers(a);
    const memBefore = (await a.dc.evaluateRequest({ expression: 'dword [counter]', context: 'watch' })).body.result;
    assert.equal(memBefore, '0x00000001');
    await stopAfter(a, () => a.dc.stepInRequest({ threadId: 1, granularity: 'instruction' })); // the store
    assert.equal((await a.dc.evaluateRequest({ expression: 'dword [counter]', context: 'watch' })).body.result, '0x00000002');
    await stopAfter(a, () => a.dc.stepInRequest({ threadId: 1, granularity: 'instruction' })); // cmp: flags change
    const back1 = await stopAfter(a, () => a.dc.stepBackRequest({ threadId: 1 }));
    assert.equal(back1.body.reason, 'step');
    await stopAfter(a, () => a.dc.stepBackRequest({ threadId: 1 }));
    assert.deepEqual(await registers(a), before);
    assert.equal((await a.dc.evaluateRequest({ expression: 'dword [counter]', context: 'watch' })).body.result, memBefore);
    assert.equal((await topFrame(a)).line, store);
    // forward again to the third hit, then back to the second
    await stopAfter(a, () => a.dc.continueRequest({ threadId: 1 }));
    assert.equal((await registers(a)).ECX, '0x00000003');
    const rc = await stopAfter(a, () => a.dc.customRequest('reverseContinue', { threadId: 1 }));
    assert.equal(rc.body.reason, 'breakpoint');
    assert.equal((await registers(a)).ECX, '0x00000002');
    assert.equal((await topFrame(a)).line, store);
  } finally {
    await a.close();
  }
});

test('reverseContinue stops at the previous exception and the previous data breakpoint hit', async () => {
  const a = await startAdapter();
  const path = await import('node:path');
  const { SAMPLES } = await import('./support/dap-harness');
  try {
    await launch(a, path.join(SAMPLES, 'paging-demand.asm'));
    await a.dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'guest-exception', condition: '14' }] });
    const first = await stopAfter(a, () => a.dc.configurationDoneRequest());
    await stopAfter(a, () => a.dc.continueRequest({ threadId: 1 }));
    const third = await stopAfter(a, () => a.dc.continueRequest({ threadId: 1 }));
    assert.match(third.body.text ?? '', /CR2=0x40005008/);
    await stopAfter(a, () => a.dc.customRequest('reverseContinue', { threadId: 1 }));
    const back = await stopAfter(a, () => a.dc.customRequest('reverseContinue', { threadId: 1 }));
    assert.equal(back.body.reason, 'exception');
    assert.equal(back.body.text, first.body.text);
    // and forward again to the same fault
    const again = await stopAfter(a, () => a.dc.continueRequest({ threadId: 1 }));
    assert.match(again.body.text ?? '', /CR2=0x40003000/);
  } finally {
    await a.close();
  }
  const file = writeGuest('calls.asm', CALLS_GUEST);
  const b = await atEntry(file);
  try {
    const info = await b.dc.customRequest('dataBreakpointInfo', { name: 'dword [counter]' });
    await b.dc.customRequest('setDataBreakpoints', { breakpoints: [{ dataId: info.body.dataId, accessType: 'write' }] });
    for (let i = 0; i < 3; i++) await stopAfter(b, () => b.dc.continueRequest({ threadId: 1 }));
    assert.equal((await registers(b)).ECX, '0x00000003');
    const back = await stopAfter(b, () => b.dc.customRequest('reverseContinue', { threadId: 1 }));
    assert.equal(back.body.reason, 'data breakpoint');
    assert.equal((await registers(b)).ECX, '0x00000002');
    assert.equal((await b.dc.evaluateRequest({ expression: 'dword [counter]', context: 'watch' })).body.result, '0x00000002');
  } finally {
    await b.close();
  }
});

test('stepBack by line goes to the start of the previous line (a macro line is several instructions); by instruction, one', async () => {
  const file = writeGuest('macro.asm', CALLS_GUEST.replace('start:', `%macro OUT2 2
        mov al, %1
        out 0xe9, al
        mov al, %2
        out 0xe9, al
%endmacro
start:`).replace('        push 7                          ; @push', `        OUT2 'h', 'i'                   ; @macro
        push 7                          ; @push`));
  const a = await atEntry(file);
  try {
    await a.dc.setBreakpointsRequest({ source: { path: file }, breakpoints: [{ line: lineOf(file, '@push') }] });
    await stopAfter(a, () => a.dc.continueRequest({ threadId: 1 }));
    const atPush = (await topFrame(a)).instructionPointerReference!;
    await stopAfter(a, () => a.dc.stepBackRequest({ threadId: 1 }));
    const f = await topFrame(a);
    assert.equal(f.line, lineOf(file, '@macro'));
    assert.equal(Number(f.instructionPointerReference), Number(atPush) - 8, 'at the first of the macro line\'s four instructions');
    assert.equal((await registers(a)).ECX, '0x00000005');
    await stopAfter(a, () => a.dc.stepBackRequest({ threadId: 1 }));
    assert.equal((await topFrame(a)).line, lineOf(file, '@loop') + 3); // jne loop_top, the last line run before
    await stopAfter(a, () => a.dc.stepBackRequest({ threadId: 1, granularity: 'instruction' }));
    assert.equal((await topFrame(a)).line, lineOf(file, '@loop') + 2); // cmp ecx, 5
  } finally {
    await a.close();
  }
});

test('hit counts follow the run backwards: reverseContinue with "% 2" returns to the previous even hit; logpoints stay quiet', async () => {
  const file = writeGuest('calls.asm', CALLS_GUEST);
  const a = await startAdapter();
  try {
    await launch(a, file);
    const logs: string[] = [];
    a.dc.on('output', (e) => e.body.output.startsWith('tick') && logs.push(e.body.output));
    await a.dc.setBreakpointsRequest({
      source: { path: file },
      breakpoints: [{ line: lineOf(file, '@store'), hitCondition: '% 2' }, { line: lineOf(file, '@loop'), logMessage: 'tick {ecx}' }],
    });
    await stopAfter(a, () => a.dc.configurationDoneRequest());
    assert.equal((await registers(a)).ECX, '0x00000002');
    await stopAfter(a, () => a.dc.continueRequest({ threadId: 1 }));
    assert.equal((await registers(a)).ECX, '0x00000004');
    assert.deepEqual(logs, ['tick 0x0\n', 'tick 0x1\n', 'tick 0x2\n', 'tick 0x3\n']);
    const back = await stopAfter(a, () => a.dc.customRequest('reverseContinue', { threadId: 1 }));
    assert.equal(back.body.reason, 'breakpoint');
    assert.equal((await registers(a)).ECX, '0x00000002', 'the 2nd hit, not the 3rd (which its hit condition passed over)');
    assert.equal(logs.length, 4, 'searching history logs nothing');
    // forward again: the 3rd hit passes, the 4th stops, as the first time
    await stopAfter(a, () => a.dc.continueRequest({ threadId: 1 }));
    assert.equal((await registers(a)).ECX, '0x00000004');
    assert.deepEqual(logs.slice(4), ['tick 0x2\n', 'tick 0x3\n']);
    // back one line (before `inc ecx`), and forward: the same 4th hit stops again; the 5th does not
    await stopAfter(a, () => a.dc.stepBackRequest({ threadId: 1 }));
    assert.equal((await topFrame(a)).line, lineOf(file, '@loop'));
    assert.equal((await registers(a)).ECX, '0x00000003');
    const again = await stopAfter(a, () => a.dc.continueRequest({ threadId: 1 }));
    assert.equal(again.body.reason, 'breakpoint');
    assert.equal((await registers(a)).ECX, '0x00000004');
    await Promise.all([a.dc.waitForEvent('terminated'), a.dc.continueRequest({ threadId: 1 })]);
  } finally {
    await a.close();
  }
});
