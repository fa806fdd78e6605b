// The handlers made for one decoded instruction (src/machine/cpu/exec/specialize.ts) against
// the general handlers of their mnemonics: the same registers, flags, EIP, memory and faults
// from the same random states, for every kind of form that is specialized.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decode, DecodedInstruction } from '../src/arch/decoder';
import { Cpu } from '../src/machine/cpu/cpu';
import { HANDLER_BY_FORM } from '../src/machine/cpu/exec/dispatch';
import { Handler } from '../src/machine/cpu/exec/handler';
import { specialize } from '../src/machine/cpu/exec/specialize';
import { CpuFault } from '../src/machine/cpu/faults';
import { Reg } from '../src/machine/cpu/state';
import { FlatBus } from './support/flat-bus';
import { assembleAt, CODE, run } from './support/snippet';
import { xorshift32 } from './support/xorshift';

const ALU = ['mov', 'add', 'adc', 'sub', 'sbb', 'cmp', 'and', 'or', 'xor', 'test'];
const REGISTER_FORMS = [
  ...ALU.flatMap((op) => [`${op} eax, ebx`, `${op} cx, dx`, `${op} al, bh`, `${op} ah, 0x7f`, `${op} esi, 0x12345678`,
    `${op} edi, -5`, `${op} bp, 0x8001`, `${op} bl, -1`]),
  ...['inc', 'dec'].flatMap((op) => [`${op} eax`, `${op} cx`, `${op} bh`, `${op} edi`]),
  'imul ebx, ebx, 31', 'imul eax, ecx, -7', 'imul dx, si, 0x1234', 'imul esi, edi', 'imul bp, ax', 'imul ecx, edx, 0x7fffffff',
];
const MEMORY_FORMS = [
  'mov eax, [ebx+esi*4+0x100]', 'mov cx, [edi-2]', 'mov dl, [0x2345]', 'mov [ebx+8], eax', 'mov [esi*2+0x300], dh',
  'mov word [ebx], 0x1234', 'mov dword [ebx+esi], 0x89abcdef', 'mov byte [edi+0x40], 0x80', 'mov eax, [0x1000]',
  'mov ax, [ebp+4]', 'mov [ecx+edx*8], bx', 'lea eax, [ebx+esi*8-0x10]', 'lea cx, [ebx+edi]', 'lea edx, [eax*2+0x7fffffff]',
];
const MEMORY_ALU_FORMS = [
  ...ALU.filter((op) => op !== 'mov').flatMap((op) => [`${op} eax, [ebx+esi*4+0x100]`, `${op} cx, [edi-2]`, `${op} dl, [0x2345]`,
    `${op} [ebx+8], eax`, `${op} [esi*2+0x300], dh`, `${op} word [ebx], 0x1234`, `${op} dword [ebx+esi], 0x89abcdef`,
    `${op} byte [edi+0x40], 0x80`, `${op} dword [ebp+4], -3`]),
  'inc dword [ebx+4]', 'dec word [edi]', 'inc byte [esi*4]', 'dec dword [0x2001]',
  'movzx eax, byte [ebx+1]', 'movsx ecx, word [esi-4]', 'movzx dx, bl', 'movsx eax, bh', 'movsx ax, byte [edi]', 'movzx esi, si',
];
const SHIFT_FORMS = ['rol', 'ror', 'rcl', 'rcr', 'shl', 'shr', 'sar'].flatMap((op) => [`${op} eax, 13`, `${op} bx, 1`, `${op} cl, 7`,
  `${op} edx, cl`, `${op} si, cl`, `${op} ah, cl`, `${op} edi, 31`, `${op} dh, 9`, `${op} ebp, 0`, `${op} cx, 17`]);
const CALL_FORMS = ['call $+0x100', 'call $-0x40', 'ret', 'ret 8', 'o16 ret', 'o16 ret 2'];
const STACK_FORMS = ['push eax', 'push esp', 'push 0x12', 'push -2', 'push dword 0x12345678', 'push cx', 'push word 0x8000',
  'pop edx', 'pop esp', 'pop bx'];
const BRANCH_FORMS = ['jz $+0x10', 'jnz $-0x40', 'jc $+0x300', 'jl $+3', 'jg near $-0x1000', 'jbe $+0x20', 'jo $+5', 'jp $+6',
  'js $+7', 'jmp $+0x100', 'jmp short $-2'];

