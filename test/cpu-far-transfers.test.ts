import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CpuFault } from '../src/machine/cpu/faults';
import { F } from '../src/machine/cpu/flags';
import { farCall, farJump, farReturn, interruptReturn } from '../src/machine/cpu/far-transfers';
import { Reg, Seg } from '../src/machine/cpu/state';
import { protectedMachine, CALL_GATE, KCODE, KDATA, UCODE, UDATA, TSS_SEL, TSS2_SEL, TSS, TSS2 } from './support/protected-machine';

function faultOf(fn: () => void): CpuFault {
  try { fn(); } catch (e) { if (e instanceof CpuFault) return e; throw e; }
  assert.fail('expected a fault');
}

test('a call gate to ring 0 copies parameters, and RETF with a count returns to ring 3', () => {
  const { cpu, bus } = protectedMachine();
  cpu.stack.push(0x1111, 4);
  cpu.stack.push(0x2222, 4); // the two parameters, the first pushed deepest
  cpu.eip = 0x7005; // past the CALL
  farCall(cpu, CALL_GATE, 0, 4);
  assert.equal(cpu.cpl, 0);
  assert.equal(cpu.eip, 0x4800);
  assert.equal(cpu.segs[Seg.CS].selector, KCODE);
  assert.equal(cpu.segs[Seg.SS].selector, KDATA);
  const esp = cpu.gpr[Reg.ESP];
  assert.equal(esp, 0x9000 - 24);
  assert.deepEqual([0, 4, 8, 12, 16, 20].map((o) => bus.read32(esp + o)), [0x7005, UCODE, 0x2222, 0x1111, 0x8000 - 8, UDATA]);

  farReturn(cpu, 4, 8);
  assert.equal(cpu.cpl, 3);
  assert.equal(cpu.eip, 0x7005);
  assert.equal(cpu.segs[Seg.CS].selector, UCODE);
  assert.equal(cpu.segs[Seg.SS].selector, UDATA);
  assert.equal(cpu.gpr[Reg.ESP], 0x8000, 'the parameters are released from the caller stack too');
});

test('ring 3 may not jump straight into ring 0 code', () => {
  const { cpu } = protectedMachine();
  const f = faultOf(() => farJump(cpu, KCODE, 0x1000));
  assert.deepEqual([f.vector, f.errorCode], [13, KCODE]);
  assert.equal(cpu.segs[Seg.CS].selector, UCODE);
});

test('IRET to an outer level and the IF/IOPL rules', () => {
  const { cpu } = protectedMachine();
  cpu.deliver({ vector: 0x80, software: true, returnEip: 0x7002 });
  // The ring-0 handler returns with IOPL 3 in the saved EFLAGS: at CPL 0, IRET may change IOPL.
  const frame = cpu.gpr[Reg.ESP];
  cpu.bus.write32(frame + 8, F.IF | F.IOPL | 2);
  interruptReturn(cpu, 4);
  assert.equal(cpu.cpl, 3);
  assert.equal(cpu.eip, 0x7002);
  assert.equal(cpu.flags.iopl, 3);
  assert.equal(cpu.gpr[Reg.ESP], 0x8000);
  // At ring 3, a same-level IRET cannot change IOPL, and IF only because CPL <= IOPL now.
  cpu.stack.push(0x2, 4);
  cpu.stack.push(UCODE, 4);
  cpu.stack.push(0x7100, 4);
  interruptReturn(cpu, 4);
  assert.equal(cpu.flags.iopl, 3);
  assert.equal(cpu.flags.has(F.IF), false);
});

test('IRET at CPL 0 with VM set enters virtual-8086 mode', () => {
  const { cpu } = protectedMachine();
  cpu.deliver({ vector: 0x80, software: true, returnEip: 0x7002 });
  // Build the 36-byte frame by hand: GS FS DS ES SS ESP EFLAGS CS EIP (EIP on top).
  for (const v of [0x5555, 0x4444, 0x3333, 0x2222, 0x1000, 0xfffe, F.VM | F.IF | 2, 0x0800, 0x0100]) cpu.stack.push(v, 4);
  interruptReturn(cpu, 4);
  assert.equal(cpu.flags.has(F.VM), true);
  assert.equal(cpu.cpl, 3);
  assert.equal(cpu.segs[Seg.CS].base, 0x8000);
  assert.equal(cpu.eip, 0x0100);
  assert.equal(cpu.segs[Seg.SS].base, 0x10000);
  assert.equal(cpu.gpr[Reg.ESP], 0xfffe);
  assert.deepEqual([Seg.ES, Seg.DS, Seg.FS, Seg.GS].map((s) => cpu.segs[s].selector), [0x2222, 0x3333, 0x4444, 0x5555]);
});

test('JMP to a TSS switches tasks; IRET with NT returns through the back link', () => {
  const { cpu, bus } = protectedMachine();
  cpu.cpl = 0;
  cpu.tables.fill(Seg.CS, KCODE, cpu.tables.read(KCODE));
  cpu.tables.loadStack(KDATA);
  cpu.eip = 0x7007;
  farCall(cpu, TSS2_SEL, 0, 4);
  assert.equal(cpu.tr.selector, TSS2_SEL);
  assert.equal(cpu.flags.has(F.NT), true);
  assert.equal(bus.read32(TSS + 0x20), 0x7007);
  cpu.eip = 0x6010;
  interruptReturn(cpu, 4);
  assert.equal(cpu.tr.selector, TSS_SEL);
  assert.equal(cpu.eip, 0x7007);
  assert.equal(bus.read32(TSS2 + 0x20), 0x6010, 'the nested task saved where it was');
  assert.equal((bus.read32(0x1000 + 0x30 + 4) >>> 8) & 0xf, 0x9, 'the nested TSS is available again');
});
