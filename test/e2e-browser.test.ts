// End to end, as a user meets it: the packaged .vsix is installed into a fresh extensions folder
// of the VS Code server that code-server bundles, a copy of sample-guests/ opens in the browser
// workbench, and the keyboard does the rest: Ctrl+P opens paging-demand.asm, Ctrl+G and F9 set a
// breakpoint after paging is on, F5 starts the session. The page must then show the editor
// stopped on that line, the registers in the Variables view and the guest's mappings in the Page
// Tables view; F5 runs the guest to its end with its output in the Debug Console. Screenshots
// of those three moments go to the run folder, or to docs/screenshots/ (where the README shows
// them) when `npm run screenshots` sets RINGSIDE_SCREENSHOTS, so a plain test run changes no
// tracked file.
//
// Needs scripts/setup-vscode-test.sh (skips without it; fails under RINGSIDE_REQUIRE_ORACLES=1).

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test, TestContext } from 'node:test';
import { oracleSkip } from './support/oracles';
import { BrowserContext, Page } from './support/playwright';
import { dismissToasts, errorToasts, expandRow, goToLine, linesWith, pane, paneHeader, paneRows, quickOpen, setSideBarWidth, showOnlyPanes, waitForLineMark } from './support/workbench';
import { installExtension, makeRunDir, openBrowser, REPO, RunDir, startServer, VsCodeServer, withRunContext } from './support/vscode-server';

const GUEST = 'paging-demand.asm';
/**
 * The breakpoint: after paging is on and the first demand faults have mapped pages (not on a
 * faulting instruction, which runs twice: once to fault, once after the handler mapped the page).
 */
const BREAK_AT = 'mov [value], eax';

const LAUNCH_JSON = {
  version: '0.2.0',
  configurations: [{ type: 'ringside', request: 'launch', name: 'Debug the open guest', program: '${file}' }],
};

function packageInto(run: RunDir): string {
  const vsix = path.join(run.dir, 'ringside.vsix');
  const made = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'package-vsix.mjs'), vsix], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
  assert.equal(made.status, 0, `packaging failed:\n${made.stdout}\n${made.stderr}`);
  return vsix;
}

function lineOf(file: string, text: string): number {
  const index = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(text));
  assert.ok(index >= 0, `${file} has no line with ${text}`);
  return index + 1;
}

