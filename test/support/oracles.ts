// Outside programs that some tests compare against (nasm, ndisasm, qemu-system-i386).
// On a person's machine a missing oracle skips the test with a line saying what to install;
// under CI (.ci/run sets RINGSIDE_REQUIRE_ORACLES=1) a missing oracle fails the test instead.

import { spawnSync } from 'node:child_process';

const INSTALL_HINT: Record<string, string> = {
  nasm: 'apt-get install nasm',
  ndisasm: 'apt-get install nasm',
  'qemu-system-i386': 'apt-get install --no-install-recommends qemu-system-x86',
};

const found = new Map<string, boolean>();

function onPath(tool: string): boolean {
  let ok = found.get(tool);
  if (ok === undefined) {
    ok = spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;
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

/**
 * Like oracleSkip, but for oracles that CI does not install (qemu): a missing tool always
 * skips, even under RINGSIDE_REQUIRE_ORACLES=1.
 */
export function optionalOracleSkip(...tools: string[]): false | string {
  const missing = tools.filter((t) => !onPath(t));
  if (missing.length === 0) return false;
  return `needs ${missing.join(', ')} (${missing.map((t) => INSTALL_HINT[t] ?? `install ${t}`).join('; ')}); optional`;
}
