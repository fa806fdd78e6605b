import { test } from 'node:test';
import assert from 'node:assert/strict';
import { F } from '../src/machine/cpu/flags';
import { Reg, Seg } from '../src/machine/cpu/state';
import { protectedMachine, KCODE, UCODE } from './support/protected-machine';

test('a system call through int 0x80 and back with IRET', () => {
  const { cpu, bus } = protectedMachine();
  bus.bytes.set([0xcd, 0x80, 0xeb, 0xfe], 0x7000); // int 0x80; jmp $
  bus.bytes.set([0xcf], 0x5000); // iretd
  cpu.step();
  assert.deepEqual([cpu.segs[Seg.CS].selector, cpu.eip, cpu.cpl], [KCODE, 0x5000, 0]);
  cpu.step();
  assert.deepEqual([cpu.segs[Seg.CS].selector, cpu.eip, cpu.cpl], [UCODE, 0x7002, 3]);
  cpu.step();
  cpu.step();
  assert.equal(cpu.eip, 0x7002, 'jmp $ stays put');
  assert.equal(cpu.instructions, 4);
});

test('an undefined opcode without a #UD gate becomes #GP with the IDT error code', () => {
  const { cpu, bus } = protectedMachine();
  bus.bytes.set([0x0f, 0xff], 0x7000);
  cpu.step();
  assert.equal(cpu.eip, 0x4000, 'in the #GP handler');
  const esp = cpu.gpr[Reg.ESP];
  assert.equal(bus.read32(esp), 6 * 8 + 2 + 1, 'IDT entry 6, EXT set');
  assert.equal(bus.read32(esp + 4), 0x7000, 'the faulting instruction is saved');
});

test('conditional branches and LOOP', () => {
  const { cpu, bus } = protectedMachine();
  cpu.gpr[Reg.ECX] = 3;
  bus.bytes.set([0xe2, 0xfe, 0x74, 0x10], 0x7000); // loop $; jz +0x10
  for (let i = 0; i < 3; i++) cpu.step();
  assert.equal(cpu.eip, 0x7002);
  assert.equal(cpu.gpr[Reg.ECX], 0);
  cpu.flags.setFlag(F.ZF, true);
  cpu.step();
  assert.equal(cpu.eip, 0x7014);
});

test('a snapshot restores registers, flags, segments, control registers and the TLB', () => {
  const { cpu, bus } = protectedMachine();
  bus.bytes.set([0x40, 0x40, 0xeb, 0xfe], 0x7000); // inc eax; inc eax; jmp $
  cpu.step();
  const snap = cpu.snapshot();
  const before = JSON.stringify({ ...snap, tscOffset: String(snap.tscOffset) });
  cpu.step();
  cpu.step();
  cpu.gpr[Reg.EBX] = 99;
  cpu.mmu.cr4 = 0x10;
  cpu.restore(snap);
  assert.equal(cpu.gpr[Reg.EAX], 1);
  assert.equal(cpu.gpr[Reg.EBX], 0);
  assert.equal(cpu.eip, 0x7001);
  assert.equal(cpu.instructions, 1);
  assert.equal(cpu.cr4, 0);
  const after = cpu.snapshot();
  assert.equal(JSON.stringify({ ...after, tscOffset: String(after.tscOffset) }), before);
});

test('external interrupts wait for IF and for the instruction after STI or MOV SS', () => {
  const { cpu, bus } = protectedMachine();
  let pending = true;
  const taken: number[] = [];
  cpu.interrupts = { hasInterrupt: () => pending, acknowledge: () => ((pending = false), taken.push(0x80), 0x80) };
  bus.bytes.set([0xfb, 0x90, 0x90], 0x7000); // sti; nop; nop
  bus.bytes.set([0xcf], 0x5000); // iretd
  cpu.cpl = 0;
  cpu.tables.fill(Seg.CS, KCODE, cpu.tables.read(KCODE));
  cpu.tables.loadStack(0x10);
  cpu.gpr[Reg.ESP] = 0x9000;
  cpu.flags.value = 2; // IF clear: the interrupt waits
  cpu.step();
  assert.deepEqual(taken, []);
  cpu.step(); // the NOP after STI runs before the interrupt
  assert.deepEqual([taken.length, cpu.eip], [0, 0x7002]);
  cpu.step();
  assert.deepEqual([taken.length, cpu.eip], [1, 0x5000]);
  assert.equal(cpu.bus.read32(cpu.gpr[Reg.ESP]), 0x7002, 'the interrupted instruction resumes after IRET');
});

