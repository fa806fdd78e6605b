import { test } from 'node:test';
import assert from 'node:assert/strict';
import { F } from '../src/machine/cpu/flags';
import { Reg } from '../src/machine/cpu/state';
import { run, CODE } from './support/snippet';
import { FlatBus, gateDescriptor } from './support/flat-bus';
import { IDT, KCODE } from './support/protected-machine';

const ARITH = F.CF | F.PF | F.AF | F.ZF | F.SF | F.OF;
const flags = (cpu: { flags: { value: number } }) => cpu.flags.value & ARITH;
const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;

test('ADD, ADC, SUB, SBB, CMP, NEG set every arithmetic flag', () => {
  const cases: [string, number, number][] = [
    ['mov al, 0x7f\nadd al, 1', 0x80, F.OF | F.SF | F.AF],
    ['mov eax, 0xffffffff\nadd eax, 1', 0, F.CF | F.ZF | F.AF | F.PF],
    ['stc\nmov ax, 0xfffe\nadc ax, 1', 0, F.CF | F.ZF | F.AF | F.PF],
    ['mov eax, 5\nsub eax, 7', 0xfffffffe, F.CF | F.SF | F.AF],
    ['stc\nmov bl, 0\nsbb bl, 0\nmov al, bl', 0xff, F.CF | F.SF | F.AF | F.PF],
    ['mov eax, 0x80000000\nneg eax', 0x80000000, F.CF | F.OF | F.SF | F.PF],
    ['mov eax, 3\ncmp eax, 3', 3, F.ZF | F.PF],
  ];
  for (const [source, result, expected] of cases) {
    const { cpu } = run(source);
    const value = source.includes(' al') && !source.includes('eax') ? cpu.gpr[Reg.EAX] & 0xff : source.includes(' ax') ? cpu.gpr[Reg.EAX] & 0xffff : cpu.gpr[Reg.EAX];
    assert.equal(hex(value), hex(result), source);
    assert.equal(hex(flags(cpu)), hex(expected), source);
  }
});

test('INC and DEC keep CF', () => {
  const { cpu } = run('stc\nmov ecx, 0xffffffff\ninc ecx\nmov edx, 0\ndec dl');
  assert.equal(cpu.gpr[Reg.ECX], 0);
  assert.equal(cpu.gpr[Reg.EDX], 0xff);
  assert.equal(hex(flags(cpu)), hex(F.CF | F.SF | F.AF | F.PF));
});

test('MUL and IMUL widen and report overflow in CF and OF', () => {
  let { cpu } = run('mov eax, 0x12345678\nmov ebx, 0x9abcdef0\nmul ebx');
  assert.deepEqual([hex(cpu.gpr[Reg.EDX]), hex(cpu.gpr[Reg.EAX])], ['0xb00ea4e', '0x242d2080']);
  assert.equal(flags(cpu) & (F.CF | F.OF), F.CF | F.OF);
  ({ cpu } = run('mov eax, -3\nmov ecx, 7\nimul ecx'));
  assert.deepEqual([hex(cpu.gpr[Reg.EDX]), hex(cpu.gpr[Reg.EAX])], ['0xffffffff', '0xffffffeb']);
  assert.equal(flags(cpu) & (F.CF | F.OF), 0);
  ({ cpu } = run('mov al, 0x80\nmov bl, 2\nimul bl'));
  assert.equal(hex(cpu.gpr[Reg.EAX] & 0xffff), '0xff00');
  assert.equal(flags(cpu) & (F.CF | F.OF), F.CF | F.OF);
  ({ cpu } = run('mov ebx, 0x10000\nimul eax, ebx, 0x10000'));
  assert.equal(cpu.gpr[Reg.EAX], 0);
  assert.equal(flags(cpu) & (F.CF | F.OF), F.CF | F.OF);
  ({ cpu } = run('mov ecx, -5\nimul ecx, 3'));
  assert.equal(cpu.gpr[Reg.ECX] | 0, -15);
});

test('DIV and IDIV, and #DE for zero or overflowing quotients', () => {
  let { cpu } = run('mov edx, 1\nmov eax, 0\nmov ecx, 3\ndiv ecx');
  assert.deepEqual([cpu.gpr[Reg.EAX], cpu.gpr[Reg.EDX]], [0x55555555, 1]);
  ({ cpu } = run('mov eax, -7\ncdq\nmov ecx, 2\nidiv ecx'));
  assert.deepEqual([cpu.gpr[Reg.EAX] | 0, cpu.gpr[Reg.EDX] | 0], [-3, -1]);
  ({ cpu } = run('mov ax, 1000\nmov bl, 13\ndiv bl'));
  assert.equal(hex(cpu.gpr[Reg.EAX] & 0xffff), hex((12 << 8) | 76), 'remainder in AH, quotient in AL');
  // A #DE handler at 0x4400 that halts; the saved EIP is the DIV itself.
  const deHandler = (_cpu: unknown, bus: FlatBus) => {
    const [lo, hi] = gateDescriptor(KCODE, 0x4400, 0x8e);
    bus.write32(IDT, lo);
    bus.write32(IDT + 4, hi);
    bus.bytes.set([0xf4], 0x4400);
  };
  ({ cpu } = run('xor ecx, ecx\ndiv ecx', deHandler));
  assert.equal(cpu.eip, 0x4401);
  assert.equal(cpu.bus.read32(cpu.gpr[Reg.ESP]), CODE + 2, 'the faulting DIV is saved');
  ({ cpu } = run('mov edx, 1\nmov ecx, 1\ndiv ecx', deHandler));
  assert.equal(cpu.eip, 0x4401, 'a quotient too big raises #DE too');
});

test('XADD, CMPXCHG and CMPXCHG8B', () => {
  let { cpu } = run('mov eax, 5\nmov ebx, 7\nxadd eax, ebx');
  assert.deepEqual([cpu.gpr[Reg.EAX], cpu.gpr[Reg.EBX]], [12, 5]);
  ({ cpu } = run('mov dword [0x600], 9\nmov eax, 9\nmov ecx, 4\ncmpxchg [0x600], ecx\nmov esi, [0x600]'));
  assert.equal(cpu.gpr[Reg.ESI], 4);
  assert.equal(cpu.flags.zf, true);
  ({ cpu } = run('mov dword [0x600], 9\nmov eax, 1\nmov ecx, 4\ncmpxchg [0x600], ecx'));
  assert.equal(cpu.gpr[Reg.EAX], 9);
  assert.equal(cpu.flags.zf, false);
  ({ cpu } = run('mov dword [0x600], 1\nmov dword [0x604], 2\nmov eax, 1\nmov edx, 2\nmov ebx, 3\nmov ecx, 4\ncmpxchg8b [0x600]'));
  assert.deepEqual([cpu.bus.read32(0x600), cpu.bus.read32(0x604)], [3, 4]);
  assert.equal(cpu.flags.zf, true);
});

test('logic clears CF and OF; NOT changes no flag', () => {
  const { cpu } = run('stc\nmov eax, 0xf0f0\nand eax, 0x0ff0\nmov ebx, eax\nnot ebx\ntest eax, 0');
  assert.equal(cpu.gpr[Reg.EAX], 0x00f0);
  assert.equal(cpu.gpr[Reg.EBX], 0xffffff0f);
  assert.equal(hex(flags(cpu)), hex(F.ZF | F.PF));
});
