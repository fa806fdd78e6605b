import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Pc } from '../src/machine/pc';
import { civilToSeconds, secondsToCivil } from '../src/machine/devices/civil-time';

const IPS = 1_000_000;

function cmos(pc: Pc, index: number): number {
  pc.io.write(0x70, 1, index);
  return pc.io.read(0x71, 1);
}

function setCmos(pc: Pc, index: number, value: number): void {
  pc.io.write(0x70, 1, index);
  pc.io.write(0x71, 1, value);
}

test('the fixed start date reads in BCD, 24-hour, and advances with virtual seconds', () => {
  const pc = new Pc({ instructionsPerSecond: IPS });
  assert.deepEqual([0, 2, 4, 6, 7, 8, 9, 0x32].map((r) => cmos(pc, r)), [0, 0, 0, 4, 1, 1, 0x25, 0x20]);
  assert.equal(cmos(pc, 0x0a), 0x26);
  assert.equal(cmos(pc, 0x0b), 0x02);
  assert.equal(cmos(pc, 0x0d), 0x80);
  pc.clock.now = (13 * 3600 + 59 * 60 + 58) * IPS;
  assert.deepEqual([0, 2, 4].map((r) => cmos(pc, r)), [0x58, 0x59, 0x13]);
  setCmos(pc, 0x0b, 0x04); // binary, 12-hour
  assert.deepEqual([0, 2, 4].map((r) => cmos(pc, r)), [58, 59, 0x81]);
});

test('UIP is set in the last 244 us of each second', () => {
  const pc = new Pc({ instructionsPerSecond: IPS });
  pc.clock.now = 5 * IPS - 100;
  assert.equal(cmos(pc, 0x0a) & 0x80, 0x80);
  pc.clock.now = 5 * IPS;
  assert.equal(cmos(pc, 0x0a) & 0x80, 0);
});

test('a guest sets the clock with SET held, and it runs on from there', () => {
  const pc = new Pc({ instructionsPerSecond: IPS });
  setCmos(pc, 0x0b, 0x82);
  setCmos(pc, 4, 0x23);
  setCmos(pc, 2, 0x59);
  setCmos(pc, 0, 0x59);
  setCmos(pc, 7, 0x31);
  setCmos(pc, 8, 0x12);
  setCmos(pc, 9, 0x99);
  setCmos(pc, 0x32, 0x20);
  pc.clock.now += 10 * IPS;
  assert.equal(cmos(pc, 0), 0x59, 'stopped while SET');
  setCmos(pc, 0x0b, 0x02);
  pc.clock.now += 2 * IPS; // into Friday 2100-01-01
  assert.deepEqual([0, 2, 4, 7, 8, 9, 0x32, 6].map((r) => cmos(pc, r)), [0x01, 0, 0, 0x01, 0x01, 0x00, 0x21, 6]);
});

test('memory sizes as BIOSes read them, with the checksum', () => {
  const small = new Pc({ memoryMB: 32 });
  assert.deepEqual([0x15, 0x16, 0x17, 0x18, 0x30, 0x31, 0x34, 0x35].map((r) => cmos(small, r)), [0x80, 0x02, 0x00, 0x7c, 0x00, 0x7c, 0x00, 0x01]);
  let sum = 0;
  for (let r = 0x10; r <= 0x2d; r++) sum += cmos(small, r);
  assert.equal((cmos(small, 0x2e) << 8) | cmos(small, 0x2f), sum);
  const big = new Pc({ memoryMB: 3072 });
  assert.deepEqual([0x17, 0x18, 0x34, 0x35].map((r) => cmos(big, r)), [0xff, 0xff, 0x00, 0xbf]);
});

test('the NMI mask bit of port 0x70; RAM bytes keep what is written', () => {
  const pc = new Pc();
  pc.io.write(0x70, 1, 0x80 | 0x40);
  assert.ok(pc.cmos.nmiDisabled);
  pc.io.write(0x71, 1, 0x5a);
  pc.io.write(0x70, 1, 0x40);
  assert.ok(!pc.cmos.nmiDisabled);
  assert.equal(pc.io.read(0x71, 1), 0x5a);
});

test('calendar arithmetic agrees with the host calendar', () => {
  for (let s = 0; s < 6_000_000_000; s += 7_777_777) {
    const t = secondsToCivil(s);
    const d = new Date(s * 1000);
    assert.deepEqual(
      [t.year, t.month, t.day, t.hour, t.minute, t.second, t.weekday],
      [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCDay()],
    );
    assert.equal(civilToSeconds(t), s);
  }
});

/** A halted CPU with interrupts on whose IRQ8 handler reads register C (or not) and EOIs. */
function rtcMachine(readC: boolean): { pc: Pc; taken: number[] } {
  const pc = new Pc({ instructionsPerSecond: IPS });
  for (const [port, value] of [
    [0x20, 0x11], [0x21, 0x20], [0x21, 0x04], [0x21, 0x01], [0xa0, 0x11], [0xa1, 0x28], [0xa1, 0x02], [0xa1, 0x01],
    [0x21, 0xfb], [0xa1, 0xfe],
  ]) pc.io.write(port, 1, value);
  const taken: number[] = [];
  pc.attachCpu({
    run: () => {
      while (pc.clock.now < pc.clock.stopAt) {
        if (pc.interrupts.hasInterrupt()) {
          taken.push(pc.clock.now);
          assert.equal(pc.interrupts.acknowledge(), 0x28);
          if (readC) assert.ok(cmos(pc, 0x0c) & 0x80);
          pc.io.write(0xa0, 1, 0x20);
          pc.io.write(0x20, 1, 0x20);
          continue;
        }
        if (pc.clock.stopAt === Infinity) return 'halted';
        pc.clock.idle();
      }
      return undefined;
    },
    reset: () => {},
    snapshot: () => undefined,
    restore: () => {},
  });
  return { pc, taken };
}

test('periodic interrupt at register A\'s rate, while the handler reads register C', () => {
  const { pc, taken } = rtcMachine(true);
  setCmos(pc, 0x0a, 0x26); // 1024 Hz
  setCmos(pc, 0x0b, 0x42); // PIE, 24-hour
  pc.run(IPS / 8 + 1);
  assert.equal(taken.length, 128);
  assert.equal(taken[0], Math.ceil(IPS / 1024));
});

test('without a read of register C, IRQ8 fires once', () => {
  const { pc, taken } = rtcMachine(false);
  setCmos(pc, 0x0b, 0x42);
  pc.run(IPS / 8);
  assert.equal(taken.length, 1);
  assert.equal(cmos(pc, 0x0c), 0xc0, 'IRQF and PF');
  assert.equal(cmos(pc, 0x0c), 0x00);
});

test('update-ended interrupts each second; the alarm when the time matches', () => {
  const { pc, taken } = rtcMachine(true);
  setCmos(pc, 0x0b, 0x12); // UIE
  pc.run(3 * IPS + 1);
  assert.deepEqual(taken, [IPS, 2 * IPS, 3 * IPS]);
  taken.length = 0;
  setCmos(pc, 1, 0x05); // alarm at hh:mm:05, any hour, any minute
  setCmos(pc, 3, 0xff);
  setCmos(pc, 5, 0xff);
  setCmos(pc, 0x0b, 0x22); // AIE
  pc.run(10 * IPS);
  assert.deepEqual(taken, [5 * IPS]);
});