test('HLT waits for an interrupt, then continues after the HLT', () => {
  const { cpu, bus } = protectedMachine();
  let pending = false;
  cpu.interrupts = { hasInterrupt: () => pending, acknowledge: () => ((pending = false), 0x80) };
  bus.bytes.set([0xf4, 0x90], 0x7000);
  bus.bytes.set([0xcf], 0x5000);
  cpu.cpl = 0;
  cpu.tables.fill(Seg.CS, KCODE, cpu.tables.read(KCODE));
  cpu.tables.loadStack(0x10);
  cpu.gpr[Reg.ESP] = 0x9000;
  cpu.step();
  assert.equal(cpu.halted, true);
  cpu.step();
  assert.equal(cpu.eip, 0x7001, 'still halted');
  pending = true;
  cpu.step();
  assert.deepEqual([cpu.halted, cpu.eip], [false, 0x5000]);
  cpu.step();
  assert.equal(cpu.eip, 0x7001);
});

test('virtual-8086 code: INT with IOPL 0 faults to ring 0, and interrupt gates save the V86 segments', () => {
  const { cpu, bus } = protectedMachine();
  // Enter V86 at 0800:0100 through IRET from ring 0.
  cpu.cpl = 0;
  cpu.tables.fill(Seg.CS, KCODE, cpu.tables.read(KCODE));
  cpu.tables.loadStack(0x10);
  cpu.gpr[Reg.ESP] = 0x9000;
  for (const v of [0x44, 0x33, 0x22, 0x11, 0x1000, 0xfffe, F.VM | 2, 0x0800, 0x0100]) cpu.stack.push(v, 4);
  bus.bytes.set([0xcf], 0x6000);
  cpu.eip = 0x6000;
  cpu.step();
  assert.equal(cpu.flags.has(F.VM), true);
  bus.bytes.set([0xcd, 0x21], 0x8100); // int 0x21 at 0800:0100
  cpu.step();
  assert.deepEqual([cpu.eip, cpu.cpl, cpu.flags.has(F.VM)], [0x4000, 0, false], '#GP(0) to the ring-0 handler');
  const esp = cpu.gpr[Reg.ESP];
  const frame = [0, 4, 8, 12, 16, 20, 24, 28, 32, 36].map((o) => bus.read32(esp + o));
  assert.deepEqual(frame, [0, 0x0100, 0x0800, F.VM | 2, 0xfffe, 0x1000, 0x11, 0x22, 0x33, 0x44]);
  assert.equal(cpu.segs[Seg.DS].selector, 0, 'data segments are nulled on the way in');
});

test('the decode cache forgets instructions that guest writes or debugger pokes replace', async () => {
  const { Pc } = await import('../src/machine/pc');
  const { PcProcessor } = await import('../src/machine/cpu/processor');
  const pc = new Pc({ memoryMB: 1 });
  const { cpu } = new PcProcessor(pc);
  // Real mode at 0000:1000: inc ax; jmp short back (a loop we rewrite underneath).
  pc.memory.poke(0x1000, Uint8Array.of(0x40, 0xeb, 0xfd));
  cpu.segs[Seg.CS].loadReal(0);
  cpu.eip = 0x1000;
  for (let i = 0; i < 4; i++) cpu.step();
  assert.equal(cpu.gpr[Reg.EAX] & 0xffff, 2);
  pc.memory.poke(0x1000, Uint8Array.of(0x48)); // dec ax
  cpu.step();
  assert.equal(cpu.gpr[Reg.EAX] & 0xffff, 1, 'the poked instruction runs, not the cached one');
  cpu.step();
  pc.memory.write8(0x1000, 0x43); // inc bx, as a guest store would write it
  cpu.step();
  assert.equal(cpu.gpr[Reg.EBX] & 0xffff, 1);
});
