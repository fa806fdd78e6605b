// The interpreter's speed on a compute-heavy guest (test/bench/compute.asm), in native mode
// through the path `bin/ringside run` takes (loadProgram, GuestSession), and, where
// qemu-system-i386 is installed, its speed against QEMU's on the same guest in the same run.
//
// The guest is built at two sizes (its ITERATIONS define). MIPS is instructions over the CPU
// time of one run; the comparison with QEMU divides the time the extra rounds of the larger
// size take, so start-up (QEMU's process and firmware, ringside's assembly and boot) cancels.
// Figures only: nothing here asserts a time. Run with `npm run bench` after a build;
// `npm run bench -- SMALL LARGE` picks the two round counts.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadProgram } from '../src/machine/boot/program';
import { BufferedOutput } from '../src/machine/output';
import { GuestSession } from '../src/machine/session';
import { QEMU, qemuArgs } from '../test/support/qemu';

const ROOT = path.resolve(__dirname, '..', '..');
const GUEST = path.join(ROOT, 'test', 'bench', 'compute.asm');
const [SMALL, LARGE] = process.argv.length >= 4 ? [Number(process.argv[2]), Number(process.argv[3])] : [2_000, 42_000];
/** Each measurement is the fastest of this many runs (the least disturbed by the rest of the host). */
const RINGSIDE_RUNS = 3;
const QEMU_RUNS = 7;

interface Measurement {
  instructions: number;
  /** The run alone (as `ringside run --stats` times it), CPU and wall. */
  runCpuSeconds: number;
  runWallSeconds: number;
  /** Assembly, boot and run: what the difference between two sizes is taken of. */
  wallSeconds: number;
  output: string;
}

function runRingside(rounds: number): Measurement {
  const started = performance.now();
  const program = loadProgram(GUEST, { defines: { ITERATIONS: String(rounds) } });
  const output = new BufferedOutput();
  const session = new GuestSession(program, { boot: 'multiboot', output });
  const cpuBefore = process.cpuUsage();
  const runStarted = performance.now();
  const stop = session.runToStop();
  const cpu = process.cpuUsage(cpuBefore);
  const ended = performance.now();
  if (stop.kind !== 'debug-exit') throw new Error(`the guest stopped unexpectedly: ${stop.message}`);
  return {
    instructions: session.instructions,
    runCpuSeconds: (cpu.user + cpu.system) / 1e6,
    runWallSeconds: (ended - runStarted) / 1000,
    wallSeconds: (ended - started) / 1000,
    output: output.text('debugcon'),
  };
}

function fastest<T extends { wallSeconds: number }>(runs: number, measure: () => T): T {
  let best: T | undefined;
  for (let i = 0; i < runs; i++) {
    const m = measure();
    if (best === undefined || m.wallSeconds < best.wallSeconds) best = m;
  }
  return best!;
}

function qemuInstalled(): boolean {
  return spawnSync(QEMU, ['--version'], { stdio: 'ignore' }).status === 0;
}

function runQemu(kernel: string): { wallSeconds: number; output: string } {
  const started = performance.now();
  const r = spawnSync(QEMU, qemuArgs({ kernel }), { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  const wallSeconds = (performance.now() - started) / 1000;
  if (r.status !== 1) throw new Error(`QEMU ended with status ${r.status}: ${r.stderr.toString()}`);
  return { wallSeconds, output: r.stdout.toString('latin1') };
}

const mips = (instructions: number, seconds: number) => (instructions / seconds / 1e6).toFixed(1);
const ms = (seconds: number) => `${(seconds * 1000).toFixed(0)} ms`;

runRingside(SMALL); // warm the JIT up, as a long-running guest would have it
const small = fastest(RINGSIDE_RUNS, () => runRingside(SMALL));
const large = fastest(RINGSIDE_RUNS, () => runRingside(LARGE));
const extraInstructions = large.instructions - small.instructions;
const extraRounds = LARGE - SMALL;
const ringsidePerRound = (large.wallSeconds - small.wallSeconds) / extraRounds;

console.log(`guest: test/bench/compute.asm, ${SMALL} and ${LARGE} rounds (${(extraInstructions / extraRounds).toFixed(0)} instructions a round)`);
console.log(`ringside native, ${LARGE} rounds: ${large.instructions} instructions run in ${ms(large.runCpuSeconds)} CPU, ${ms(large.runWallSeconds)} wall`);
console.log(`  MIPS: ${mips(large.instructions, large.runCpuSeconds)} (CPU time), ${mips(large.instructions, large.runWallSeconds)} (wall)`);
console.log(`  steady state (the ${extraRounds} extra rounds): ${mips(extraInstructions, large.wallSeconds - small.wallSeconds)} MIPS, ${(ringsidePerRound * 1e6).toFixed(2)} µs a round`);
console.log(`  output: ${large.output.trim()}`);

if (!qemuInstalled()) {
  console.log(`${QEMU} is not installed: no comparison`);
} else {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringside-bench-'));
  try {
    const kernel = (rounds: number, bytes: Uint8Array) => {
      const file = path.join(dir, `compute-${rounds}.bin`);
      fs.writeFileSync(file, bytes);
      return file;
    };
    const smallKernel = kernel(SMALL, loadProgram(GUEST, { defines: { ITERATIONS: String(SMALL) } }).bytes);
    const largeKernel = kernel(LARGE, loadProgram(GUEST, { defines: { ITERATIONS: String(LARGE) } }).bytes);
    const qSmall = fastest(QEMU_RUNS, () => runQemu(smallKernel));
    const qLarge = fastest(QEMU_RUNS, () => runQemu(largeKernel));
    const qemuPerRound = (qLarge.wallSeconds - qSmall.wallSeconds) / extraRounds;
    console.log(`qemu (${qemuArgs({}).slice(0, 4).join(' ')}), wall time: ${SMALL} rounds ${ms(qSmall.wallSeconds)}, ${LARGE} rounds ${ms(qLarge.wallSeconds)}`);
    console.log(`  steady state: ${mips(extraInstructions, qLarge.wallSeconds - qSmall.wallSeconds)} MIPS, ${(qemuPerRound * 1e6).toFixed(2)} µs a round`);
    console.log(`  output: ${qLarge.output.trim()}${qLarge.output === large.output ? ' (the same as ringside)' : ' (DIFFERENT from ringside)'}`);
    console.log(`ringside / qemu, time per extra round: ${(ringsidePerRound / qemuPerRound).toFixed(2)}`);
    if (qLarge.output !== large.output || qSmall.output !== small.output) process.exitCode = 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
