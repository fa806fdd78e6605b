import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Processor, Pc, PcSnapshot } from '../src/machine/pc';
import { BufferedOutput } from '../src/machine/output';

type Step = (pc: Pc) => void;

/**
 * A stand-in CPU running a script: one step per instruction, then an idle loop. It takes
 * interrupts between steps (IF always set), records each vector, and EOIs it.
 */
class ScriptCpu implements Processor {
  ip = 0;
  vectors: [time: number, vector: number][] = [];
  resets = 0;
  constructor(private readonly pc: Pc, private readonly script: Step[]) {}
  run(): string | undefined {
    const { clock, interrupts } = this.pc;
    while (clock.now < clock.stopAt) {
      if (interrupts.hasInterrupt()) {
        const vector = interrupts.acknowledge();
        this.vectors.push([clock.now, vector]);
        if (vector >= 0x28) this.pc.io.write(0xa0, 1, 0x20);
        this.pc.io.write(0x20, 1, 0x20);
      }
      if (this.ip < this.script.length) this.script[this.ip++](this.pc);
      clock.now++;
    }
    return undefined;
  }
  reset(): void {
    this.resets++;
    this.ip = 0;
  }
  snapshot(): unknown {
    return { ip: this.ip, vectors: [...this.vectors] };
  }
  restore(state: unknown): void {
    const s = state as { ip: number; vectors: [number, number][] };
    this.ip = s.ip;
    this.vectors = [...s.vectors];
  }
}

const out = (port: number, value: number, size = 1): Step => (pc) => pc.io.write(port, size, value);

/** Kernel-style start: PICs at 0x20/0x28, PIT at ~1 kHz, COM1 with receive interrupts. */
const BOOT: Step[] = [
  ...[[0x20, 0x11], [0x21, 0x20], [0x21, 0x04], [0x21, 0x01], [0xa0, 0x11], [0xa1, 0x28], [0xa1, 0x02], [0xa1, 0x01]].map(([p, v]) => out(p, v)),
  out(0x21, 0xea), // IRQ0, IRQ2 and IRQ4 unmasked
  out(0xa1, 0xff),
  out(0x43, 0x34), out(0x40, 0xa9), out(0x40, 0x04), // mode 2, 1193 ticks
  out(0x3fb, 0x80), out(0x3f8, 1), out(0x3f9, 0), out(0x3fb, 0x03), out(0x3fa, 0xc7), out(0x3fc, 0x0b), out(0x3f9, 0x01),
];

function machine(script: Step[], output = new BufferedOutput()): { pc: Pc; cpu: ScriptCpu; output: BufferedOutput } {
  const pc = new Pc({ memoryMB: 32, instructionsPerSecond: 1_000_000, output });
  const cpu = new ScriptCpu(pc, script);
  pc.attachCpu(cpu);
  return { pc, cpu, output };
}

test('port 0xE9 and COM1 output reach the sink; 0xE9 reads back as 0xE9', () => {
  const { pc, output } = machine([...BOOT, ...[...'ok'].map((c) => out(0xe9, c.charCodeAt(0))), out(0x3f8, 0x21)]);
  pc.run(100);
  assert.equal(output.text('debugcon'), 'ok');
  assert.equal(output.text('serial'), '!');
  assert.equal(pc.io.read(0xe9, 1), 0xe9);
});

test('isa-debug-exit: a write of V ends the run with (V << 1) | 1 right after the instruction', () => {
  const { pc, cpu } = machine([out(0x80, 1), out(0xf4, 0x10), out(0x80, 2)]);
  assert.deepEqual(pc.run(1000), { reason: 'exit', request: { kind: 'debug-exit', code: 0x21 } });
  assert.equal(cpu.ip, 2);
  assert.equal(pc.clock.now, 2);
  const wide = machine([out(0xf4, 0x1234, 4)]);
  assert.deepEqual(wide.pc.run(10), { reason: 'exit', request: { kind: 'debug-exit', code: 0x2469 } });
});

