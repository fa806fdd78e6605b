// Reading and driving VS Code's workbench in the browser: what a person sees and presses, found
// by the workbench's own classes and aria labels (the same ones VS Code's smoke tests use).

import { Locator, Page } from './playwright';

/** Opens a workspace file through Quick Open (Ctrl+P), as a person would. */
export async function quickOpen(page: Page, fileName: string): Promise<void> {
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget .quick-input-box input', { state: 'visible', timeout: 10_000 });
  await page.keyboard.type(fileName);
  await page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: fileName }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active').filter({ hasText: fileName }).waitFor({ timeout: 10_000 });
  await page.waitForSelector('.part.editor .monaco-editor .view-lines .view-line', { timeout: 10_000 });
}

/** Moves the cursor to a line with Go to Line (Ctrl+G). */
export async function goToLine(page: Page, line: number): Promise<void> {
  await page.keyboard.press('Control+G');
  await page.waitForSelector('.quick-input-widget .quick-input-box input', { state: 'visible', timeout: 10_000 });
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
  await page.waitForSelector('.quick-input-widget', { state: 'hidden', timeout: 10_000 });
}

/**
 * The line numbers (as the editor shows them) of the lines in the main editor that carry an
 * element matching `selector` (a glyph such as .codicon-debug-breakpoint or a line decoration such
 * as .debug-top-stack-frame-line): matched by vertical position against the line-number margin.
 */
export async function linesWith(page: Page, selector: string): Promise<number[]> {
  const editor = '.part.editor .editor-instance .monaco-editor';
  const marks = await page.locator(`${editor} ${selector}`).evaluateAll((els) => els.map((e) => e.getBoundingClientRect()));
  const numbers = await page.locator(`${editor} .margin-view-overlays .line-numbers`).evaluateAll((els) =>
    els.map((e) => ({ line: Number(e.textContent), rect: e.getBoundingClientRect() })));
  const lines = new Set<number>();
  for (const m of marks) {
    const middle = (m.top + m.bottom) / 2;
    const hit = numbers.find((n) => n.rect.top <= middle && middle < n.rect.bottom);
    if (hit) lines.add(hit.line);
  }
  return [...lines].sort((a, b) => a - b);
}

/** Waits until `selector` marks exactly `line` in the main editor. */
export async function waitForLineMark(page: Page, selector: string, line: number, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  let seen: number[] = [];
  while (Date.now() < end) {
    seen = await linesWith(page, selector);
    if (seen.length === 1 && seen[0] === line) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`expected ${selector} on line ${line} only; it is on lines [${seen.join(', ')}]`);
}

/** A view's pane in the side bar (header and body), by the view's title. */
export function pane(page: Page, title: string): Locator {
  const name = page.locator('.title').filter({ hasText: new RegExp(`^\\s*${title}\\s*$`, 'i') });
  const header = page.locator('.pane-header').filter({ has: name });
  return page.locator('.part.sidebar .pane').filter({ has: header }).first();
}

/** The header of a view's pane in the side bar. */
export function paneHeader(page: Page, title: string): Locator {
  return pane(page, title).locator('.pane-header').first();
}

/** Expands the side bar's panes whose titles are in `open` and collapses the others. */
export async function showOnlyPanes(page: Page, open: string[]): Promise<void> {
  const headers = page.locator('.part.sidebar .pane-header');
  const count = await headers.count();
  for (let i = 0; i < count; i++) {
    const header = headers.nth(i);
    const title = ((await header.locator('.title').first().textContent()) ?? '').trim();
    const want = open.some((o) => o.toLowerCase() === title.toLowerCase());
    const expanded = (await header.getAttribute('aria-expanded')) === 'true';
    if (want !== expanded) await header.click();
  }
}

/** The aria labels of the rows of a side-bar pane (a view's tree or list). */
export function paneRows(page: Page, title: string): Promise<string[]> {
  return pane(page, title).locator('.monaco-list-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? r.textContent ?? ''));
}

/** Expands the row labelled `label` (a scope, a tree node) in a side-bar pane, if collapsed. */
export async function expandRow(page: Page, paneTitle: string, label: string): Promise<void> {
  const row = pane(page, paneTitle).locator('.monaco-list-row').filter({ hasText: new RegExp(`^\\s*${label}\\s*$`) }).first();
  await row.waitFor({ timeout: 10_000 });
  if ((await row.getAttribute('aria-expanded')) === 'false') await row.click();
}

/** Drags the sash between the side bar and the editor so the side bar is `width` pixels wide. */
export async function setSideBarWidth(page: Page, width: number): Promise<void> {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box) throw new Error('no side bar');
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width + 1, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 5 });
  await page.mouse.up();
}

/** The texts of the error notifications on screen. */
export function errorToasts(page: Page): Promise<string[]> {
  return page.locator('.notifications-toasts .notification-toast').filter({ has: page.locator('.codicon-error') }).allTextContents();
}

/** Closes the notification toasts on screen. */
export async function dismissToasts(page: Page): Promise<void> {
  const close = page.locator('.notifications-toasts .notification-toast .codicon-notifications-clear');
  for (let n = await close.count(); n > 0; n = await close.count()) {
    await close.first().click();
    await page.waitForTimeout(100);
  }
}
