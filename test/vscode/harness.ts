// A small test runner for the extension host (no mocha inside VS Code): suites register tests
// with `test`, `run` executes them in order, one at a time, and reports each on the console,
// which the driver (test/vscode-host.test.ts) reads through the page's codeAutomationLog.

export class Skip extends Error {}

/** Ends the current test as skipped, with the reason shown in the report. */
export function skip(reason: string): never {
  throw new Skip(reason);
}

interface Case {
  name: string;
  fn: () => Promise<void> | void;
  timeoutMs: number;
}

const cases: Case[] = [];
let prefix = '';

export function suite(name: string, body: () => void): void {
  prefix = `${name} › `;
  body();
  prefix = '';
}

export function test(name: string, fn: () => Promise<void> | void, timeoutMs = 20_000): void {
  cases.push({ name: prefix + name, fn, timeoutMs });
}

export interface Summary {
  passed: number;
  failed: number;
  skipped: number;
}

export async function runTests(log: (line: string) => void): Promise<Summary> {
  const summary: Summary = { passed: 0, failed: 0, skipped: 0 };
  for (const c of cases) {
    const t0 = Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(c.fn),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${c.timeoutMs} ms`)), c.timeoutMs);
        }),
      ]);
      summary.passed++;
      log(`ok - ${c.name} (${Date.now() - t0} ms)`);
    } catch (e) {
      if (e instanceof Skip) {
        summary.skipped++;
        log(`ok - ${c.name} # SKIP ${e.message}`);
      } else {
        summary.failed++;
        log(`not ok - ${c.name} (${Date.now() - t0} ms)\n  ${((e as Error).stack ?? String(e)).split('\n').join('\n  ')}`);
      }
    } finally {
      clearTimeout(timer);
    }
  }
  log(`# in-host tests: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`);
  return summary;
}

/** Polls `probe` until it returns something other than undefined, or fails after `ms`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`gave up waiting for ${what} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
