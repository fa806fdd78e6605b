import { test } from 'node:test';
import assert from 'node:assert/strict';
import { F } from '../src/machine/cpu/flags';
import { Reg } from '../src/machine/cpu/state';
import { run } from './support/snippet';

const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;

test('shifts and rotates: results, CF and one-bit OF', () => {
  // OF is defined for one-bit shifts only: the multi-bit cases compare CF alone.
  const cases: [string, number, number, number][] = [
    // source, mask of EAX to compare, expected value, expected CF (and OF for one-bit shifts)
    ['mov eax, 0x80000001\nshl eax, 1', 0xffffffff, 0x2, F.CF | F.OF],
    ['mov eax, 0x80000000\nsar eax, 31', 0xffffffff, 0xffffffff, 0],
    ['mov eax, 0x60000000\nshr eax, 30', 0xffffffff, 0x1, F.CF],
    ['mov al, 0x81\nrol al, 1', 0xff, 0x03, F.CF | F.OF],
    ['mov al, 0x01\nror al, 1', 0xff, 0x80, F.CF | F.OF],
    ['stc\nmov al, 0x80\nrcl al, 1', 0xff, 0x01, F.CF | F.OF],
    ['clc\nmov al, 0x01\nrcr al, 1', 0xff, 0x00, F.CF],
    ['clc\nmov al, 0x55\nmov cl, 9\nrcl al, cl', 0xff, 0x55, 0],
    ['mov eax, 0x12345678\nmov ebx, 0x9abcdef0\nshld eax, ebx, 8', 0xffffffff, 0x3456789a, 0],
    ['mov eax, 0x12345678\nmov ebx, 0x9abcdef0\nshrd eax, ebx, 8', 0xffffffff, 0xf0123456, 0],
    ['mov ax, 0x8000\nmov bx, 0xffff\nshrd ax, bx, 4', 0xffff, 0xf800, 0],
  ];
  for (const [source, mask, value, cfof] of cases) {
    const { cpu } = run(source);
    assert.equal(hex(cpu.gpr[Reg.EAX] & mask), hex(value), source);
    const defined = /, 1$/.test(source) ? F.CF | F.OF : F.CF;
    assert.equal(hex(cpu.flags.value & defined), hex(cfof), source);
  }
});

test('a shift by zero changes no flag', () => {
  const { cpu } = run('stc\nmov cl, 32\nshl eax, cl');
  assert.equal(cpu.flags.cf, true);
});

test('BT, BTS, BTR, BTC on registers and on bit strings in memory', () => {
  let { cpu } = run('mov eax, 0x10\nbt eax, 4\nsetc bl\nbts eax, 0\nsetc bh\nbtr eax, 4\nbtc eax, 31');
  assert.equal(hex(cpu.gpr[Reg.EAX]), '0x80000001');
  assert.equal(cpu.gpr[Reg.EBX] & 0xffff, 0x0001);
  ({ cpu } = run('mov dword [0x604], 0\nmov ecx, 35\nbts dword [0x600], ecx\nmov ecx, -1\nbts dword [0x608], ecx'));
  assert.equal(hex(cpu.bus.read32(0x604)), '0x80000008');
});

test('BSF, BSR, SETcc, CMOVcc', () => {
  const { cpu, bus } = run('mov ebx, 0xf0\nbsf eax, ebx\nbsr ecx, ebx\nmov edx, 77\nxor esi, esi\nbsf edx, esi\nsetz byte [0x600]\n' +
    'mov edi, 1\ncmp edi, 2\nsetl byte [0x601]\nsetg byte [0x602]\nmov ebp, 9\ncmovl ebp, ebx');
  assert.deepEqual([cpu.gpr[Reg.EAX], cpu.gpr[Reg.ECX], cpu.gpr[Reg.EDX]], [4, 7, 77]);
  assert.deepEqual([...bus.bytes.subarray(0x600, 0x603)], [1, 1, 0]);
  assert.equal(cpu.gpr[Reg.EBP], 0xf0);
});

test('decimal adjustments', () => {
  let { cpu } = run('mov al, 0x79\nadd al, 0x35\ndaa');
  assert.equal(hex(cpu.gpr[Reg.EAX] & 0xff), '0x14');
  assert.equal(cpu.flags.cf, true);
  ({ cpu } = run('mov al, 0x35\nsub al, 0x47\ndas'));
  assert.equal(hex(cpu.gpr[Reg.EAX] & 0xff), '0x88');
  assert.equal(cpu.flags.cf, true);
  ({ cpu } = run('mov ax, 0x0009\nadd al, 3\naaa'));
  assert.equal(hex(cpu.gpr[Reg.EAX] & 0xffff), '0x102');
  assert.equal(cpu.flags.cf && cpu.flags.af, true);
  ({ cpu } = run('mov ax, 83\naam'));
  assert.equal(hex(cpu.gpr[Reg.EAX] & 0xffff), '0x803');
  ({ cpu } = run('mov ax, 0x0803\naad'));
  assert.equal(hex(cpu.gpr[Reg.EAX] & 0xffff), '0x53');
});
