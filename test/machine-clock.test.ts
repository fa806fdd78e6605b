import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Clock, scaleCeil, scaleFloor } from '../src/machine/clock';

test('scaling stays exact far past 2^32', () => {
  const n = 2 ** 52 + 12345;
  assert.equal(scaleFloor(n, 1_193_182, 100_000_000), Number((BigInt(n) * 1_193_182n) / 100_000_000n));
  assert.equal(scaleCeil(7, 100_000_000, 1_193_182), 587);
  assert.equal(scaleCeil(1_193_182, 100_000_000, 1_193_182), 100_000_000);
});

test('timers fire in deadline order, ties in creation order, and stopAt follows the next event', () => {
  const clock = new Clock(1000);
  const fired: string[] = [];
  const a = clock.createTimer('a', (d) => fired.push(`a@${d}`));
  const b = clock.createTimer('b', (d) => fired.push(`b@${d}`));
  clock.setLimit(1000);
  assert.equal(clock.stopAt, 1000);
  b.schedule(50);
  a.schedule(50);
  assert.equal(clock.stopAt, 50);
  assert.equal(clock.untilNextEvent(), 50);
  clock.now = 49;
  clock.fireDue();
  assert.deepEqual(fired, []);
  clock.now = 60;
  clock.fireDue();
  assert.deepEqual(fired, ['a@50', 'b@50']);
  assert.equal(clock.stopAt, 1000);
  clock.requestStop();
  assert.ok(clock.now >= clock.stopAt);
  a.schedule(70);
  assert.ok(clock.now >= clock.stopAt, 'a stop request survives rescheduling');
  clock.setLimit(1000);
  assert.equal(clock.stopAt, 70);
  clock.idle();
  assert.equal(clock.now, 70);
});

test('a clock snapshot restores time and deadlines', () => {
  const clock = new Clock(1000);
  const t = clock.createTimer('t', () => {});
  t.schedule(500);
  clock.now = 100;
  const snap = clock.snapshot();
  t.cancel();
  clock.now = 900;
  clock.restore(snap);
  assert.equal(clock.now, 100);
  assert.equal(clock.nextEventAt, 500);
  assert.equal(t.deadline, 500);
});

test('tick conversions: whole ticks of a device clock and the first slot at which they have elapsed', () => {
  const clock = new Clock(100_000_000);
  assert.equal(clock.ticksAt(100_000_000, 1_193_182), 1_193_182);
  const at = clock.timeOfTicks(1000, 1_193_182);
  assert.equal(clock.ticksAt(at, 1_193_182), 1000);
  assert.equal(clock.ticksAt(at - 1, 1_193_182), 999);
});
