// Launching guests: bad configurations are refused at once with a clear message (and a guest
// that does not assemble puts its errors in the Problems panel), "Run Guest" runs a guest
// headless, and a debug session through `bin/ringside dap` stops on a gutter breakpoint.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DynamicGuestConfigurations } from '../../src/extension/configuration-provider';
import { fixture, folder, open, positionOf, ringside, stopSession } from './fixtures';
import { suite, test, waitFor } from './harness';

const EXTENSION_ROOT = path.resolve(__dirname, '../../..');
const RINGSIDE = path.join(EXTENSION_ROOT, 'bin', 'ringside');

/** Starts a launch that the extension must refuse; returns the message it showed. */
async function refused(config: Record<string, unknown>): Promise<string> {
  const api = await ringside();
  let message: string | undefined;
  const sub = api.onDidRefuseLaunch((m) => (message = m));
  try {
    const started = await vscode.debug.startDebugging(folder(), { type: 'ringside', request: 'launch', name: 'bad input', ...config });
    assert.equal(started, false, 'startDebugging reports that no session started');
  } finally {
    sub.dispose();
  }
  assert.equal(vscode.debug.activeDebugSession, undefined, 'no session is left behind');
  assert.ok(message, 'the refusal was shown');
  return message;
}

suite('bad launch input', () => {
  test('a configuration without a program is refused with a message that says so', async () => {
    assert.match(await refused({}), /no "program"/);
  });

  test('an unknown monitor (or boot mode, MMU, memory size, args, history budget) is refused, naming what is allowed', async () => {
    const message = await refused({ program: fixture('guest.asm').fsPath, monitor: 'vmware' });
    assert.match(message, /unknown monitor "vmware"/);
    assert.match(message, /native, trap, bt, pv, vtx, auto/);
    assert.match(await refused({ program: fixture('guest.asm').fsPath, boot: 'floppy', mmu: 'npt' }), /unknown boot "floppy".*; unknown mmu "npt": use one of shadow, ept/);
    assert.match(await refused({ program: fixture('guest.asm').fsPath, memoryMB: 0 }), /"memoryMB" must be a whole number of MiB from 1 to 3072/);
    assert.match(await refused({ program: fixture('guest.asm').fsPath, args: 42 }), /"args" must be the kernel command line/);
    assert.match(await refused({ program: fixture('guest.asm').fsPath, historyMB: -1 }), /"historyMB" must be a number of MiB, 0 or more/);
  });

  test('a program that does not exist is refused', async () => {
    assert.match(await refused({ program: '${workspaceFolder}/no-such-guest.asm' }), /no-such-guest\.asm does not exist/);
  });

  test('a guest that does not assemble is refused, and its errors are in the Problems panel', async () => {
    const broken = fixture('broken.asm');
    // Closed in the editor: the launch itself must publish the errors.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const message = await refused({ program: '${workspaceFolder}/broken.asm' });
    assert.match(message, /broken\.asm does not assemble \(2 errors; first: broken\.asm:6: unknown mnemonic 'frobnicate'\)/);
    const problems = vscode.languages.getDiagnostics(broken).map((d) => d.message).sort();
    assert.deepEqual(problems, ["symbol 'nowhere' is not defined", "unknown mnemonic 'frobnicate'"]);
  });
});

suite('launch configurations', () => {
  test('the dynamic list offers "Debug this guest" for the open guest, and nothing elsewhere', async () => {
    const guest = await open('guest.asm');
    const offered = new DynamicGuestConfigurations().provideDebugConfigurations();
    assert.deepEqual(offered, [{
      type: 'ringside', request: 'launch', name: 'Debug this guest (guest.asm)', program: guest.uri.fsPath, stopOnEntry: true,
    }]);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.deepEqual(new DynamicGuestConfigurations().provideDebugConfigurations(), []);
  });
});

