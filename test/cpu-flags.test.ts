import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Eflags, F } from '../src/machine/cpu/flags';
import { parseDescriptor, parseGate, isCode, isExpandDown, Ar } from '../src/machine/cpu/descriptors';

function flagsAfter(fn: (f: Eflags) => void): number {
  const f = new Eflags();
  fn(f);
  return f.value & (F.CF | F.PF | F.AF | F.ZF | F.SF | F.OF);
}

test('lazy flags after additions', () => {
  // 0xff + 1 in 8 bits: result 0, carry, half-carry, zero, even parity.
  assert.equal(flagsAfter((f) => f.add(0xff, 1, 0x100, 8)), F.CF | F.AF | F.ZF | F.PF);
  // 0x7fffffff + 1: signed overflow, negative.
  assert.equal(flagsAfter((f) => f.add(0x7fffffff, 1, 0x80000000, 32)), F.OF | F.SF | F.AF | F.PF);
  // ADC 0xffff + 0xffff + 1 = 0x1ffff in 16 bits.
  assert.equal(flagsAfter((f) => f.add(0xffff, 0xffff, 0x1ffff, 16, true)), F.CF | F.AF | F.SF | F.PF);
});

test('lazy flags after subtractions, INC and DEC', () => {
  assert.equal(flagsAfter((f) => f.sub(0, 1, -1, 32)), F.CF | F.AF | F.SF | F.PF);
  assert.equal(flagsAfter((f) => f.sub(0x80, 1, 0x7f, 8)), F.OF | F.AF);
  // SBB with borrow: 5 - 5 - 1 borrows.
  assert.equal(flagsAfter((f) => f.sub(5, 5, -1, 8, true)) & F.CF, F.CF);
  // INC keeps CF from before.
  assert.equal(flagsAfter((f) => { f.add(0xff, 1, 0x100, 8); f.inc(0x7f, 0x80, 8); }), F.CF | F.OF | F.SF | F.AF);
  assert.equal(flagsAfter((f) => { f.logic(1, 32); f.dec(1, 0, 32); }), F.ZF | F.PF);
});

test('EFLAGS writes keep bit 1 set and unwritable bits clear', () => {
  const f = new Eflags();
  f.value = 0xffffffff;
  assert.equal(f.value & 2, 2);
  assert.equal(f.value & (1 << 3), 0);
  assert.equal(f.iopl, 3);
  f.setFlag(F.ZF, false);
  assert.equal(f.zf, false);
  assert.equal(f.cf, true);
});

test('descriptor parsing', () => {
  // A flat 4 GiB ring-0 code segment: base 0, limit 0xfffff pages, type 0xA, S, P, D, G.
  const d = parseDescriptor(0x0000ffff, 0x00cf9a00);
  assert.deepEqual([d.base, d.limit], [0, 0xffffffff]);
  assert.ok(isCode(d.ar) && (d.ar & Ar.Big) !== 0);
  const down = parseDescriptor(0x12340fff, 0x56409678);
  assert.equal(down.base, 0x56781234);
  assert.equal(down.limit, 0x00fff);
  assert.ok(isExpandDown(down.ar));
  const gate = parseGate(0x00081234, 0x56788e00);
  assert.deepEqual([gate.selector, gate.offset, gate.ar & 0x1f], [8, 0x56781234, 0xe]);
});
