// Malformed and out-of-order requests get error responses with readable messages and the adapter
// keeps answering; launch errors; restart, terminate, disconnect; the --server mode.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as cp from 'node:child_process';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { BIN, CALLS_GUEST, launch, launchStopped, lineOf, startAdapter, stopAfter, topFrame, writeGuest } from './support/dap-harness';

const failure = (p: Promise<unknown>) => p.then(() => assert.fail('expected an error response'), (e: Error) => e.message);

test('requests before launch, unknown requests and garbage arguments get readable errors', async () => {
  const a = await startAdapter();
  try {
    await a.dc.initializeRequest({ adapterID: 'ringside', pathFormat: 'path' });
    assert.match(await failure(a.dc.stackTraceRequest({ threadId: 1 })), /no guest is running: send launch first/);
    assert.match(await failure(a.dc.continueRequest({ threadId: 1 })), /send launch first/);
    assert.match(await failure(a.dc.customRequest('readMemory', { memoryReference: '0x0', count: 4 })), /send launch first/);
    assert.match(await failure(a.dc.customRequest('vmcs')), /send launch first/);
    assert.match(await failure(a.dc.customRequest('frobnicate')), /unknown request 'frobnicate'/);
    assert.match(await failure(a.dc.launchRequest({} as never)), /no "program"/);
    assert.match(await failure(a.dc.launchRequest({ program: '/nonexistent/guest.asm' } as never)), /cannot read .*no such file/);
    const bad = writeGuest('bad.asm', 'bits 32\n  mov eax, \n  frob ecx\n');
    assert.match(await failure(a.dc.launchRequest({ program: bad } as never)), /bad\.asm:2:\d+: error/);
    const good = writeGuest('calls.asm', CALLS_GUEST);
    assert.match(await failure(a.dc.launchRequest({ program: good, monitor: 'vtx' } as never)), /the 'vtx' monitor is not available yet/);
    assert.match(await failure(a.dc.launchRequest({ program: good, memoryMB: 0 } as never)), /memory must be/);
    await Promise.all([a.dc.waitForEvent('initialized'), a.dc.launchRequest({ program: good, stopOnEntry: true } as never)]);
    assert.match(await failure(a.dc.launchRequest({ program: good } as never)), /running already/);
    assert.match(await failure(a.dc.stackTraceRequest({ threadId: 1 })), /configurationDone first/);
    await stopAfter(a, () => a.dc.configurationDoneRequest());
    assert.match(await failure(a.dc.configurationDoneRequest()), /sent already/);
    assert.match(await failure(a.dc.setBreakpointsRequest({ source: { path: 42 as never }, breakpoints: [] })), /source\.path/);
    assert.match(await failure(a.dc.customRequest('readMemory', { memoryReference: {}, count: 4 })), /memoryReference/);
    assert.match(await failure(a.dc.customRequest('setInstructionBreakpoints', { breakpoints: [{ instructionReference: 'zz' }] })), /bad memory reference/);
    assert.match(await failure(a.dc.nextRequest({ threadId: 7 })), /no thread 7/);
    const bp = await a.dc.setBreakpointsRequest({ source: { path: good }, breakpoints: [{ line: lineOf(good, '@loop'), condition: 'eax ==' }] });
    assert.equal(bp.body.breakpoints[0].verified, false);
    assert.match(bp.body.breakpoints[0].message ?? '', /unexpected end/);
    assert.match(await failure(a.dc.sourceRequest({ source: { path: '/nonexistent/other.asm' }, sourceReference: 0 })), /unknown source "\/nonexistent\/other\.asm"/);
    assert.match(await failure(a.dc.sourceRequest({ sourceReference: 7 })), /unknown source 7/);
    assert.equal((await a.dc.sourceRequest({ source: { path: good }, sourceReference: 0 })).body.content, CALLS_GUEST);
    assert.match(await failure(a.dc.evaluateRequest({ expression: 'eax +', context: 'watch' })), /unexpected end/);
    assert.match(await failure(a.dc.customRequest('readMemory', { memoryReference: '0x0', count: -1 })), /readMemory needs a count/);
    assert.match(await failure(a.dc.customRequest('goto', { threadId: 1, targetId: 'here' })), /goto needs a targetId/);
    assert.match(await failure(a.dc.variablesRequest({ variablesReference: 999 })), /no variables with reference 999/);
    assert.equal((await a.dc.threadsRequest()).body.threads.length, 1);
  } finally {
    await a.close();
  }
});

const COMMANDS = [
  'threads', 'stackTrace', 'scopes', 'variables', 'setVariable', 'evaluate', 'continue', 'next', 'stepIn', 'stepOut', 'stepBack',
  'reverseContinue', 'pause', 'readMemory', 'writeMemory', 'disassemble', 'setBreakpoints', 'setFunctionBreakpoints',
  'setInstructionBreakpoints', 'setExceptionBreakpoints', 'dataBreakpointInfo', 'setDataBreakpoints', 'gotoTargets', 'goto',
  'completions', 'exceptionInfo', 'breakpointLocations', 'vmcs', 'pageTables', 'translationCache', 'exitLog', 'source', 'nonsense',
];

