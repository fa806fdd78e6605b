// The session's life over DAP: COM1 and port-0xE9 output as output events, the exit code,
// terminate and restart of a running guest, disconnect ending the adapter, launch attributes
// checked, the reverse-execution budget (historyMB) honoured, and which errors are put in front
// of the user (showUser) before, during and after a session.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DebugProtocol } from '@vscode/debugprotocol';
import { BIN, CALLS_GUEST, launch, launchStopped, lineOf, SAMPLES, SPIN_GUEST, startAdapter, stopAfter, topFrame, writeGuest } from './support/dap-harness';

const failure = (p: Promise<unknown>) => p.then(() => assert.fail('expected an error response'), (e: Error) => e.message);

test('COM1 (16550 at 0x3F8) output reaches the Debug Console as stdout output events, then the exit code', async () => {
  const file = path.join(SAMPLES, 'serial-hello.asm');
  const expected = fs.readFileSync(path.join(SAMPLES, 'serial-hello.expected'), 'utf8').split('-- exit status:');
  const a = await startAdapter();
  try {
    await launch(a, file);
    const out: { category?: string; output: string }[] = [];
    a.dc.on('output', (e) => out.push(e.body));
    const [exited] = await Promise.all([a.dc.waitForEvent('exited'), a.dc.waitForEvent('terminated'), a.dc.configurationDoneRequest()]);
    assert.equal(exited.body.exitCode, Number(expected[1]));
    assert.equal(out.filter((o) => o.category === 'stdout').map((o) => o.output).join(''), expected[0]);
    // the adapter's own notes go to the console category, not mixed into the guest's output
    assert.ok(out.some((o) => o.category === 'console' && /ringside: /.test(o.output)));
  } finally {
    await a.close();
  }
});

test('port 0xE9 and COM1 output are both shown, in the order the guest wrote them', async () => {
  const file = writeGuest('both.asm', CALLS_GUEST.replace(`        mov al, 'O'
        out 0xe9, al`, `        mov dx, 0x3f8
        mov al, 's'
        out dx, al
        mov al, 'O'
        out 0xe9, al
        mov al, '!'
        out dx, al`));
  const a = await startAdapter();
  try {
    await launch(a, file);
    const out: string[] = [];
    a.dc.on('output', (e) => e.body.category === 'stdout' && out.push(e.body.output));
    // COM1, then port 0xE9, then COM1 again, all in one run up to the breakpoint
    await a.dc.setBreakpointsRequest({ source: { path: file }, breakpoints: [{ line: lineOf(file, "mov al, 'K'") }] });
    await stopAfter(a, () => a.dc.configurationDoneRequest());
    assert.deepEqual(out, ['s', 'O', '!']);
    await Promise.all([a.dc.waitForEvent('terminated'), a.dc.continueRequest({ threadId: 1 })]);
    assert.equal(out.join(''), 'sO!K');
  } finally {
    await a.close();
  }
});

test('terminate ends a running guest; later requests say it has ended', async () => {
  const a = await startAdapter();
  try {
    await launch(a, writeGuest('spin.asm', SPIN_GUEST));
    await a.dc.configurationDoneRequest();
    await new Promise((r) => setTimeout(r, 50));
    const [exited] = await Promise.all([a.dc.waitForEvent('exited'), a.dc.waitForEvent('terminated'), a.dc.terminateRequest({})]);
    assert.equal(exited.body.exitCode, 0);
    assert.match(await failure(a.dc.continueRequest({ threadId: 1 })), /the guest has ended/);
    assert.match(await failure(a.dc.nextRequest({ threadId: 1 })), /the guest has ended/);
  } finally {
    await a.close();
  }
});

test('restart of a running guest starts it again, stopping on entry when asked', async () => {
  const file = writeGuest('spin.asm', SPIN_GUEST);
  const { a } = await launchStopped(file, undefined, { stopOnEntry: true });
  try {
    await a.dc.continueRequest({ threadId: 1 });
    await new Promise((r) => setTimeout(r, 50));
    const s = await stopAfter(a, () => a.dc.customRequest('restart', {}));
    assert.equal(s.body.reason, 'entry');
    assert.equal((await topFrame(a)).line, lineOf(file, 'xor eax, eax'));
    // EAX holds the Multiboot magic again: the loader ran anew
    assert.equal((await a.dc.evaluateRequest({ expression: 'eax', context: 'watch' })).body.result, '0x2badb002');
  } finally {
    await a.close();
  }
});