const random = xorshift32;

const EDGES = [0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff];

/** A ring-0 flat protected-mode machine (the snippet machine, its one NOP run). */
const machine = (): { cpu: Cpu; bus: FlatBus } => run('nop');

/** Runs `handler` on the instruction (at CODE) from the given state; the fault vector, if any. */
function execute(cpu: Cpu, handler: Handler, insn: DecodedInstruction, source: string, state: { gpr: number[]; flags: number }): number | undefined {
  cpu.gpr.set(state.gpr);
  cpu.flags.value = state.flags;
  cpu.eip = CODE + insn.length;
  try {
    handler(cpu, insn);
    return undefined;
  } catch (e) {
    if (e instanceof CpuFault) return e.vector;
    throw new Error(`${source}: ${String(e)}`);
  }
}

function check(sources: string[], makeState: (next: () => number) => number[], trials: number): void {
  for (const source of sources) {
    const a = machine();
    const b = machine();
    const bytes = assembleAt(source, CODE);
    const insn = decode((i) => bytes[i] ?? 0, 32);
    const special = specialize(insn);
    assert.ok(special !== undefined, `${source} has a specialized handler`);
    const general = HANDLER_BY_FORM[insn.form!.id]!;
    const next = random(0x9e3779b9 ^ source.length * 7919);
    for (let t = 0; t < trials; t++) {
      for (const bus of [a.bus, b.bus]) for (let i = 0; i < 0x100; i++) bus.bytes[0x8000 + i] = bus.bytes[0x2000 + i] = i * 37;
      const state = { gpr: makeState(next), flags: 2 | (next() & 0x8d5) };
      const faultA = execute(a.cpu, special, insn, source, state);
      const faultB = execute(b.cpu, general, insn, source, state);
      const where = `${source}, state ${JSON.stringify(state)}`;
      assert.equal(faultA, faultB, `${where}: fault`);
      assert.deepEqual([...a.cpu.gpr], [...b.cpu.gpr], `${where}: registers`);
      assert.equal(a.cpu.flags.value, b.cpu.flags.value, `${where}: EFLAGS`);
      assert.equal(a.cpu.eip, b.cpu.eip, `${where}: EIP`);
      assert.ok(Buffer.from(a.bus.bytes.subarray(0, 0x20000)).equals(b.bus.bytes.subarray(0, 0x20000)), `${where}: memory`);
    }
  }
}

const anyValue = (next: () => number): number => (next() % 4 === 0 ? EDGES[next() % EDGES.length] : next());

test('register and immediate ALU forms, MOV, INC, DEC and IMUL match the general handlers', () => {
  check(REGISTER_FORMS, (next) => Array.from({ length: 8 }, (_, r) => (r === Reg.ESP ? 0x8800 : anyValue(next))), 300);
});

test('MOV and LEA with memory operands match the general handlers', () => {
  // Registers stay small so that addresses land in the test machine's 1 MiB.
  check(MEMORY_FORMS, (next) => Array.from({ length: 8 }, (_, r) => (r === Reg.ESP ? 0x8800 : (anyValue(next) & 0x1fff) | 0x100)), 200);
});

test('ALU operations, INC, DEC, MOVZX and MOVSX with memory operands match the general handlers', () => {
  check(MEMORY_ALU_FORMS, (next) => Array.from({ length: 8 }, (_, r) => (r === Reg.ESP ? 0x8800 : (anyValue(next) & 0x1fff) | 0x100)), 200);
});

test('shifts and rotates of a register match the general handlers', () => {
  check(SHIFT_FORMS, (next) => Array.from({ length: 8 }, (_, r) => (r === Reg.ESP ? 0x8800 : anyValue(next))), 200);
});

test('near CALL and RET match the general handlers', () => {
  check(CALL_FORMS, (next) => Array.from({ length: 8 }, (_, r) => (r === Reg.ESP ? 0x8000 + (next() & 0xffe) : anyValue(next))), 200);
});

test('PUSH and POP match the general handlers', () => {
  check(STACK_FORMS, (next) => Array.from({ length: 8 }, (_, r) => (r === Reg.ESP ? 0x8000 + (next() & 0xffc) : anyValue(next))), 200);
});

test('relative jumps match the general handlers', () => {
  check(BRANCH_FORMS, (next) => Array.from({ length: 8 }, () => anyValue(next)), 100);
});
