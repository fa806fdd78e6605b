import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Processor, Pc } from '../src/machine/pc';
import { PIT_HZ } from '../src/machine/devices/pit8254';

const IPS = 100_000_000;

/** A stand-in CPU that halts with interrupts on: it takes each interrupt, EOIs it, and idles. */
class IdleCpu implements Processor {
  readonly taken: [time: number, vector: number][] = [];
  constructor(private readonly pc: Pc) {}
  run(): string | undefined {
    const { clock, interrupts } = this.pc;
    while (clock.now < clock.stopAt) {
      if (interrupts.hasInterrupt()) {
        this.taken.push([clock.now, interrupts.acknowledge()]);
        this.pc.io.write(0x20, 1, 0x20);
        continue;
      }
      if (clock.stopAt === Infinity) return 'halted';
      clock.idle();
    }
    return undefined;
  }
  reset(): void {}
  snapshot(): unknown {
    return this.taken.length;
  }
  restore(): void {}
}

function machine(): { pc: Pc; cpu: IdleCpu } {
  const pc = new Pc({ instructionsPerSecond: IPS });
  for (const [port, value] of [[0x20, 0x11], [0x21, 0x20], [0x21, 0x04], [0x21, 0x01], [0x21, 0xfe]]) pc.io.write(port, 1, value);
  const cpu = new IdleCpu(pc);
  pc.attachCpu(cpu);
  return { pc, cpu };
}

function program(pc: Pc, control: number, count: number): void {
  const port = 0x40 + (control >> 6);
  pc.io.write(0x43, 1, control);
  pc.io.write(port, 1, count & 0xff);
  pc.io.write(port, 1, count >> 8);
}

const edge = (ticks: number) => Math.ceil((ticks * IPS) / PIT_HZ);

test('mode 2: IRQ0 every N ticks of 1.193182 MHz virtual time', () => {
  const { pc, cpu } = machine();
  program(pc, 0x34, 11932); // ~100 Hz
  assert.deepEqual(pc.run(edge(5 * 11932) + 1), { reason: 'limit' });
  assert.deepEqual(cpu.taken, [1, 2, 3, 4, 5].map((k) => [edge(k * 11932), 0x20]));
});

test('mode 3 with count 0 (65536): 18.2 Hz square wave, IRQ0 on each rising edge', () => {
  const { pc, cpu } = machine();
  program(pc, 0x36, 0);
  pc.run(IPS); // one virtual second
  assert.equal(cpu.taken.length, 18);
  assert.deepEqual(cpu.taken[0], [edge(65536), 0x20]);
  assert.deepEqual(cpu.taken[17], [edge(18 * 65536), 0x20]);
  // OUT is high for the first half of each period, low for the second.
  pc.io.write(0x43, 1, 0xe2); // read-back status of channel 0
  const status = pc.io.read(0x40, 1);
  const phase = Math.floor((pc.clock.now * PIT_HZ) / IPS) % 65536;
  assert.equal(status & 0x3f, 0x36);
  assert.equal((status & 0x80) !== 0, phase < 32768);
});

test('mode 0: one interrupt at terminal count, OUT low until then', () => {
  const { pc, cpu } = machine();
  program(pc, 0x30, 1000);
  pc.io.write(0x43, 1, 0xe2);
  assert.equal(pc.io.read(0x40, 1) & 0x80, 0, 'OUT low while counting');
  pc.run(IPS / 10);
  assert.deepEqual(cpu.taken, [[edge(1000), 0x20]]);
  pc.io.write(0x43, 1, 0xe2);
  assert.equal(pc.io.read(0x40, 1) & 0x80, 0x80);
});

test('counter latch and live reads follow virtual time', () => {
  const { pc } = machine();
  pc.io.write(0x21, 1, 0xff);
  program(pc, 0x74, 5000); // channel 1, mode 2
  pc.clock.now += edge(1234);
  pc.io.write(0x43, 1, 0x40); // latch channel 1
  pc.clock.now += 10_000; // the latch holds
  const lo = pc.io.read(0x41, 1);
  const hi = pc.io.read(0x41, 1);
  assert.equal(lo | (hi << 8), 5000 - 1234);
  pc.io.write(0x43, 1, 0x50); // channel 1, LSB only, mode 0
  pc.io.write(0x41, 1, 200);
  pc.clock.now += edge(50);
  assert.equal(pc.io.read(0x41, 1), 150);
});

