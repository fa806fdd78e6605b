// Outside programs that some tests compare against (nasm, ndisasm, qemu-system-i386).
// On a person's machine a missing oracle skips the test with a line saying what to install;
// under CI (.ci/run sets RINGSIDE_REQUIRE_ORACLES=1) a missing oracle fails the test instead.

import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const INSTALL_HINT: Record<string, string> = {
  nasm: 'apt-get install nasm',
  ndisasm: 'apt-get install nasm',
  'qemu-system-i386': 'apt-get install --no-install-recommends qemu-system-x86',
  'vscode-test': 'npm run setup:vscode-test: VS Code from code-server, Node 24 and Chromium in .vscode-test/',
};

/** Oracles that are not one program on PATH, and how to tell that each is in place. */
const PRESENT: Record<string, () => boolean> = {
  'vscode-test': () => spawnSync(path.resolve(__dirname, '../../../scripts/setup-vscode-test.sh'), ['--check'], { stdio: 'ignore' }).status === 0,
};

const found = new Map<string, boolean>();

function onPath(tool: string): boolean {
  let ok = found.get(tool);
  if (ok === undefined) {
    ok = PRESENT[tool]?.() ?? spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;
    found.set(tool, ok);
  }
  return ok;
}

/**
 * Returns false (skip) or a skip message for node:test's `skip` option when a tool is missing;
 * throws when oracles are required.
 */
export function oracleSkip(...tools: string[]): false | string {
  const missing = tools.filter((t) => !onPath(t));
  if (missing.length === 0) return false;
  const hint = missing.map((t) => INSTALL_HINT[t] ?? `install ${t}`).join('; ');
  const message = `needs ${missing.join(', ')} (${hint})`;
  if (process.env.RINGSIDE_REQUIRE_ORACLES === '1') {
    throw new Error(`oracle missing under RINGSIDE_REQUIRE_ORACLES=1: ${message}`);
  }
  return message;
}
