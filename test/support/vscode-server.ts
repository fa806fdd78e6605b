// A real VS Code for the tests: the server build that the `code-server` npm package bundles, run
// on Node 24, with its workbench opened in headless Chromium (test/support/playwright.ts).
// scripts/setup-vscode-test.sh installs all of it into .vscode-test/; oracleSkip('vscode-test')
// tells whether it is there.
//
// Every run gets a folder of its own under .vscode-test/runs/NAME/: user data, extensions,
// temporary files, XDG folders, the browser profile and the workspace copy, so that runs share
// nothing and a server is never left holding a stale profile.

import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { BrowserContext, launchChromium } from './playwright';

export const REPO = path.resolve(__dirname, '..', '..', '..');
const SETUP = path.join(REPO, '.vscode-test');
const NODE24 = path.join(SETUP, 'bin', 'node');
const SERVER_MAIN = path.join(SETUP, 'code-server', 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js');
const DRIVER = path.join(SETUP, 'driver');

/** User settings for a quiet workbench with no network to reach. */
const SETTINGS = {
  'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'git.enabled': false, // the run folders sit inside this repository's checkout
};

export interface RunDir {
  dir: string;
  /** The workspace folder the workbench opens. */
  ws: string;
  data: string;
  exts: string;
  /** The environment for every process of the run: TMPDIR and XDG folders inside `dir`. */
  env: NodeJS.ProcessEnv;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes what earlier, failed runs left (TIME-PID folders whose process is gone); runs going on in parallel stay. */
function removeDeadRuns(runs: string): void {
  if (!fs.existsSync(runs)) return;
  for (const entry of fs.readdirSync(runs)) {
    const pid = Number(/^\d+-(\d+)$/.exec(entry)?.[1]);
    if (Number.isInteger(pid) && pid > 0 && !alive(pid)) fs.rmSync(path.join(runs, entry), { recursive: true, force: true });
  }
}

/** A fresh folder for one run of test NAME, with a copy of `workspace` and the user settings. */
export function makeRunDir(name: string, workspace: string, settings: Record<string, unknown> = {}): RunDir {
  const runs = path.join(SETUP, 'runs', name);
  removeDeadRuns(runs);
  const dir = path.join(runs, `${Date.now()}-${process.pid}`);
  for (const sub of ['data/User', 'exts', 'tmp', 'xdg', 'chrome']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
  const ws = path.join(dir, 'ws');
  fs.cpSync(workspace, ws, { recursive: true });
  fs.writeFileSync(path.join(dir, 'data', 'User', 'settings.json'), JSON.stringify({ ...SETTINGS, ...settings }, null, 2));
  const xdg = path.join(dir, 'xdg');
  return {
    dir,
    ws,
    data: path.join(dir, 'data'),
    exts: path.join(dir, 'exts'),
    env: { ...process.env, TMPDIR: path.join(dir, 'tmp'), XDG_CONFIG_HOME: xdg, XDG_DATA_HOME: xdg, XDG_CACHE_HOME: xdg },
  };
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

/** Installs a .vsix into the run's extensions folder with the VS Code server's own command line. */
export function installExtension(run: RunDir, vsix: string): void {
  const result = spawnSync(NODE24, [SERVER_MAIN, '--accept-server-license-terms', '--install-extension', vsix,
    '--extensions-dir', run.exts, '--user-data-dir', run.data, '--server-data-dir', run.data], { env: run.env, encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0 || !/successfully installed/.test(result.stdout)) {
    throw new Error(`installing ${vsix} failed (status ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

export interface VsCodeServer {
  /** host:port, for http:// and vscode-remote:// URLs. */
  origin: string;
  /** The workbench URL opening the run's workspace, with extra query parameters. */
  url(query?: Record<string, string>): string;
  logTail(lines?: number): string;
  stop(): Promise<void>;
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

/** Ends the server's process group (it and its extension hosts), SIGKILL after 3 s. */
function stopGroup(server: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (server.exitCode !== null || server.pid === undefined) return resolve();
    const pid = server.pid;
    const kill = (signal: NodeJS.Signals) => {
      try {
        process.kill(-pid, signal);
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

/** Starts the VS Code server on a free port for the run; `extraArgs` such as --enable-smoke-test-driver. */
export async function startServer(run: RunDir, extraArgs: string[] = []): Promise<VsCodeServer> {
  const port = await freePort();
  const logFile = path.join(run.dir, 'server.log');
  const log = fs.openSync(logFile, 'w');
  const server = spawn(NODE24, [
    SERVER_MAIN, '--host', '127.0.0.1', '--port', String(port), '--without-connection-token', '--accept-server-license-terms',
    '--disable-telemetry', '--disable-workspace-trust', '--user-data-dir', run.data, '--server-data-dir', run.data,
    '--extensions-dir', run.exts, ...extraArgs,
  ], { env: run.env, detached: true, stdio: ['ignore', log, log] });
  const origin = `127.0.0.1:${port}`;
  const handle: VsCodeServer = {
    origin,
    url(query = {}) {
      const params = Object.entries({ folder: run.ws, ...query }).map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
      return `http://${origin}/?${params.join('&')}`;
    },
    logTail(lines = 30) {
      return fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n') : '';
    },
    async stop() {
      await stopGroup(server);
      fs.closeSync(log);
    },
  };
  try {
    await waitForHttp(`http://${origin}/`, server, 30_000);
  } catch (e) {
    await handle.stop();
    throw e;
  }
  return handle;
}

/** Headless Chromium with the run's own profile. */
export function openBrowser(run: RunDir, viewport?: { width: number; height: number }): Promise<BrowserContext> {
  return launchChromium(DRIVER, path.join(run.dir, 'chrome'), viewport);
}

/** Appends where the run's files are and the server log's tail to an error's message. */
export function withRunContext(e: unknown, run: RunDir, server: VsCodeServer | undefined): unknown {
  if (e instanceof Error) e.message += `\n(run folder ${run.dir}; server log tail:\n${server?.logTail() ?? ''})`;
  return e;
}