test('BCD counting', () => {
  const { pc } = machine();
  pc.io.write(0x43, 1, 0x75); // channel 1, LSB/MSB, mode 2, BCD
  pc.io.write(0x41, 1, 0x00);
  pc.io.write(0x41, 1, 0x10); // 1000
  pc.clock.now += edge(1);
  pc.io.write(0x43, 1, 0x40);
  assert.equal(pc.io.read(0x41, 1) | (pc.io.read(0x41, 1) << 8), 0x0999);
});

test('channel 2 through port 0x61: a gated one-shot delay polled on bit 5', () => {
  const { pc } = machine();
  const out2 = () => (pc.io.read(0x61, 1) & 0x20) !== 0;
  program(pc, 0xb0, 1193); // channel 2, mode 0, ~1 ms; the gate is still low
  pc.clock.now += edge(5000);
  assert.ok(!out2(), 'not counting while the gate is low');
  pc.io.write(0x61, 1, (pc.io.read(0x61, 1) & 0x0c) | 0x01);
  const start = pc.clock.now;
  pc.clock.now = start + edge(1000);
  pc.io.write(0x61, 1, 0x00); // gate low: the count stops at 193
  pc.clock.now += edge(10_000);
  pc.io.write(0x43, 1, 0x80);
  assert.equal(pc.io.read(0x42, 1) | (pc.io.read(0x42, 1) << 8), 193);
  pc.io.write(0x61, 1, 0x01);
  const resumed = pc.clock.now;
  pc.clock.now = resumed + edge(192);
  assert.ok(!out2());
  pc.clock.now = resumed + edge(193);
  assert.ok(out2(), 'terminal count after 1193 counted ticks');
});

test('channel 2 in mode 1 is triggered by a rising gate; mode 2 restarts on it; bit 4 toggles with refresh', () => {
  const { pc } = machine();
  const out2 = () => (pc.io.read(0x61, 1) & 0x20) !== 0;
  program(pc, 0xb2, 100); // mode 1
  assert.ok(out2());
  pc.io.write(0x61, 1, 0x01);
  assert.ok(!out2(), 'triggered: OUT low until terminal count');
  pc.clock.now += edge(100);
  assert.ok(out2());
  program(pc, 0xb4, 100); // mode 2
  pc.clock.now += edge(150);
  pc.io.write(0x43, 1, 0x80);
  assert.equal(pc.io.read(0x42, 1), 50);
  pc.io.read(0x42, 1);
  pc.io.write(0x61, 1, 0x00);
  pc.io.write(0x61, 1, 0x01);
  pc.io.write(0x43, 1, 0x80);
  assert.equal(pc.io.read(0x42, 1), 100, 'reloaded by the rising gate');
  const seen = new Set<number>();
  for (let i = 0; i < 8; i++, pc.clock.now += 1000) seen.add(pc.io.read(0x61, 1) & 0x10);
  assert.deepEqual([...seen].sort(), [0, 0x10]);
});

test('a control word restarts the counter; a new count alone waits for the end of the period', () => {
  const { pc, cpu } = machine();
  program(pc, 0x34, 1000);
  pc.run(edge(1500));
  program(pc, 0x34, 2000); // control word + count: starts now
  const start = pc.clock.now;
  pc.run(edge(4100));
  assert.deepEqual(cpu.taken.map(([t]) => t), [edge(1000), start + edge(2000), start + edge(4000)]);
  cpu.taken.length = 0;
  const period = pc.clock.now;
  pc.io.write(0x40, 1, 500 & 0xff); // count only, mid-period
  pc.io.write(0x40, 1, 500 >> 8);
  pc.io.write(0x43, 1, 0x00);
  const counted = pc.io.read(0x40, 1) | (pc.io.read(0x40, 1) << 8);
  assert.ok(counted > 500, 'still counting the old period');
  const boundary = start + edge(6000);
  pc.run(boundary + edge(1000) - period + 1);
  assert.deepEqual(cpu.taken.map(([t]) => t), [boundary, boundary + edge(500), boundary + edge(1000)]);
});
