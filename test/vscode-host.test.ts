// The extension in a real VS Code (test/support/vscode-server.ts: the server build that the
// `code-server` npm package bundles, on Node 24, its workbench in headless Chromium). The page's
// URL carries a payload naming this repository as the extension under development and
// out/test/vscode/ as the tests, so VS Code runs test/vscode/*.host.ts in its extension host with
// the full API and reports the result through codeAutomationExit (enabled by
// --enable-smoke-test-driver).
//
// The setup (scripts/setup-vscode-test.sh, run by .ci/run) lives in .vscode-test/; without it
// this test skips, or fails under CI (RINGSIDE_REQUIRE_ORACLES=1).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { oracleSkip } from './support/oracles';
import { BrowserContext } from './support/playwright';
import { makeRunDir, openBrowser, REPO, startServer, VsCodeServer, withRunContext } from './support/vscode-server';

const TESTS_ENTRY = path.join(REPO, 'out', 'test', 'vscode', 'index.js');
const WORKSPACE_FIXTURE = path.join(REPO, 'test', 'vscode', 'workspace');
const RESULT_TIMEOUT_MS = 180_000;

/** Messages of the workbench that say nothing about the extension (no network here). */
const NOISE = /AgentHost|ChatModelSelection|AccountPolicyGate|open-vsx|marketplace|Service Worker|socket|connection token|grace-time|ENOTFOUND|authentication provider/;

test('the extension in a real VS Code: language features, launch checks and a debug session', {
  skip: oracleSkip('vscode-test'),
  timeout: RESULT_TIMEOUT_MS + 60_000,
}, async (t) => {
  const t0 = Date.now();
  const run = makeRunDir('host', WORKSPACE_FIXTURE);
  const lines: string[] = [];
  let server: VsCodeServer | undefined;
  let browser: BrowserContext | undefined;
  try {
    server = await startServer(run, ['--enable-smoke-test-driver']);
    browser = await openBrowser(run);
    const page = browser.pages()[0] ?? (await browser.newPage());
    let exited: (code: number | string) => void = () => {};
    const exitCode = new Promise<number | string>((resolve) => (exited = resolve));
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
      const text = (args ?? []).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
      if (!NOISE.test(text)) lines.push(text);
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => exited(code));
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${server.origin}${REPO}`],
      ['extensionTestsPath', `vscode-remote://${server.origin}${TESTS_ENTRY}`],
    ];
    await page.goto(server.url({ payload: JSON.stringify(payload) }));
    const timer = setTimeout(() => exited('timeout'), RESULT_TIMEOUT_MS);
    const code = await exitCode;
    clearTimeout(timer);

    for (const l of lines.filter((l) => /^(not )?ok - |^# /.test(l))) t.diagnostic(l);
    t.diagnostic(`VS Code run took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    assert.equal(code, 0, `the in-host tests ${code === 'timeout' ? 'did not finish' : 'failed'}; extension host said:\n${lines.slice(-80).join('\n')}`);
    assert.ok(lines.some((l) => /^# in-host tests: \d+ passed, 0 failed/.test(l)), 'the in-host suite reported its summary');
  } catch (e) {
    throw withRunContext(e, run, server);
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
  }
  fs.rmSync(run.dir, { recursive: true, force: true });
});