const STRINGS = ['', 'eax', '[esp]', '0x100000', 'phys:0x0', '#PF', '{', 'x/4xw eip', 'dword [counter]', 'read', 'readWrite',
  'linear:0x00100000:4', 'physical:0x00100000:2', 'info tlb', 'counter', '% 2'];

function randomValue(rnd: () => number, depth = 0): unknown {
  const k = Math.floor(rnd() * 9);
  switch (k) {
    case 0: return Math.floor(rnd() * 2 ** 32) - 2 ** 31;
    case 1: return STRINGS[Math.floor(rnd() * STRINGS.length)];
    case 2: return rnd() < 0.5;
    case 3: return null;
    case 4: return depth < 2 ? Array.from({ length: Math.floor(rnd() * 3) }, () => randomValue(rnd, depth + 1)) : [];
    case 5: return depth < 2 ? randomArgs(rnd, depth + 1) : {};
    case 6: return 1;
    case 7: return Math.floor(rnd() * 40);
    default: return undefined;
  }
}

const KEYS = ['threadId', 'frameId', 'variablesReference', 'name', 'value', 'expression', 'context', 'memoryReference', 'offset', 'count',
  'data', 'instructionCount', 'instructionOffset', 'source', 'breakpoints', 'lines', 'filters', 'filterOptions', 'targetId', 'line',
  'text', 'column', 'granularity', 'format', 'dataId', 'path', 'accessType', 'asAddress', 'bytes', 'condition', 'hitCondition',
  'logMessage', 'instructionReference', 'sourceReference'];

function randomArgs(rnd: () => number, depth = 0): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const key of KEYS) if (rnd() < 0.25) args[key] = randomValue(rnd, depth);
  return args;
}

test('a few thousand random requests: every one is answered and the adapter keeps working', async () => {
  const file = writeGuest('calls.asm', CALLS_GUEST);
  const a = await startAdapter();
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000);
  try {
    await launch(a, file, { stopOnEntry: true });
    await stopAfter(a, () => a.dc.configurationDoneRequest());
    let answered = 0;
    const N = 3000;
    for (let i = 0; i < N; i += 50) {
      const batch = Array.from({ length: 50 }, () => {
        const command = COMMANDS[Math.floor(rnd() * COMMANDS.length)];
        const args = rnd() < 0.1 ? (randomValue(rnd) as never) : randomArgs(rnd);
        return a.dc.send(command, args).then(() => answered++, () => answered++);
      });
      await Promise.all(batch);
      // a run the fuzz started must not leave the guest running forever
      await a.dc.send('pause', { threadId: 1 }).catch(() => undefined);
    }
    assert.equal(answered, N);
    assert.equal(a.process.exitCode, null, `adapter exited: ${a.stderr()}`);
    assert.equal((await a.dc.threadsRequest()).body.threads[0].name, 'CPU 0');
    assert.doesNotMatch(a.stderr(), /internal error/);
  } finally {
    await a.close();
  }
});

test('restart starts the guest again with the same breakpoints; terminate ends it', async () => {
  const file = writeGuest('calls.asm', CALLS_GUEST);
  const { a } = await launchStopped(file, (a) => a.dc.setBreakpointsRequest({ source: { path: file }, breakpoints: [{ line: lineOf(file, '@result') }] }));
  try {
    await stopAfter(a, () => a.dc.stepInRequest({ threadId: 1 }));
    const s = await stopAfter(a, () => a.dc.customRequest('restart', {}));
    assert.equal(s.body.reason, 'breakpoint');
    assert.equal((await topFrame(a)).line, lineOf(file, '@result'));
    await Promise.all([a.dc.waitForEvent('terminated'), a.dc.terminateRequest({})]);
  } finally {
    await a.close();
  }
});

test('--server=PORT serves DAP on 127.0.0.1', async () => {
  const port = 40000 + Math.floor(Math.random() * 20000);
  const server = cp.spawn(process.execPath, [BIN, 'dap', `--server=${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    await new Promise<void>((resolve, reject) => {
      server.stderr!.on('data', (d) => String(d).includes('listening') && resolve());
      server.on('exit', () => reject(new Error('the server exited')));
    });
    const dc = new DebugClient('node', BIN, 'ringside');
    await dc.start(port);
    const init = await dc.initializeRequest({ adapterID: 'ringside', pathFormat: 'path' });
    assert.equal(init.body?.supportsStepBack, true);
    const file = writeGuest('calls.asm', CALLS_GUEST);
    await Promise.all([dc.waitForEvent('initialized'), dc.launchRequest({ program: file, stopOnEntry: true } as never)]);
    await Promise.all([dc.waitForEvent('stopped'), dc.configurationDoneRequest()]);
    await dc.stop();
  } finally {
    server.kill();
  }
});
