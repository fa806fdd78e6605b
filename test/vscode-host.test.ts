// The extension in a real VS Code: the server build that the `code-server` npm package bundles,
// run on Node 24, with the workbench opened in headless Chromium. The page's URL carries a
// payload naming this repository as the extension under development and out/test/vscode/ as
// the tests, so VS Code runs test/vscode/*.host.ts in its extension host with the full API and
// reports the result through codeAutomationExit (enabled by --enable-smoke-test-driver).
//
// The setup (scripts/setup-vscode-test.sh, run by .ci/run) lives in .vscode-test/; without it
// this test skips, or fails under CI (RINGSIDE_REQUIRE_ORACLES=1).

import * as assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { test } from 'node:test';
import { oracleSkip } from './support/oracles';

const REPO = path.resolve(__dirname, '..', '..');
const SETUP = path.join(REPO, '.vscode-test');
const NODE24 = path.join(SETUP, 'bin', 'node');
const SERVER_MAIN = path.join(SETUP, 'code-server', 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js');
const PLAYWRIGHT = path.join(SETUP, 'driver', 'node_modules', 'playwright-core');
const CHROMIUM = '/usr/bin/chromium';
const TESTS_ENTRY = path.join(REPO, 'out', 'test', 'vscode', 'index.js');
const WORKSPACE_FIXTURE = path.join(REPO, 'test', 'vscode', 'workspace');
const RESULT_TIMEOUT_MS = 180_000;

/** Messages of the workbench that say nothing about the extension (no network here). */
const NOISE = /AgentHost|ChatModelSelection|AccountPolicyGate|open-vsx|marketplace|Service Worker|socket|connection token|grace-time|ENOTFOUND|authentication provider/;

/** The little of playwright-core used here (it lives in .vscode-test/, outside node_modules). */
interface Page {
  exposeFunction(name: string, fn: (...args: never[]) => unknown): Promise<void>;
  goto(url: string): Promise<unknown>;
}
interface BrowserContext {
  pages(): Page[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}
interface Playwright {
  chromium: { launchPersistentContext(userDataDir: string, options: object): Promise<BrowserContext> };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url: string, server: ChildProcess, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (server.exitCode !== null) throw new Error(`the VS Code server exited with ${server.exitCode}`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`the VS Code server did not answer at ${url} within ${ms} ms`);
}

/** A fresh folder for one run: user data, extensions, temp files, the workspace copy. */
function makeRunDir(): { dir: string; ws: string } {
  const runs = path.join(SETUP, 'runs');
  fs.rmSync(runs, { recursive: true, force: true });
  const dir = path.join(runs, `${Date.now()}-${process.pid}`);
  for (const sub of ['data', 'exts', 'tmp', 'xdg', 'chrome']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
  const ws = path.join(dir, 'ws');
  fs.cpSync(WORKSPACE_FIXTURE, ws, { recursive: true });
  fs.mkdirSync(path.join(dir, 'data', 'User'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'data', 'User', 'settings.json'), JSON.stringify({
    'chat.disableAIFeatures': true,
    'workbench.startupEditor': 'none',
    'extensions.autoCheckUpdates': false,
    'telemetry.telemetryLevel': 'off',
  }));
  return { dir, ws };
}

function stop(server: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (server.exitCode !== null || server.pid === undefined) return resolve();
    const pid = server.pid;
    const kill = (signal: NodeJS.Signals) => {
      try {
        process.kill(-pid, signal); // the server's process group: it and its extension hosts
      } catch {
        /* already gone */
      }
    };
    const hard = setTimeout(() => kill('SIGKILL'), 3000);
    server.once('exit', () => {
      clearTimeout(hard);
      kill('SIGKILL'); // extension hosts that outlive the server
      resolve();
    });
    kill('SIGTERM');
  });
}

test('the extension in a real VS Code: language features, launch checks and a debug session', {
  skip: oracleSkip('vscode-test'),
  timeout: RESULT_TIMEOUT_MS + 60_000,
}, async (t) => {
  const t0 = Date.now();
  const { dir, ws } = makeRunDir();
  const port = await freePort();
  const env = { ...process.env, TMPDIR: path.join(dir, 'tmp'), XDG_CONFIG_HOME: path.join(dir, 'xdg'), XDG_DATA_HOME: path.join(dir, 'xdg'), XDG_CACHE_HOME: path.join(dir, 'xdg') };
  const serverLog = fs.openSync(path.join(dir, 'server.log'), 'w');
  const server = spawn(NODE24, [
    SERVER_MAIN, '--host', '127.0.0.1', '--port', String(port), '--without-connection-token',
    '--accept-server-license-terms', '--enable-smoke-test-driver', '--disable-telemetry', '--disable-workspace-trust',
    '--user-data-dir', path.join(dir, 'data'), '--server-data-dir', path.join(dir, 'data'), '--extensions-dir', path.join(dir, 'exts'),
  ], { env, detached: true, stdio: ['ignore', serverLog, serverLog] });

  const lines: string[] = [];
  const { chromium } = require(PLAYWRIGHT) as Playwright;
  let browser: BrowserContext | undefined;
  try {
    const origin = `127.0.0.1:${port}`;
    await waitForHttp(`http://${origin}/`, server, 30_000);
    browser = await chromium.launchPersistentContext(path.join(dir, 'chrome'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
    const page = browser.pages()[0] ?? (await browser.newPage());
    let exited: (code: number | string) => void = () => {};
    const exitCode = new Promise<number | string>((resolve) => (exited = resolve));
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
      const text = (args ?? []).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
      if (!NOISE.test(text)) lines.push(text);
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => exited(code));
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${origin}${REPO}`],
      ['extensionTestsPath', `vscode-remote://${origin}${TESTS_ENTRY}`],
    ];
    await page.goto(`http://${origin}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const timer = setTimeout(() => exited('timeout'), RESULT_TIMEOUT_MS);
    const code = await exitCode;
    clearTimeout(timer);

    for (const l of lines.filter((l) => /^(not )?ok - |^# /.test(l))) t.diagnostic(l);
    t.diagnostic(`VS Code run took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    assert.equal(code, 0, `the in-host tests ${code === 'timeout' ? 'did not finish' : 'failed'}; extension host said:\n${lines.slice(-80).join('\n')}`);
    assert.ok(lines.some((l) => /^# in-host tests: \d+ passed, 0 failed/.test(l)), 'the in-host suite reported its summary');
  } catch (e) {
    const log = fs.existsSync(path.join(dir, 'server.log')) ? fs.readFileSync(path.join(dir, 'server.log'), 'utf8').split('\n').slice(-30).join('\n') : '';
    (e as Error).message += `\n(run folder ${dir}; server log tail:\n${log})`;
    throw e;
  } finally {
    await browser?.close().catch(() => {});
    await stop(server);
    fs.closeSync(serverLog);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});