suite('running and debugging', () => {
  test('"Run Guest" runs the guest headless as a task and ends with its exit code', async () => {
    const probe = spawnSync(process.execPath, [RINGSIDE, 'run', fixture('guest.asm').fsPath], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, encoding: 'utf8', timeout: 20_000 });
    assert.equal(probe.stdout, 'guest says hi\n');
    await open('guest.asm');
    const code = await vscode.commands.executeCommand<number | undefined>('ringside.runGuest');
    assert.equal(code, probe.status, 'the task ends as the command line does (isa-debug-exit: (0 << 1) | 1)');
  }, 30_000);

  test('a debug session on the guest stops on a gutter breakpoint', async () => {
    const guest = await open('guest.asm');
    const line = positionOf(guest, 'call print').line;
    const bp = new vscode.SourceBreakpoint(new vscode.Location(guest.uri, new vscode.Position(line, 0)));
    vscode.debug.addBreakpoints([bp]);
    try {
      const top = await firstStop(() => vscode.debug.startDebugging(folder(), { type: 'ringside', request: 'launch', name: 'breakpoint', program: guest.uri.fsPath }));
      assert.equal(top.reason, 'breakpoint');
      assert.equal(top.path, guest.uri.fsPath);
      assert.equal(top.line, line + 1, 'stopped on the breakpoint line');
      assert.equal(top.children.filter((c) => c.endsWith(`${path.join('bin', 'ringside')} dap`)).length, 1, `bin/ringside dap runs as a process: ${top.children.join(' | ')}`);
    } finally {
      vscode.debug.removeBreakpoints([bp]);
    }
  }, 40_000);

  test('with ringside.debugAdapter.inline the same adapter runs inside the extension host', async () => {
    const guest = await open('guest.asm');
    const line = positionOf(guest, 'call print').line;
    const bp = new vscode.SourceBreakpoint(new vscode.Location(guest.uri, new vscode.Position(line, 0)));
    const settings = vscode.workspace.getConfiguration('ringside', folder());
    vscode.debug.addBreakpoints([bp]);
    await settings.update('debugAdapter.inline', true, vscode.ConfigurationTarget.Workspace);
    try {
      const top = await firstStop(() => vscode.debug.startDebugging(folder(), { type: 'ringside', request: 'launch', name: 'inline', program: guest.uri.fsPath }));
      assert.equal(top.line, line + 1);
      assert.deepEqual(top.children.filter((c) => / dap$/.test(c)), [], 'no adapter process');
    } finally {
      await settings.update('debugAdapter.inline', undefined, vscode.ConfigurationTarget.Workspace);
      vscode.debug.removeBreakpoints([bp]);
    }
  }, 40_000);

  test('"Ringside: Debug Guest" debugs the guest in the editor', async () => {
    const guest = await open('guest.asm');
    const line = positionOf(guest, 'mov ecx, 3').line;
    const bp = new vscode.SourceBreakpoint(new vscode.Location(guest.uri, new vscode.Position(line, 0)));
    vscode.debug.addBreakpoints([bp]);
    try {
      const top = await firstStop(() => vscode.commands.executeCommand<boolean>('ringside.debugGuest'));
      assert.equal(top.config.name, 'Debug guest.asm');
      assert.equal(top.line, line + 1);
    } finally {
      vscode.debug.removeBreakpoints([bp]);
    }
  }, 40_000);

  test('F5 without a launch.json debugs the open guest and stops on entry', async () => {
    const guest = await open('guest.asm');
    // What VS Code hands the providers when launch.json is missing: an empty configuration,
    // with the debug type guessed from the active editor's language.
    const top = await firstStop(() => vscode.debug.startDebugging(folder(), {} as vscode.DebugConfiguration));
    assert.equal(top.reason, 'entry');
    assert.equal(top.config.program, guest.uri.fsPath);
    assert.equal(top.path, guest.uri.fsPath);
    assert.equal(top.line, positionOf(guest, '        cli').line + 1, 'stopped at the Multiboot entry, start:');
  }, 40_000);
});

interface Stop {
  reason: string;
  path?: string;
  line: number;
  config: vscode.DebugConfiguration;
  /** The command lines of the extension host's child processes while the guest was stopped. */
  children: string[];
}

function childProcesses(): string[] {
  const ps = spawnSync('ps', ['-o', 'args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return ps.stdout.split('\n').filter((l) => l.trim() !== '');
}

/** Starts a session with `start`, waits for its first stop, reads the top frame, ends the session. */
async function firstStop(start: () => Thenable<boolean | undefined>): Promise<Stop> {
  const stops: { reason: string; threadId: number }[] = [];
  const tracker = vscode.debug.registerDebugAdapterTrackerFactory('ringside', {
    createDebugAdapterTracker: () => ({
      onDidSendMessage: (m: { type: string; event?: string; body?: { reason?: string; threadId?: number } }) => {
        if (m.type === 'event' && m.event === 'stopped') stops.push({ reason: m.body?.reason ?? '', threadId: m.body?.threadId ?? 1 });
      },
    }),
  });
  let session: vscode.DebugSession | undefined;
  const started = vscode.debug.onDidStartDebugSession((s) => (session ??= s));
  const refusals: string[] = [];
  const refused = (await ringside()).onDidRefuseLaunch((m) => refusals.push(m));
  try {
    assert.equal(await start(), true, `the session starts${refusals.length ? ` (refused: ${refusals.join('; ')})` : ''}`);
    const stop = await waitFor('a stop', () => stops[0], 20_000);
    const s = await waitFor('the session', () => session);
    const trace = await s.customRequest('stackTrace', { threadId: stop.threadId, startFrame: 0, levels: 1 });
    const top = trace.stackFrames[0];
    const children = childProcesses();
    await stopSession(s);
    // A remote extension host sees the adapter's paths as vscode-remote:// URIs.
    const source: string | undefined = top.source?.path;
    return { reason: stop.reason, path: source?.includes('://') ? vscode.Uri.parse(source).fsPath : source, line: top.line, config: s.configuration, children };
  } finally {
    refused.dispose();
    started.dispose();
    tracker.dispose();
  }
}
