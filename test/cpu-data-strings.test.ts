import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Reg, Seg } from '../src/machine/cpu/state';
import { run } from './support/snippet';

const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;

test('PUSH and POP, PUSH ESP, PUSHAD and POPAD', () => {
  let { cpu } = run('push 0x1234\npop ebx\nmov ebp, esp\npush esp\npop eax\npush word 7\npop cx');
  assert.equal(cpu.gpr[Reg.EBX], 0x1234);
  assert.equal(cpu.gpr[Reg.EAX], cpu.gpr[Reg.EBP], 'PUSH ESP pushes the value before the push');
  assert.equal(cpu.gpr[Reg.ECX] & 0xffff, 7);
  ({ cpu } = run('mov eax, 1\nmov ecx, 2\nmov edx, 3\nmov ebx, 4\nmov ebp, 6\nmov esi, 7\nmov edi, 8\npushad\n' +
    'xor eax, eax\nxor ecx, ecx\nxor edx, edx\nxor ebx, ebx\nxor ebp, ebp\nxor esi, esi\nxor edi, edi\nmov esp, 0x8fe0\npopad'));
  assert.deepEqual([...cpu.gpr], [1, 2, 3, 4, 0x9000, 6, 7, 8]);
});

test('POP into memory addressed through ESP uses the incremented ESP', () => {
  const { cpu, bus } = run('push 0xaaaa\npush 0xbbbb\npop dword [esp]\npop eax');
  assert.equal(cpu.gpr[Reg.EAX], 0xbbbb);
  assert.equal(bus.read32(0x9000 - 4), 0xbbbb);
});

test('ENTER with nesting and LEAVE', () => {
  const { cpu, bus } = run('mov ebp, 0x8800\nmov dword [0x8800 - 4], 0x1111\nenter 16, 2\nmov ebx, esp\nmov ecx, ebp\nleave');
  assert.equal(cpu.gpr[Reg.ECX], 0x9000 - 4, 'EBP points at the saved EBP');
  assert.equal(cpu.gpr[Reg.EBX], 0x9000 - 4 - 8 - 16, 'old EBP, one copied frame pointer, the new one, then 16 bytes');
  assert.equal(bus.read32(0x9000 - 8), 0x1111, 'the outer frame pointer is copied');
  assert.equal(bus.read32(0x9000 - 12), 0x9000 - 4, 'then the new frame is pushed');
  assert.equal(cpu.gpr[Reg.EBP], 0x8800);
  assert.equal(cpu.gpr[Reg.ESP], 0x9000);
});

test('MOVZX, MOVSX, CBW, CWDE, CWD, CDQ, BSWAP, LEA, XCHG, XLATB, LAHF, SAHF', () => {
  const { cpu, bus } = run(
    'mov bl, 0x80\nmovzx eax, bl\nmovsx ecx, bl\nmov [0x600], eax\nmov [0x604], ecx\n' +
    'mov ax, 0xff80\ncwde\nmov [0x608], eax\nmov eax, -2\ncdq\nmov [0x60c], edx\n' +
    'mov eax, 0x11223344\nbswap eax\nmov [0x610], eax\n' +
    'mov ebx, 0x100\nmov ecx, 3\nlea eax, [ebx+ecx*4+8]\nmov [0x614], eax\n' +
    'mov dword [0x618], 5\nmov eax, 6\nxchg [0x618], eax\nmov [0x61c], eax\n' +
    'mov byte [0x700], 10\nmov byte [0x701], 20\nmov byte [0x702], 30\nmov ebx, 0x700\nmov al, 2\nxlatb\nmov [0x620], al\n' +
    'xor eax, eax\nstc\nlahf\nmov [0x621], ah\nmov ah, 0\nsahf');
  assert.deepEqual([0x600, 0x604, 0x608, 0x60c, 0x610, 0x614, 0x618, 0x61c].map((a) => hex(bus.read32(a))),
    ['0x80', '0xffffff80', '0xffffff80', '0xffffffff', '0x44332211', '0x114', '0x6', '0x5']);
  assert.equal(bus.bytes[0x620], 30);
  assert.equal(hex(bus.bytes[0x621]), '0x47', 'ZF PF CF and the fixed bit 1');
  assert.equal(cpu.flags.zf || cpu.flags.cf, false, 'SAHF cleared them');
});

test('LDS and MOV to a segment register load the descriptor cache', () => {
  const { cpu } = run('mov dword [0x600], 0x1234\nmov word [0x604], 0x20\nlds esi, [0x600]\nmov ax, 0x10\nmov es, ax');
  assert.equal(cpu.gpr[Reg.ESI], 0x1234);
  assert.equal(cpu.segs[Seg.DS].selector, 0x20);
  assert.equal(cpu.segs[Seg.ES].selector, 0x10);
});

test('REP MOVSB forwards, STD backwards, and long repetitions resume', () => {
  let { cpu, bus } = run('mov dword [0x600], 0x04030201\nmov esi, 0x600\nmov edi, 0x700\nmov ecx, 4\ncld\nrep movsb');
  assert.equal(bus.read32(0x700), 0x04030201);
  assert.deepEqual([cpu.gpr[Reg.ESI], cpu.gpr[Reg.EDI], cpu.gpr[Reg.ECX]], [0x604, 0x704, 0]);
  ({ cpu, bus } = run('mov dword [0x600], 0x04030201\nmov esi, 0x603\nmov edi, 0x703\nmov ecx, 4\nstd\nrep movsb\ncld'));
  assert.equal(bus.read32(0x700), 0x04030201);
  ({ cpu, bus } = run('mov edi, 0x10000\nmov ecx, 3000\nmov al, 0x5a\nrep stosb'));
  assert.equal(bus.bytes[0x10000 + 2999], 0x5a);
  assert.equal(bus.bytes[0x10000 + 3000], 0);
  assert.equal(cpu.gpr[Reg.ECX], 0);
  assert.equal(cpu.instructions, 3 + 3 + 1, 'three moves, three steps of at most 1024 iterations, HLT');
});

test('REPE CMPSB and REPNE SCASB stop where they should', () => {
  let { cpu } = run("mov dword [0x600], 'abcd'\nmov dword [0x700], 'abxd'\nmov esi, 0x600\nmov edi, 0x700\nmov ecx, 4\nrepe cmpsb");
  assert.deepEqual([cpu.gpr[Reg.ESI], cpu.gpr[Reg.ECX]], [0x603, 1]);
  assert.equal(cpu.flags.zf, false);
  ({ cpu } = run("mov dword [0x700], 'abxd'\nmov edi, 0x700\nmov ecx, 10\nmov al, 'x'\nrepne scasb"));
  assert.deepEqual([cpu.gpr[Reg.EDI], cpu.gpr[Reg.ECX]], [0x703, 7]);
  assert.equal(cpu.flags.zf, true);
});