test('disconnect while the guest runs: answered, and the adapter process exits', async () => {
  const a = await startAdapter();
  await launch(a, writeGuest('spin.asm', SPIN_GUEST));
  await a.dc.configurationDoneRequest();
  await new Promise((r) => setTimeout(r, 50));
  const exit = new Promise<number | null>((resolve) => a.process.on('exit', (code) => resolve(code)));
  const r = await a.dc.disconnectRequest({ terminateDebuggee: true });
  assert.equal(r.success, true);
  const code = await Promise.race([exit, new Promise<string>((resolve) => setTimeout(() => resolve('still running'), 3000))]);
  assert.equal(code, 0);
});

test('launch attributes are checked: unknown mmu or boot mode, a bad history budget', async () => {
  const good = writeGuest('calls.asm', CALLS_GUEST);
  const a = await startAdapter();
  try {
    await a.dc.initializeRequest({ adapterID: 'ringside', pathFormat: 'path' });
    assert.match(await failure(a.dc.launchRequest({ program: good, mmu: 'nested' } as never)), /unknown mmu 'nested': use one of shadow, ept/);
    assert.match(await failure(a.dc.launchRequest({ program: good, boot: 'floppy' } as never)), /unknown boot mode 'floppy'/);
    assert.match(await failure(a.dc.launchRequest({ program: good, historyMB: -1 } as never)), /"historyMB" must be a number of MiB/);
    assert.match(await failure(a.dc.launchRequest({ program: good, memoryMB: 'lots' } as never)), /"memoryMB" must be a number/);
    // and after all that, a good launch still works
    await Promise.all([a.dc.waitForEvent('initialized'), a.dc.launchRequest({ program: good, mmu: 'shadow', stopOnEntry: true } as never)]);
    await stopAfter(a, () => a.dc.configurationDoneRequest());
  } finally {
    await a.close();
  }
});

test('historyMB: 0 turns reverse execution off (stepBack is refused); otherwise info history shows the budget', async () => {
  const file = writeGuest('calls.asm', CALLS_GUEST);
  const { a } = await launchStopped(file, (a) => a.dc.setBreakpointsRequest({ source: { path: file }, breakpoints: [{ line: lineOf(file, '@store') }] }), { historyMB: 0 });
  try {
    await stopAfter(a, () => a.dc.continueRequest({ threadId: 1 }));
    assert.match(await failure(a.dc.stepBackRequest({ threadId: 1 })), /reverse execution is off: the launch configuration sets "historyMB": 0/);
    assert.match(await failure(a.dc.customRequest('reverseContinue', { threadId: 1 })), /reverse execution is off/);
    assert.equal((await a.dc.evaluateRequest({ expression: 'info history', context: 'repl' })).body.result, 'reverse execution is off ("historyMB": 0)');
    // the guest is where it was
    assert.equal((await a.dc.evaluateRequest({ expression: 'ecx', context: 'watch' })).body.result, '0x00000002');
  } finally {
    await a.close();
  }
  const { a: b } = await launchStopped(file, (b) => b.dc.setBreakpointsRequest({ source: { path: file }, breakpoints: [{ line: lineOf(file, '@store') }] }), { historyMB: 1 });
  try {
    await stopAfter(b, () => b.dc.continueRequest({ threadId: 1 }));
    const info = (await b.dc.evaluateRequest({ expression: 'info history', context: 'repl' })).body.result;
    assert.match(info, /^\d+ checkpoint\(s\) using \d+ KiB of 1024 KiB \("historyMB": 1\)\ngoing back is possible to instruction 0; now at instruction \d+$/);
    await stopAfter(b, () => b.dc.stepBackRequest({ threadId: 1 }));
    assert.equal((await b.dc.evaluateRequest({ expression: 'ecx', context: 'watch' })).body.result, '0x00000001');
  } finally {
    await b.close();
  }
});

