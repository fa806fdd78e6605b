// The absent x87 FPU: CPUID says so, the escape opcodes D8-DF and WAIT raise #NM as CR0.EM,
// MP and TS say (SDM vol. 3, table 2-2), and with EM and TS clear an escape does nothing.
// The assembler has no x87 mnemonics (the table has none), so escapes are written as bytes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cpu } from '../src/machine/cpu/cpu';
import { Reg } from '../src/machine/cpu/state';
import { FlatBus, gateDescriptor } from './support/flat-bus';
import { IDT, KCODE } from './support/protected-machine';
import { CODE, run } from './support/snippet';

const CR0_MP = 1 << 1, CR0_EM = 1 << 2, CR0_TS = 1 << 3;
const NM_HANDLER = 0x4100, UD_HANDLER = 0x4200;

/** Runs the snippet at CPL 0 with the CR0 bits given, #NM and #UD handled by HLTs. */
function runWith(source: string, cr0Bits: number): { cpu: Cpu; bus: FlatBus } {
  return run(source, (cpu, bus) => {
    cpu.mmu.cr0 = (cpu.mmu.cr0 & ~(CR0_MP | CR0_EM | CR0_TS)) | cr0Bits;
    for (const [vector, handler] of [[7, NM_HANDLER], [6, UD_HANDLER]]) {
      const [lo, hi] = gateDescriptor(KCODE, handler, 0x8e);
      bus.write32(IDT + vector * 8, lo);
      bus.write32(IDT + vector * 8 + 4, hi);
      bus.bytes[handler] = 0xf4;
    }
  });
}

/** Which handler stopped the run ('#NM', '#UD' or the snippet's own HLT), and the saved EIP. */
function outcome(cpu: Cpu, bus: FlatBus): { stop: string; eip?: number } {
  if (cpu.eip === NM_HANDLER + 1) return { stop: '#NM', eip: bus.read32(cpu.gpr[Reg.ESP]) };
  if (cpu.eip === UD_HANDLER + 1) return { stop: '#UD', eip: bus.read32(cpu.gpr[Reg.ESP]) };
  return { stop: 'hlt' };
}

const FLD_EBX = 'db 0xd9, 0x03'; // FLD dword [ebx]
const FWAIT = 'db 0x9b';

test('CPUID leaf 1 reports no x87 FPU (EDX bit 0 clear)', () => {
  const { cpu } = run('mov eax, 1\ncpuid');
  assert.equal(cpu.gpr[Reg.EDX] & 1, 0);
});

test('an escape raises #NM, with the saved EIP on the escape, when CR0.EM or CR0.TS is set', () => {
  for (const bits of [CR0_EM, CR0_TS, CR0_EM | CR0_TS, CR0_EM | CR0_MP, CR0_TS | CR0_MP]) {
    const { cpu, bus } = runWith(`nop\n${FLD_EBX}\nnop`, bits);
    assert.deepEqual(outcome(cpu, bus), { stop: '#NM', eip: CODE + 1 }, `CR0 bits ${bits}`);
    assert.equal(cpu.gpr[Reg.ESP], 0x9000 - 12, '#NM pushes no error code');
  }
  for (let opcode = 0xd8; opcode <= 0xdf; opcode++) {
    const { cpu, bus } = runWith(`db 0x${opcode.toString(16)}, 0xc0`, CR0_EM);
    assert.deepEqual(outcome(cpu, bus), { stop: '#NM', eip: CODE }, `opcode ${opcode.toString(16)}`);
  }
});

test('with EM and TS clear an escape does nothing: FPU detection finds no FPU', () => {
  const { cpu, bus } = runWith(
    'mov word [0x600], 0x5a5a\n' +
    'db 0xdb, 0xe3\n' + // FNINIT
    'db 0xdd, 0x3d, 0x00, 0x06, 0x00, 0x00\n' + // FNSTSW [0x600]
    'movzx eax, word [0x600]', CR0_MP);
  assert.deepEqual(outcome(cpu, bus), { stop: 'hlt' });
  assert.equal(cpu.gpr[Reg.EAX], 0x5a5a, 'the status word was never stored');
});

test('an escape that does nothing still takes its ModRM, SIB and displacement bytes', () => {
  const escapes = [
    'db 0xd8, 0xc1', // FADD st0, st1 (register form)
    'db 0xdd, 0x84, 0xb3, 0x78, 0x56, 0x34, 0x12', // FLD qword [ebx+esi*4+0x12345678]
    'db 0xd9, 0x04, 0x25, 0x00, 0x06, 0x00, 0x00', // FLD dword [0x600] through a SIB with no base
    'db 0xd9, 0x45, 0x08', // FLD dword [ebp+8]
    'db 0x67, 0xd9, 0x40, 0x10', // a16: FLD dword [bx+si+0x10]
    'db 0x67, 0xd9, 0x06, 0x34, 0x12', // a16: FLD dword [0x1234]
    'db 0x67, 0xdd, 0x80, 0x34, 0x12', // a16: FLD qword [bx+si+0x1234]
    'db 0x2e, 0x66, 0xde, 0xc9', // CS override and 66 on FMULP
  ];
  const { cpu, bus } = runWith(`mov ebx, 0x11\nmov esi, 0x22\nstc\n${escapes.join('\n')}\nmov ecx, 0x1234\nsetc dl`, 0);
  assert.deepEqual(outcome(cpu, bus), { stop: 'hlt' });
  assert.deepEqual([cpu.gpr[Reg.EBX], cpu.gpr[Reg.ESI], cpu.gpr[Reg.ECX], cpu.gpr[Reg.EDX] & 0xff], [0x11, 0x22, 0x1234, 1]);
});

test('LOCK on an escape is #UD, before any #NM', () => {
  const { cpu, bus } = runWith('db 0xf0, 0xd9, 0x03', CR0_EM);
  assert.deepEqual(outcome(cpu, bus), { stop: '#UD', eip: CODE });
});

test('WAIT raises #NM only when CR0.MP and CR0.TS are both set; EM does not matter', () => {
  const expected: [number, string][] = [
    [CR0_MP | CR0_TS, '#NM'],
    [CR0_MP | CR0_TS | CR0_EM, '#NM'],
    [CR0_TS, 'hlt'],
    [CR0_EM, 'hlt'],
    [CR0_EM | CR0_MP, 'hlt'],
    [CR0_MP, 'hlt'],
    [0, 'hlt'],
  ];
  for (const [bits, stop] of expected) {
    const { cpu, bus } = runWith(`nop\n${FWAIT}`, bits);
    assert.equal(outcome(cpu, bus).stop, stop, `CR0 bits ${bits}`);
    if (stop === '#NM') assert.equal(outcome(cpu, bus).eip, CODE + 1);
  }
});
