import { test } from 'node:test';
import assert from 'node:assert/strict';
import { F } from '../src/machine/cpu/flags';
import { Reg } from '../src/machine/cpu/state';
import { run, CODE, GP_HANDLER } from './support/snippet';
import { UCODE } from './support/protected-machine';
import { FlatBus } from './support/flat-bus';
import { Cpu } from '../src/machine/cpu/cpu';

/** Where a ring-3 snippet stopped: the #GP error code and the faulting EIP pushed by the CPU. */
function gpFrame(cpu: { gpr: Uint32Array; eip: number; bus: { read32(a: number): number } }): { code: number; eip: number } {
  assert.equal(cpu.eip, GP_HANDLER + 1, 'stopped in the #GP handler');
  const esp = cpu.gpr[Reg.ESP];
  return { code: cpu.bus.read32(esp), eip: cpu.bus.read32(esp + 4) };
}

test('POPF in ring 3 with IOPL 0 silently keeps IF (the classic virtualization hole)', () => {
  const { cpu } = run('pushfd\nand dword [esp], ~0x200\npopfd\npushfd\npop eax\nmov ebx, 1', undefined, { user: true });
  assert.equal(cpu.gpr[Reg.EAX] & F.IF, F.IF, 'IF is still set after POPF tried to clear it');
  assert.equal(cpu.gpr[Reg.EBX], 1, 'and no fault happened');
  const frame = gpFrame(cpu);
  assert.equal(frame.eip, CODE + 0x10, 'only the final HLT faulted');
});

test('POPF in ring 0 changes IF and IOPL', () => {
  const { cpu } = run('push 0x3002\npopfd');
  assert.equal(cpu.flags.iopl, 3);
  assert.equal(cpu.flags.has(F.IF), false);
});

test('CLI in ring 3 with IOPL 0 faults; with IOPL 3 it works', () => {
  let { cpu } = run('cli', undefined, { user: true });
  assert.deepEqual(gpFrame(cpu), { code: 0, eip: CODE });
  ({ cpu } = run('cli\nmov ebx, 2', (c) => (c.flags.value = F.IF | F.IOPL | 2), { user: true }));
  assert.equal(cpu.gpr[Reg.EBX], 2);
  assert.equal(cpu.bus.read32(cpu.gpr[Reg.ESP] + 12) & F.IF, 0, 'IF was clear when the final HLT faulted');
});

test('privileged instructions fault in ring 3 and sensitive ones leak the truth', () => {
  for (const source of ['mov eax, cr0', 'mov cr3, eax', 'lgdt [0x600]', 'invlpg [0]', 'rdmsr', 'clts', 'lmsw ax']) {
    const { cpu } = run(source, undefined, { user: true });
    assert.deepEqual(gpFrame(cpu), { code: 0, eip: CODE }, source);
  }
  const { cpu, bus } = run('sgdt [0x600]\nsmsw eax\nstr bx\nmov ecx, cs', undefined, { user: true });
  assert.deepEqual([bus.read16(0x600), bus.read32(0x602)], [0x3f, 0x1000], 'SGDT works at CPL 3');
  assert.equal(cpu.gpr[Reg.EAX] & 1, 1, 'SMSW shows PE');
  assert.equal(cpu.gpr[Reg.EBX] & 0xffff, 0x28, 'STR shows the TSS');
  assert.equal(cpu.gpr[Reg.ECX] & 3, 3, 'reading CS reveals the CPL');
});

test('IN and OUT in ring 3 follow the TSS I/O permission bitmap', () => {
  const seen: string[] = [];
  const setup = (cpu: Cpu, bus: FlatBus) => {
    cpu.ports = { read: (p) => (seen.push(`in ${p.toString(16)}`), 0x42), write: (p, _s, v) => void seen.push(`out ${p.toString(16)}=${v}`) };
    cpu.tr.limit = 0x68 + 0x20; // a bitmap for ports 0-0xff
    bus.write16(0x3000 + 0x66, 0x68);
    bus.bytes.fill(0xff, 0x3068, 0x3068 + 0x21);
    bus.bytes[0x3068 + (0x60 >> 3)] = 0xfe; // port 0x60 allowed, 0x61 denied
  };
  const { cpu } = run('in al, 0x60\nmov bl, al\nin al, 0x61', setup, { user: true });
  assert.deepEqual(seen, ['in 60']);
  assert.equal(cpu.gpr[Reg.EBX] & 0xff, 0x42);
  assert.deepEqual(gpFrame(cpu), { code: 0, eip: CODE + 4 });
});

test('CPUID, RDTSC and the protection queries', () => {
  const { cpu, bus } = run('xor eax, eax\ncpuid\nmov [0x600], ebx\nmov [0x604], edx\nmov [0x608], ecx\n' +
    'rdtsc\nmov esi, eax\nrdtsc\nsub eax, esi\nmov [0x60c], eax\n' +
    `mov ax, ${UCODE}\nlar ecx, eax\nmov [0x610], ecx\nlsl edx, eax\nmov [0x614], edx\nverr ax\nsetz [0x618]\nverw ax\nsetz [0x619]\n` +
    'xor eax, eax\nverr ax\nsetz [0x61a]\nmov ax, 0x10\nmov bx, 3\narpl ax, bx\nmov [0x61c], ax');
  assert.equal(Buffer.from(bus.bytes.subarray(0x600, 0x60c)).toString('latin1'), 'GenuineIntel');
  assert.equal(bus.read32(0x60c), 2, 'the time-stamp counter advances by the instructions executed');
  assert.equal(bus.read32(0x610).toString(16), 'c0fa00', 'access rights without the limit bits');
  assert.equal(bus.read32(0x614), 0xffffffff);
  assert.deepEqual([...bus.bytes.subarray(0x618, 0x61b)], [1, 0, 0]);
  assert.equal(bus.read16(0x61c), 0x13);
  assert.equal(cpu.flags.zf, true, 'ARPL raised the RPL');
});

test('MOV to control registers checks its operands', () => {
  let { cpu } = run('mov eax, cr0\nor eax, 0x10000\nmov cr0, eax\nmov eax, cr4\nor eax, 0x90\nmov cr4, eax');
  assert.equal(cpu.cr0 & 0x10000, 0x10000);
  assert.equal(cpu.cr4, 0x90);
  ({ cpu } = run('mov eax, 0x80000000\nmov cr0, eax'));
  assert.deepEqual(gpFrame(cpu), { code: 0, eip: CODE + 5 }, 'PG without PE is refused');
  ({ cpu } = run('mov eax, 0x20\nmov cr4, eax'));
  assert.deepEqual(gpFrame(cpu), { code: 0, eip: CODE + 5 }, 'PAE is not implemented');
});
