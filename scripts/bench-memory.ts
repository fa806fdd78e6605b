// Guest-physical memory throughput for the CPU's access paths, and snapshot cost.
// Run with `npm run bench:memory` after a build.

import { performance } from 'node:perf_hooks';
import { GuestMemory } from '../src/machine/memory/guest-memory';

const MiB = 1024 * 1024;
const OPS = 20_000_000;
/** Accesses cycle over this many bytes of touched RAM (bigger than the caches, like a guest). */
const SPAN = 8 * MiB;

function rate(label: string, ops: number, body: () => number): void {
  body(); // warm up
  const t0 = performance.now();
  const sink = body();
  const ms = performance.now() - t0;
  console.log(`${label.padEnd(44)} ${((ops / ms) / 1000).toFixed(0).padStart(6)} M/s   (${sink & 1})`);
}

function time(label: string, body: () => void, repeat = 10): number {
  body();
  const t0 = performance.now();
  for (let i = 0; i < repeat; i++) body();
  const ms = (performance.now() - t0) / repeat;
  console.log(`${label.padEnd(44)} ${ms.toFixed(3).padStart(9)} ms`);
  return ms;
}

const mem = new GuestMemory(32 * MiB);
for (let a = 0; a < SPAN; a += 4096) mem.write8(a, 1);

console.log(`access paths, ${OPS / 1e6}M accesses over ${SPAN / MiB} MiB of touched RAM`);
rate('read8', OPS, () => {
  let s = 0;
  for (let i = 0; i < OPS; i++) s += mem.read8((i * 7) & (SPAN - 1));
  return s;
});
rate('read16 aligned', OPS, () => {
  let s = 0;
  for (let i = 0; i < OPS; i++) s += mem.read16((i * 6) & (SPAN - 2));
  return s;
});
rate('read32 aligned', OPS, () => {
  let s = 0;
  for (let i = 0; i < OPS; i++) s += mem.read32((i * 4) & (SPAN - 4));
  return s;
});
rate('read32 unaligned (same page)', OPS, () => {
  let s = 0;
  for (let i = 0; i < OPS; i++) s += mem.read32(((i * 4) & (SPAN - 8)) | 1);
  return s;
});
rate('read32 page-crossing (slow path)', OPS / 10, () => {
  let s = 0;
  for (let i = 0; i < OPS / 10; i++) s += mem.read32((((i * 4096) & (SPAN - 4096)) | 0xffe) >>> 0);
  return s;
});
rate('write8', OPS, () => {
  for (let i = 0; i < OPS; i++) mem.write8((i * 7) & (SPAN - 1), i);
  return 0;
});
rate('write16 aligned', OPS, () => {
  for (let i = 0; i < OPS; i++) mem.write16((i * 6) & (SPAN - 2), i);
  return 0;
});
rate('write32 aligned', OPS, () => {
  for (let i = 0; i < OPS; i++) mem.write32((i * 4) & (SPAN - 4), i);
  return 0;
});
rate('write32 unaligned (same page)', OPS, () => {
  for (let i = 0; i < OPS; i++) mem.write32(((i * 4) & (SPAN - 8)) | 1, i);
  return 0;
});
rate('write32 page-crossing (slow path)', OPS / 10, () => {
  for (let i = 0; i < OPS / 10; i++) mem.write32((((i * 4096) & (SPAN - 4096)) | 0xffe) >>> 0, i);
  return 0;
});
rate('direct view read8 (page cached by the CPU)', OPS, () => {
  let s = 0;
  let cached = -1;
  let view = mem.readPage(0)!;
  for (let i = 0; i < OPS; i++) {
    const a = (i * 7) & (SPAN - 1);
    const page = a >>> 12;
    if (page !== cached) {
      view = mem.readPage(page)!;
      cached = page;
    }
    s += view[a & 0xfff];
  }
  return s;
});
const watcher = mem.createWatcher(() => {});
watcher.watch(0x10);
rate('write32 to a watched page (listener called)', OPS / 10, () => {
  for (let i = 0; i < OPS / 10; i++) mem.write32(0x10000 + ((i * 4) & 0xffc), i);
  return 0;
});
watcher.clear();

console.log('\nsnapshots: 32 MiB guest, 8 MiB touched');
const fresh = new GuestMemory(32 * MiB);
for (let a = 0; a < 8 * MiB; a += 4096) fresh.write32(a, a);
time('snapshot (pages shared, copy-on-write)', () => void fresh.snapshot(), 20);
const snap = fresh.snapshot();
time('restore', () => fresh.restore(snap), 20);
time('first write to each of 2048 shared pages', () => {
  fresh.snapshot();
  for (let a = 0; a < 8 * MiB; a += 4096) fresh.write8(a, 1);
});
time('for comparison: copying the 2048 pages', () => {
  const copies: Uint8Array[] = [];
  for (let p = 0; p < 2048; p++) copies.push(fresh.readPage(p)!.slice());
});

console.log('\nsparse allocation');
const before = process.memoryUsage();
const t0 = performance.now();
const big = new GuestMemory(3072 * MiB);
const ms = performance.now() - t0;
big.write32(0xbfff_fff0, 1);
const after = process.memoryUsage();
console.log(`3 GiB guest: created in ${ms.toFixed(1)} ms, heap +${((after.heapUsed - before.heapUsed) / MiB).toFixed(1)} MiB, buffers +${((after.arrayBuffers - before.arrayBuffers) / MiB).toFixed(1)} MiB`);