test('POST codes are recorded in order and the last one reads back', () => {
  const { pc } = machine([0x01, 0x02, 0x55, 0xaa].map((v) => out(0x80, v)));
  pc.run(10);
  assert.deepEqual(pc.post.codes, [0x01, 0x02, 0x55, 0xaa]);
  assert.equal(pc.io.read(0x80, 1), 0xaa);
});

test('port 0x92: bit 1 drives A20, bit 0 requests a reset; reset restores devices but keeps RAM', () => {
  const { pc, cpu } = machine([...BOOT, out(0x92, 0x00), (p) => p.memory.write8(0x100000, 7), out(0x92, 0x02), out(0x92, 0x03)]);
  assert.equal(pc.memory.a20Enabled, true);
  const result = pc.run(1000);
  assert.deepEqual(result, { reason: 'exit', request: { kind: 'reset' } });
  assert.equal(pc.memory.read8(0), 7, 'the write went to 0 while A20 was off');
  assert.equal(pc.io.read(0x92, 1), 0x03);
  pc.reset();
  assert.equal(cpu.resets, 1);
  assert.equal(pc.io.read(0x92, 1), 0x02);
  assert.equal(pc.io.read(0x21, 1), 0x00, 'PIC mask at power-on');
  assert.equal(pc.memory.read8(0), 7);
  assert.equal(pc.clock.nextEventAt, Infinity, 'the PIT stopped');
});

test('the timer and serial input interrupt a running guest at deterministic times', () => {
  const { pc, cpu } = machine(BOOT);
  pc.run(2500); // the PIT count is written by the instruction at time 12; 1193 ticks = 999.8 us
  pc.serialInput([0x41]);
  pc.run(600);
  assert.deepEqual(cpu.vectors, [[1012, 0x20], [2012, 0x20], [2500, 0x24], [3012, 0x20]]);
  assert.equal(pc.io.read(0x3f8, 1), 0x41);
});

/** Runs a busy guest: timer, serial traffic both ways, memory writes. */
function busyGuest(): { pc: Pc; cpu: ScriptCpu; output: BufferedOutput } {
  const script: Step[] = [...BOOT];
  for (let i = 0; i < 2000; i++) {
    script.push(out(0x3f8, 0x30 + (i % 10)));
    script.push((pc) => pc.memory.write32(0x10000 + i * 4096, i));
    script.push((pc) => void (pc.io.read(0x3fd, 1) & 1 && pc.memory.write8(0x500, pc.io.read(0x3f8, 1))));
  }
  return machine(script);
}

/** Everything in a snapshot as a string, RAM contents as a hash. */
function state(s: PcSnapshot): string {
  let hash = 0;
  for (const page of s.memory.buffers) for (const byte of page) hash = (Math.imul(hash, 31) + byte) | 0;
  return JSON.stringify({ clock: s.clock, devices: s.devices, exit: s.exitRequest, cpu: s.cpu, pages: [...s.memory.pageNumbers], hash });
}

test('determinism: the same guest twice gives the same state, output and interrupts', () => {
  const runs = [busyGuest(), busyGuest()].map(({ pc, output }) => {
    pc.run(3000);
    pc.serialInput([1, 2, 3]);
    pc.run(4000);
    return { state: state(pc.snapshot()), serial: output.text('serial'), mem: [...pc.memory.peek(0x10000, 64)] };
  });
  assert.deepEqual(runs[0], runs[1]);
});

test('whole-platform snapshot and restore replays identically', () => {
  const { pc, output } = busyGuest();
  pc.run(2000);
  const snap = pc.snapshot();
  const mark = output.bytes.serial.length;
  pc.serialInput([9]);
  pc.run(3000);
  const first = { state: state(pc.snapshot()), serial: output.bytes.serial.slice(mark), mem: [...pc.memory.peek(0x500, 1)] };
  pc.restore(snap);
  output.bytes.serial.length = mark;
  pc.serialInput([9]);
  pc.run(3000);
  const second = { state: state(pc.snapshot()), serial: output.bytes.serial.slice(mark), mem: [...pc.memory.peek(0x500, 1)] };
  assert.deepEqual(second, first);
  assert.deepEqual(first.mem, [9]);
});
