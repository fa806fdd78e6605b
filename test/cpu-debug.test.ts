import { test } from 'node:test';
import assert from 'node:assert/strict';
import { F } from '../src/machine/cpu/flags';
import { Reg } from '../src/machine/cpu/state';
import { FlatBus, gateDescriptor } from './support/flat-bus';
import { IDT, KCODE } from './support/protected-machine';
import { run, CODE } from './support/snippet';

const DB_HANDLER = 0x4c00;

/** A #DB handler that halts, so the snippet ends where the debug exception was taken. */
function dbGate(_cpu: unknown, bus: FlatBus): void {
  const [lo, hi] = gateDescriptor(KCODE, DB_HANDLER, 0x8e);
  bus.write32(IDT + 8, lo);
  bus.write32(IDT + 12, hi);
  bus.bytes[DB_HANDLER] = 0xf4;
}

test('TF traps after the instruction that follows the POPF setting it', () => {
  const { cpu, bus } = run('pushfd\nor dword [esp], 0x100\npopfd\nnop\nnop', dbGate);
  assert.equal(cpu.eip, DB_HANDLER + 1);
  const saved = bus.read32(cpu.gpr[Reg.ESP]);
  assert.equal(bus.bytes[saved - 1], 0x90, 'the saved EIP is past the first NOP');
  assert.equal(bus.bytes[saved], 0x90);
  assert.equal(cpu.dr[6] & (1 << 14), 1 << 14, 'DR6.BS');
  assert.equal(bus.read32(cpu.gpr[Reg.ESP] + 8) & F.TF, F.TF, 'the saved EFLAGS still has TF');
  assert.equal(cpu.flags.has(F.TF), false, 'the handler runs without TF');
});

test('a DR0 execute breakpoint faults before the instruction; a DR1 write breakpoint traps after it', () => {
  let { cpu, bus } = run(`mov eax, ${CODE + 0x20}\nmov dr0, eax\nmov eax, 1\nmov dr7, eax\njmp ${CODE + 0x20}\ntimes 0x20 - ($ - $$) nop\ninc ebx`, dbGate);
  assert.equal(bus.read32(cpu.gpr[Reg.ESP]), CODE + 0x20, 'fault: the saved EIP is the instruction itself');
  assert.equal(cpu.dr[6] & 0xf, 1);
  assert.equal(cpu.gpr[Reg.EBX], 0, 'and it did not run');
  ({ cpu, bus } = run('mov eax, 0x600\nmov dr1, eax\nmov eax, 0x00d00004\nmov dr7, eax\nmov byte [0x602], 7\nnop', dbGate));
  assert.equal(bus.bytes[0x602], 7, 'trap: the write happened');
  assert.equal(cpu.dr[6] & 0xf, 2);
  assert.equal(bus.bytes[bus.read32(cpu.gpr[Reg.ESP])], 0x90, 'the saved EIP is the next instruction');
});

test('a DR1 write breakpoint traps after an INS that stores into its bytes', () => {
  const { cpu, bus } = run('mov eax, 0x600\nmov dr1, eax\nmov eax, 0x00d00004\nmov dr7, eax\nmov edi, 0x602\nmov dx, 0x80\ninsb\nnop', dbGate);
  assert.equal(cpu.eip, DB_HANDLER + 1, 'the #DB handler ran');
  assert.equal(cpu.dr[6] & 0xf, 2, 'DR6.B1');
  assert.equal(cpu.gpr[Reg.EDI], 0x603, 'the INS completed');
  assert.equal(bus.bytes[bus.read32(cpu.gpr[Reg.ESP])], 0x90, 'the saved EIP is the next instruction');
});
