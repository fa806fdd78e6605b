import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cpu } from '../src/machine/cpu/cpu';
import { CpuFault } from '../src/machine/cpu/faults';
import { raiseFault, Shutdown } from '../src/machine/cpu/exceptions';
import { F } from '../src/machine/cpu/flags';
import { Reg, Seg } from '../src/machine/cpu/state';
import { FlatBus } from './support/flat-bus';
import { protectedMachine, KCODE, KDATA, UCODE, UDATA, TSS, TSS_SEL, TSS2, TSS2_SEL, GDT } from './support/protected-machine';

function faultOf(fn: () => void): CpuFault {
  try { fn(); } catch (e) { if (e instanceof CpuFault) return e; throw e; }
  assert.fail('expected a fault');
}

test('real-mode interrupt through the vector table', () => {
  const bus = new FlatBus();
  const cpu = new Cpu(bus);
  bus.write32(0x21 * 4, 0x12345678); // handler at 1234:5678
  cpu.segs[Seg.CS].loadReal(0x0100);
  cpu.segs[Seg.SS].loadReal(0);
  cpu.gpr[Reg.ESP] = 0x7c00;
  cpu.flags.value = F.IF | F.TF | 0x2;
  cpu.deliver({ vector: 0x21, software: true, intN: true, returnEip: 0x0042 });
  assert.equal(cpu.segs[Seg.CS].base, 0x12340);
  assert.equal(cpu.eip, 0x5678);
  assert.equal(cpu.gpr[Reg.ESP], 0x7c00 - 6);
  assert.deepEqual([bus.read16(0x7bfa), bus.read16(0x7bfc), bus.read16(0x7bfe)], [0x0042, 0x0100, F.IF | F.TF | 0x2]);
  assert.equal(cpu.flags.has(F.IF) || cpu.flags.has(F.TF), false);
});

test('ring 3 to ring 0 through a trap gate switches to the TSS stack', () => {
  const { cpu, bus } = protectedMachine();
  cpu.deliver({ vector: 0x80, software: true, returnEip: 0x7002 });
  assert.equal(cpu.cpl, 0);
  assert.equal(cpu.segs[Seg.CS].selector, KCODE);
  assert.equal(cpu.segs[Seg.SS].selector, KDATA);
  assert.equal(cpu.eip, 0x5000);
  assert.equal(cpu.gpr[Reg.ESP], 0x9000 - 20);
  const frame = [0, 4, 8, 12, 16].map((o) => bus.read32(0x9000 - 20 + o));
  assert.deepEqual(frame, [0x7002, UCODE, F.IF | 0x2, 0x8000, UDATA]);
  assert.equal(cpu.flags.has(F.IF), true, 'a trap gate leaves IF alone');
});

test('a fault through an interrupt gate pushes its error code and clears IF', () => {
  const { cpu, bus } = protectedMachine();
  cpu.deliver({ vector: 13, errorCode: 0x28, software: false, returnEip: 0x7000 });
  assert.equal(cpu.gpr[Reg.ESP], 0x9000 - 24);
  assert.equal(bus.read32(0x9000 - 24), 0x28);
  assert.equal(bus.read32(0x9000 - 20), 0x7000);
  assert.equal(cpu.flags.has(F.IF), false);
});

test('gate privilege and presence checks', () => {
  const { cpu } = protectedMachine();
  const gp = faultOf(() => cpu.deliver({ vector: 0x81, software: true, returnEip: 0 }));
  assert.deepEqual([gp.vector, gp.errorCode], [13, 0x81 * 8 + 2]);
  const np = faultOf(() => cpu.deliver({ vector: 0x82, software: true, returnEip: 0 }));
  assert.deepEqual([np.vector, np.errorCode], [11, 0x82 * 8 + 2]);
  const outside = faultOf(() => cpu.deliver({ vector: 0xff + 1, software: false, returnEip: 0 }));
  assert.deepEqual([outside.vector, outside.errorCode], [13, 0x100 * 8 + 3]);
  assert.equal(cpu.cpl, 3, 'nothing changed');
  assert.equal(cpu.gpr[Reg.ESP], 0x8000);
});

test('a task gate switches tasks and links back', () => {
  const { cpu, bus } = protectedMachine();
  cpu.gpr[Reg.EAX] = 0xaaaa;
  cpu.deliver({ vector: 0x83, software: true, returnEip: 0x7002 });
  assert.equal(cpu.tr.selector, TSS2_SEL);
  assert.equal(cpu.eip, 0x6000);
  assert.equal(cpu.gpr[Reg.EAX], 0x11111111);
  assert.equal(cpu.gpr[Reg.ESP], 0x8800);
  assert.equal(cpu.cpl, 0);
  assert.equal(cpu.flags.has(F.NT), true);
  assert.equal(bus.read16(TSS2), TSS_SEL, 'back link');
  assert.equal(bus.read32(TSS + 0x20), 0x7002, 'old EIP saved');
  assert.equal(bus.read32(TSS + 0x28), 0xaaaa, 'old EAX saved');
  assert.equal((bus.read32(GDT + 0x30 + 4) >>> 8) & 0xf, 0xb, 'new TSS busy');
  assert.equal((cpu.cr0 & 8) !== 0, true, 'CR0.TS set');
});

test('a #GP while delivering #NP becomes a double fault; a fault delivering #DF shuts down', () => {
  const { cpu } = protectedMachine();
  // #NP (vector 11) has no gate: delivering it raises #GP, contributory after contributory.
  cpu.idtr.limit = 8 * 8 + 7; // room for #DF (vector 8) only
  cpu.bus.write32(0x2000 + 8 * 8, ((KCODE << 16) | 0x4400) >>> 0);
  cpu.bus.write32(0x2000 + 8 * 8 + 4, 0x8e00);
  raiseFault(cpu, new CpuFault(11, 0x10), 0x7000);
  assert.equal(cpu.eip, 0x4400);
  assert.equal(cpu.bus.read32(cpu.gpr[Reg.ESP]), 0, '#DF pushes a zero error code');
  // Without a #DF gate the processor shuts down.
  cpu.idtr.limit = 7;
  assert.throws(() => raiseFault(cpu, new CpuFault(13, 0), 0x7000), (e: Error) => e instanceof Shutdown && /triple fault/.test(e.message));
});

test('a page fault sets CR2 before its handler runs', () => {
  const { cpu } = protectedMachine();
  cpu.bus.write32(0x2000 + 14 * 8, ((KCODE << 16) | 0x4600) >>> 0);
  cpu.bus.write32(0x2000 + 14 * 8 + 4, 0x8e00);
  raiseFault(cpu, new CpuFault(14, 6, 0xdeadb000), 0x7000);
  assert.equal(cpu.cr2, 0xdeadb000);
  assert.equal(cpu.eip, 0x4600);
});