async function shoot(page: Page, run: RunDir, name: string, t: TestContext): Promise<void> {
  const dir = process.env.RINGSIDE_SCREENSHOTS ? path.resolve(REPO, process.env.RINGSIDE_SCREENSHOTS) : path.join(run.dir, 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  await page.screenshot({ path: file });
  t.diagnostic(`screenshot ${path.relative(REPO, file)}`);
}

test('in the browser: the installed .vsix stops on a breakpoint, shows registers and page tables, and prints the guest output', {
  skip: oracleSkip('vscode-test'),
  timeout: 150_000,
}, async (t) => {
  const t0 = Date.now();
  const step = (what: string) => t.diagnostic(`[${((Date.now() - t0) / 1000).toFixed(1)} s] ${what}`);
  const run = makeRunDir('e2e', path.join(REPO, 'sample-guests'), { 'debug.openDebug': 'openOnDebugBreak', 'debug.toolBarLocation': 'floating' });
  fs.mkdirSync(path.join(run.ws, '.vscode'));
  fs.writeFileSync(path.join(run.ws, '.vscode', 'launch.json'), JSON.stringify(LAUNCH_JSON, null, 2));
  const line = lineOf(path.join(run.ws, GUEST), BREAK_AT);
  let server: VsCodeServer | undefined;
  let browser: BrowserContext | undefined;
  let page: Page | undefined;
  try {
    installExtension(run, packageInto(run));
    step('packaged and installed the .vsix');
    server = await startServer(run);
    browser = await openBrowser(run);
    page = browser.pages()[0] ?? (await browser.newPage());
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(server.url());
    await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 60_000 });
    await page.waitForSelector('.part.sidebar .explorer-folders-view .monaco-list-row', { timeout: 30_000 });
    step('workbench up');

    await quickOpen(page, GUEST);
    await goToLine(page, line);
    await page.keyboard.press('F9');
    await waitForLineMark(page, '.codicon-debug-breakpoint', line, 10_000);
    step(`breakpoint on line ${line}`);

    await page.keyboard.press('F5');
    await page.waitForSelector('.debug-toolbar', { timeout: 30_000 });
    await waitForLineMark(page, '.debug-top-stack-frame-line', line, 30_000);
    step('stopped on the breakpoint line');
    await pane(page, 'Call Stack').filter({ hasText: /paused on breakpoint/i }).waitFor({ timeout: 10_000 });
    const frame = pane(page, 'Call Stack').locator('.monaco-list-row').filter({ hasText: GUEST }).first();
    await frame.waitFor({ timeout: 10_000 });
    assert.match((await frame.textContent()) ?? '', new RegExp(`${GUEST}\\s*${line}:\\d+`), 'the top frame is the breakpoint line');

    await setSideBarWidth(page, 520);
    await showOnlyPanes(page, ['Variables']); // the Call Stack header still says why it paused
    await expandRow(page, 'Variables', 'Registers');
    const eax = page.locator('.part.sidebar .monaco-list-row[aria-label^="EAX, value "]').first();
    await eax.waitFor({ timeout: 15_000 });
    const registers = await page.locator('.part.sidebar .monaco-list-row[aria-label*=", value "]').evaluateAll((rows) =>
      rows.map((r) => r.getAttribute('aria-label') ?? ''));
    for (const name of ['EAX', 'EBX', 'ECX', 'EDX', 'ESI', 'EDI', 'EBP', 'ESP', 'EIP']) {
      assert.ok(registers.some((r) => new RegExp(`^${name}, value (0x)?[0-9a-f]{8}\\b`, 'i').test(r)), `the Variables view shows ${name}: ${registers.join(' | ')}`);
    }
    step(`variables: ${registers.slice(0, 4).join(' | ')} ...`);
    await shoot(page, run, 'debug-stopped.png', t);

    // The Page Tables view: it refreshes on every stop; the guest's tables hold the demand-paged
    // pages at 0x40000000 that the fault handler has mapped by now.
    await paneHeader(page, 'Page Tables').waitFor({ timeout: 30_000 });
    await showOnlyPanes(page, ['Page Tables']);
    // Rows are mappings (virtual → physical ...): the identity-mapped kernel and the pages
    // mapped on demand at 0x40000000, 0x40003000 and 0x40005000.
    const mapping = /0x[0-9a-f]{8}\s*[–-]\s*0x[0-9a-f]{8}\s*→/i;
    const demand = ['0x40000000', '0x40003000', '0x40005000'];
    const shown = (rows: string[]) => demand.every((a) => rows.some((r) => mapping.test(r) && r.includes(a)));
    const end = Date.now() + 15_000;
    let rows = await paneRows(page, 'Page Tables');
    while (Date.now() < end && !shown(rows)) {
      await page.waitForTimeout(200);
      rows = await paneRows(page, 'Page Tables');
    }
    assert.ok(shown(rows), `the Page Tables view maps the demand-paged pages ${demand.join(', ')}: ${rows.join(' | ')}`);
    assert.ok(rows.filter((r) => mapping.test(r)).length >= 4, 'the kernel\'s identity mappings are rows too');
    step(`page tables: ${rows.length} rows`);
    await shoot(page, run, 'page-tables.png', t);

    // Run to the end: the guest's port-0xE9 output lands in the Debug Console.
    await showOnlyPanes(page, ['Variables', 'Call Stack', 'Breakpoints']);
    await page.keyboard.press('Control+Shift+Y');
    await page.waitForSelector('.repl', { state: 'visible', timeout: 10_000 });
    await page.keyboard.press('F5');
    await page.locator('.repl .monaco-list-row').filter({ hasText: /faults handled/ }).first().waitFor({ timeout: 30_000 });
    await page.waitForSelector('.debug-toolbar', { state: 'hidden', timeout: 15_000 });
    const output = (await page.locator('.repl .monaco-list-row').allTextContents()).join('\n');
    // Every line the guest prints (sample-guests/paging-demand.expected, checked against QEMU).
    const expected = fs.readFileSync(path.join(REPO, 'sample-guests', GUEST.replace(/\.asm$/, '.expected')), 'utf8')
      .split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('-- '));
    for (const l of expected) assert.ok(output.includes(l), `the Debug Console shows "${l}":\n${output}`);
    step('guest ran to its end; output in the Debug Console');
    await page.waitForTimeout(1000); // what the end of the session brings up
    const toasts = await errorToasts(page);
    // VS Code may send breakpointLocations after the adapter disconnected: no error may show.
    assert.deepEqual(toasts, [], 'no error notification when the session ends');
    await dismissToasts(page);
    await shoot(page, run, 'debug-console.png', t);
    assert.deepEqual(await linesWith(page, '.debug-top-stack-frame-line'), [], 'no stopped line once the session ended');
    assert.deepEqual(errors.filter((e) => /ringside/i.test(e)), [], 'no page errors from the extension');
    step('done');
  } catch (e) {
    await page?.screenshot({ path: path.join(run.dir, 'failure.png') }).catch(() => undefined);
    throw withRunContext(e, run, server);
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
  }
  fs.rmSync(run.dir, { recursive: true, force: true });
});
