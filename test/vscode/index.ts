// The in-host suite's entry (package.json-free: VS Code loads it through the extensionTestsPath
// in the payload URL and calls `run`). It loads every *.host.js beside it, in name order.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests } from './harness';

export async function run(): Promise<void> {
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.host.js')).sort()) {
    require(path.join(__dirname, file));
  }
  const summary = await runTests((line) => console.log(line));
  if (summary.failed > 0) throw new Error(`${summary.failed} in-host test(s) failed`);
}
