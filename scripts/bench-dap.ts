// The debug adapter's costs, measured through `bin/ringside dap` as a client sees them:
//   launch to first stop, the round trip of `next`, and `continue` over a long loop with 100
//   breakpoints set (on code next to the loop, never hit) against none.
// Run with `npm run bench:dap` after a build.

import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Adapter, launch, multibootGuest, startAdapter, writeGuest } from '../test/support/dap-harness';

const LOOP = Number(process.env.BENCH_DAP_LOOP ?? 5_000_000);
/** Runs of `continue` with and without breakpoints, interleaved (noise on a shared machine is one-sided: keep the best). */
const ROUNDS = Number(process.env.BENCH_DAP_ROUNDS ?? 9);
const CLOCK_TICKS = (() => {
  try {
    return Number(cp.execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

const GUEST = multibootGuest(`
start:
        xor eax, eax
        mov ecx, ${LOOP}
hot:    add eax, ecx
        xor edx, eax
        dec ecx
        jnz hot
        out 0xf4, al
        hlt
${Array.from({ length: 100 }, (_, i) => `cold${i}: nop`).join('\n')}
`);

/** The adapter (the tests' harness), launched on `program` and about to stop on entry. */
async function session(program: string): Promise<Adapter> {
  const a = await startAdapter();
  a.dc.defaultTimeout = 120_000;
  await launch(a, program, { stopOnEntry: true });
  return a;
}

async function main(): Promise<void> {
  const program = writeGuest('loop.asm', GUEST);
  const lines = GUEST.split('\n');
  const coldLines = lines.flatMap((l, i) => (l.startsWith('cold') ? [i + 1] : []));

  // launch to first stop (spawning the adapter included)
  const launches: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const { dc, close } = await session(program);
    await Promise.all([dc.waitForEvent('stopped'), dc.configurationDoneRequest()]);
    launches.push(performance.now() - t0);
    await close();
  }

  // next round trip, and continue with and without breakpoints
  const { dc, close } = await session(program);
  await Promise.all([dc.waitForEvent('stopped'), dc.configurationDoneRequest()]);
  const nexts: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    await Promise.all([dc.waitForEvent('stopped'), dc.nextRequest({ threadId: 1 })]);
    await dc.stackTraceRequest({ threadId: 1 });
    nexts.push(performance.now() - t0);
  }
  await close();

  /** CPU seconds the adapter process has used (Linux /proc; undefined elsewhere): steadier than wall time on a busy machine. */
  const cpuSeconds = (pid: number | undefined): number | undefined => {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime + stime
    } catch {
      return undefined;
    }
  };
  const cpuTimes: Record<number, number[]> = { 0: [], 100: [] };
  const runOnce = async (breakpoints: number): Promise<number> => {
    const s = await session(program);
    const set = await s.dc.setBreakpointsRequest({ source: { path: program }, breakpoints: coldLines.slice(0, breakpoints).map((line) => ({ line })) });
    const verified = set.body.breakpoints.filter((b) => b.verified).length;
    if (verified !== breakpoints) throw new Error(`only ${verified} of ${breakpoints} breakpoints were verified`);
    await Promise.all([s.dc.waitForEvent('stopped'), s.dc.configurationDoneRequest()]);
    const cpu0 = cpuSeconds(s.process.pid);
    const t0 = performance.now();
    await Promise.all([s.dc.waitForEvent('terminated'), s.dc.continueRequest({ threadId: 1 })]);
    const ms = performance.now() - t0;
    const cpu1 = cpuSeconds(s.process.pid);
    if (cpu0 !== undefined && cpu1 !== undefined) cpuTimes[breakpoints].push((cpu1 - cpu0) * 1000);
    await s.close();
    return ms;
  };
  const none: number[] = [];
  const hundred: number[] = [];
  // interleaved, and the fastest of each kept: the machine is shared, the guest is deterministic
  for (let i = 0; i < ROUNDS; i++) {
    none.push(await runOnce(0));
    hundred.push(await runOnce(100));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const best = (xs: number[]) => Math.min(...xs);
  const instructions = LOOP * 4;
  console.log(`launch to first stop (adapter start included)  ${median(launches).toFixed(1).padStart(8)} ms   (median of ${launches.length})`);
  console.log(`next round trip (with stackTrace)              ${median(nexts).toFixed(2).padStart(8)} ms   (median of ${nexts.length})`);
  console.log(`continue, no breakpoints                       ${best(none).toFixed(1).padStart(8)} ms   (${(instructions / best(none) / 1000).toFixed(1)} MIPS, best of ${none.length})`);
  console.log(`continue, 100 breakpoints                      ${best(hundred).toFixed(1).padStart(8)} ms   (${(instructions / best(hundred) / 1000).toFixed(1)} MIPS, best of ${hundred.length})`);
  console.log(`slowdown with 100 breakpoints (wall time)      ${(((best(hundred) / best(none)) - 1) * 100).toFixed(1).padStart(8)} %`);
  if (cpuTimes[0].length === ROUNDS && cpuTimes[100].length === ROUNDS) {
    const [c0, c100] = [best(cpuTimes[0]), best(cpuTimes[100])];
    console.log(`adapter CPU time, no breakpoints / 100         ${c0.toFixed(0).padStart(8)} ms / ${c100.toFixed(0)} ms (best of ${ROUNDS})`);
    console.log(`slowdown with 100 breakpoints (CPU time)       ${(((c100 / c0) - 1) * 100).toFixed(1).padStart(8)} %`);
  }
}

void main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
