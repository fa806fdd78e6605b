import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Mmu, CR0_PG, CR0_WP, CR4_PGE, CR4_PSE, PhysicalMemory } from '../src/machine/cpu/mmu';
import { CpuFault } from '../src/machine/cpu/faults';

class WordMemory implements PhysicalMemory {
  readonly words = new Map<number, number>();
  read32(a: number): number { return this.words.get(a) ?? 0; }
  write32(a: number, v: number): void { this.words.set(a, v >>> 0); }
}

const PD = 0x1000, PT = 0x2000;
const P = 1, W = 2, U = 4, A = 0x20, D = 0x40, PS = 0x80, G = 0x100;

/** Page directory at 0x1000 with one table at 0x2000 covering 0-4 MiB. */
function setup(pteFlags = P | W | U): { mem: WordMemory; mmu: Mmu } {
  const mem = new WordMemory();
  mem.write32(PD, PT | P | W | U);
  for (let i = 0; i < 1024; i++) mem.write32(PT + i * 4, (i << 12) | pteFlags);
  const mmu = new Mmu(mem);
  mmu.cr3 = PD;
  mmu.cr0 = CR0_PG | 1;
  return { mem, mmu };
}

function pfOf(fn: () => void): CpuFault {
  try { fn(); } catch (e) { if (e instanceof CpuFault) return e; throw e; }
  assert.fail('expected a page fault');
}

test('without paging, linear is physical', () => {
  const mmu = new Mmu(new WordMemory());
  assert.equal(mmu.translate(0xdeadbeef, true, true), 0xdeadbeef);
});

test('a 4 KiB mapping translates and sets accessed then dirty', () => {
  const { mem, mmu } = setup();
  mem.write32(PT + 5 * 4, 0x00345000 | P | W | U);
  assert.equal(mmu.translate(0x5123, false, false), 0x345123);
  assert.equal(mem.read32(PT + 20) & (A | D), A);
  assert.equal(mem.read32(PD) & A, A);
  // The first write through a clean entry walks again to set D.
  assert.equal(mmu.translate(0x5124, true, false), 0x345124);
  assert.equal(mem.read32(PT + 20) & (A | D), A | D);
});

test('page-fault error codes and CR2', () => {
  const { mem, mmu } = setup(P | U);
  mem.write32(PT + 7 * 4, 0);
  const notPresent = pfOf(() => mmu.translate(0x7010, true, true));
  assert.deepEqual([notPresent.vector, notPresent.errorCode, notPresent.address], [14, 0b110, 0x7010]);
  const readOnly = pfOf(() => mmu.translate(0x3000, true, true));
  assert.equal(readOnly.errorCode, 0b111);
  // A supervisor write to a read-only page succeeds unless CR0.WP is set.
  assert.equal(mmu.translate(0x3000, true, false), 0x3000);
  mmu.cr0 |= CR0_WP;
  mmu.flushAll();
  assert.equal(pfOf(() => mmu.translate(0x4000, true, false)).errorCode, 0b011);
  // A supervisor-only page refuses user reads.
  mem.write32(PT + 9 * 4, 0x9000 | P | W);
  assert.equal(pfOf(() => mmu.translate(0x9000, false, true)).errorCode, 0b101);
});

test('a stale TLB entry is used until INVLPG', () => {
  const { mem, mmu } = setup();
  assert.equal(mmu.translate(0x6000, false, false), 0x6000);
  mem.write32(PT + 6 * 4, 0x00777000 | P | W | U);
  assert.equal(mmu.translate(0x6000, false, false), 0x6000, 'stale entry still in use');
  mmu.invalidate(0x6fff);
  assert.equal(mmu.translate(0x6000, false, false), 0x777000);
});

test('MOV CR3 keeps global entries only when CR4.PGE is set', () => {
  const { mem, mmu } = setup(P | W | U | G);
  mmu.cr4 = CR4_PGE;
  mmu.translate(0x1000, false, false);
  mem.write32(PT + 4, 0x00888000 | P | W | U | G);
  mmu.flushNonGlobal();
  assert.equal(mmu.translate(0x1000, false, false), 0x1000, 'global entry survives');
  mmu.flushAll();
  assert.equal(mmu.translate(0x1000, false, false), 0x888000);
});

test('4 MiB pages with CR4.PSE, and INVLPG of the whole large page', () => {
  const { mem, mmu } = setup();
  mmu.cr4 = CR4_PSE;
  mem.write32(PD + 4 * 4, 0x04000000 | P | W | PS);
  assert.equal(mmu.translate(0x01234567, true, false), 0x04234567);
  assert.equal(mem.read32(PD + 16) & (A | D), A | D);
  mmu.translate(0x01000000, false, false);
  mem.write32(PD + 4 * 4, 0x08000000 | P | W | PS);
  mmu.invalidate(0x013fffff);
  assert.equal(mmu.translate(0x01000000, false, false), 0x08000000);
  assert.deepEqual(mmu.entries().filter((e) => e.large).map((e) => e.physical), [0x08000000]);
  // Without PSE the same entry points at a page table.
  mmu.cr4 = 0;
  mmu.flushAll();
  assert.equal(pfOf(() => mmu.translate(0x01000000, false, false)).errorCode, 0);
});

test('TLB contents survive a save and restore', () => {
  const { mem, mmu } = setup();
  mmu.translate(0x2000, false, false);
  const saved = mmu.saveTlb();
  mem.write32(PT + 8, 0x00999000 | P | W | U);
  mmu.flushAll();
  mmu.restoreTlb(saved);
  assert.equal(mmu.translate(0x2000, false, false), 0x2000);
});
