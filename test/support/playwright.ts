// The part of playwright-core the VS Code tests use, typed here because playwright-core lives in
// .vscode-test/driver (installed by scripts/setup-vscode-test.sh), outside node_modules, and is
// loaded from there at run time. It drives Debian's Chromium; it downloads no browser.

import * as path from 'node:path';

/** What the tests read of a DOM element inside evaluate callbacks (which run in the page). */
export interface DomElement {
  readonly textContent: string | null;
  readonly className: string;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { top: number; bottom: number; left: number; right: number; height: number };
  closest(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

export interface Locator {
  first(): Locator;
  nth(index: number): Locator;
  locator(selector: string): Locator;
  filter(options: { hasText?: string | RegExp; has?: Locator }): Locator;
  click(options?: { button?: 'left' | 'right'; timeout?: number; position?: { x: number; y: number } }): Promise<void>;
  dblclick(options?: { timeout?: number }): Promise<void>;
  waitFor(options?: { state?: 'attached' | 'detached' | 'visible' | 'hidden'; timeout?: number }): Promise<void>;
  count(): Promise<number>;
  getAttribute(name: string): Promise<string | null>;
  textContent(): Promise<string | null>;
  boundingBox(): Promise<{ x: number; y: number; width: number; height: number } | null>;
  allTextContents(): Promise<string[]>;
  evaluateAll<R>(fn: (elements: DomElement[]) => R): Promise<R>;
  evaluate<R>(fn: (element: DomElement) => R): Promise<R>;
  screenshot(options: { path: string }): Promise<Buffer>;
}

export interface Keyboard {
  press(key: string): Promise<void>;
  type(text: string, options?: { delay?: number }): Promise<void>;
}

export interface Mouse {
  move(x: number, y: number, options?: { steps?: number }): Promise<void>;
  down(): Promise<void>;
  up(): Promise<void>;
}

export interface Page {
  exposeFunction(name: string, fn: (...args: never[]) => unknown): Promise<void>;
  goto(url: string, options?: { waitUntil?: 'load' | 'domcontentloaded' }): Promise<unknown>;
  waitForSelector(selector: string, options?: { state?: 'attached' | 'detached' | 'visible' | 'hidden'; timeout?: number }): Promise<unknown>;
  waitForFunction<A>(fn: (arg: A) => unknown, arg: A, options?: { timeout?: number; polling?: number }): Promise<unknown>;
  waitForTimeout(ms: number): Promise<void>;
  locator(selector: string): Locator;
  getByRole(role: string, options?: { name?: string | RegExp; exact?: boolean }): Locator;
  evaluate<R, A>(fn: (arg: A) => R, arg: A): Promise<R>;
  screenshot(options: { path: string; fullPage?: boolean }): Promise<Buffer>;
  on(event: 'pageerror', listener: (error: Error) => void): void;
  keyboard: Keyboard;
  mouse: Mouse;
}

export interface BrowserContext {
  pages(): Page[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

interface Playwright {
  chromium: { launchPersistentContext(userDataDir: string, options: object): Promise<BrowserContext> };
}

const CHROMIUM = '/usr/bin/chromium';

/** Flags that keep a headless Chromium quiet and offline. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** A headless Chromium with its own profile folder. */
export async function launchChromium(driverDir: string, profileDir: string, viewport = { width: 1400, height: 860 }): Promise<BrowserContext> {
  const { chromium } = require(path.join(driverDir, 'node_modules', 'playwright-core')) as Playwright;
  return chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport });
}