/** A bare DAP client over a socket, to see whole responses (DebugClient keeps only the message of an error). */
function rawClient(socket: import('node:net').Socket) {
  let seq = 1;
  let buffer = Buffer.alloc(0);
  const waiting = new Map<number, (r: DebugProtocol.Response) => void>();
  const events: DebugProtocol.Event[] = [];
  socket.on('data', (d) => {
    buffer = Buffer.concat([buffer, d]);
    for (;;) {
      const header = buffer.indexOf('\r\n\r\n');
      if (header < 0) return;
      const length = Number(/Content-Length: (\d+)/.exec(buffer.subarray(0, header).toString())?.[1]);
      if (buffer.length < header + 4 + length) return;
      const message = JSON.parse(buffer.subarray(header + 4, header + 4 + length).toString());
      buffer = buffer.subarray(header + 4 + length);
      if (message.type === 'response') waiting.get(message.request_seq)?.(message);
      else if (message.type === 'event') events.push(message);
    }
  });
  return {
    events,
    send(command: string, args?: unknown): Promise<DebugProtocol.Response> {
      const s = seq++;
      const json = JSON.stringify({ seq: s, type: 'request', command, arguments: args });
      socket.write(`Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`);
      return new Promise((resolve) => waiting.set(s, resolve));
    },
    async until(event: string): Promise<void> {
      while (!events.some((e) => e.event === event)) await new Promise((r) => setTimeout(r, 10));
    },
  };
}

const showUser = (r: DebugProtocol.Response) => (r.body as { error?: DebugProtocol.Message } | undefined)?.error?.showUser;

test('errors a person should see are shown (showUser); requests after the session ends fail quietly, breakpointLocations answers empty', async () => {
  const net = await import('node:net');
  const port = 40000 + Math.floor(Math.random() * 20000);
  const server = cp.spawn(process.execPath, [BIN, 'dap', `--server=${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  const socket = new net.Socket();
  try {
    await new Promise<void>((resolve, reject) => {
      server.stderr!.on('data', (d) => String(d).includes('listening') && resolve());
      server.on('exit', () => reject(new Error('the server exited')));
    });
    await new Promise<void>((resolve) => socket.connect(port, '127.0.0.1', resolve));
    const c = rawClient(socket);
    await c.send('initialize', { adapterID: 'ringside', pathFormat: 'path' });
    const early = await c.send('stackTrace', { threadId: 1 });
    assert.equal(early.success, false);
    assert.equal(showUser(early), false, 'before launch: nothing to show');
    const noProgram = await c.send('launch', { program: '/nonexistent/guest.asm' });
    assert.equal(showUser(noProgram), true, 'a failed launch is shown');
    const file = writeGuest('calls.asm', CALLS_GUEST);
    assert.equal((await c.send('launch', { program: file, stopOnEntry: true, historyMB: 0 })).success, true);
    await c.send('configurationDone');
    await c.until('stopped');
    const back = await c.send('stepBack', { threadId: 1 });
    assert.match(back.message ?? '', /reverse execution is off/);
    assert.equal(showUser(back), true, 'a refused step is shown');
    const hover = await c.send('evaluate', { expression: 'nosuchlabel', context: 'hover' });
    assert.equal(hover.success, false);
    assert.equal(showUser(hover), false, 'a hover that fails is not a notification');
    await c.send('continue', { threadId: 1 });
    await c.until('terminated');
    const ended = await c.send('next', { threadId: 1 });
    assert.match(ended.message ?? '', /the guest has ended/);
    assert.equal(showUser(ended), false);
    assert.equal((await c.send('disconnect', {})).success, true);
    // what VS Code still sends to an inline or server adapter once the session is over
    const locations = await c.send('breakpointLocations', { source: { path: file }, line: lineOf(file, '@loop') });
    assert.equal(locations.success, true);
    assert.deepEqual(locations.body, { breakpoints: [] });
    const threads = await c.send('threads');
    assert.equal(threads.success, true);
    const after = await c.send('stackTrace', { threadId: 1 });
    assert.equal(after.success, false);
    assert.equal(showUser(after), false);
  } finally {
    socket.destroy();
    server.kill();
  }
});
