import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeInstruction } from '../src/asm/encoder';
import { oracleSkip } from './support/oracles';
import { PrefixWord } from '../src/asm/operands';
import { Case, CaseOperand, compareWithNasm, far, here, imm, ins, mem, reg } from './support/encoder-cases';
import { aliasCases, formCases } from './support/encoder-forms';
import { fuzzCases } from './support/encoder-fuzz';

const nasm = { skip: oracleSkip('nasm') };

function assertSame(mismatches: string[]): void {
  assert.equal(mismatches.length, 0, `${mismatches.length} mismatches:\n${mismatches.slice(0, 40).join('\n')}`);
}

test('every table form assembles as NASM assembles it, in 16- and 32-bit code', nasm, () => {
  assertSame(compareWithNasm([...formCases(16), ...formCases(32)], encodeInstruction));
});

test('every alias (condition spellings, sal, retn, xlat, ...) assembles as NASM assembles it', nasm, () => {
  assertSame(compareWithNasm([...aliasCases(16), ...aliasCases(32)], encodeInstruction));
});

const i16 = (m: string, ops: CaseOperand[] = [], p: PrefixWord[] = []) => ins(16, m, ops, p);
const i32 = (m: string, ops: CaseOperand[] = [], p: PrefixWord[] = []) => ins(32, m, ops, p);
const both = (m: string, ops: CaseOperand[] = [], p: PrefixWord[] = []) => [i16(m, ops, p), i32(m, ops, p)];

test('NASM choices: short forms, sign-extended bytes, accumulators, moffs, size keywords', nasm, () => {
  const cases: Case[] = [
    ...both('add', [reg('ax'), imm(5)]), ...both('add', [reg('eax'), imm(5)]), ...both('add', [reg('ax'), imm(1000)]),
    ...both('add', [reg('al'), imm(5)]), ...both('add', [reg('ax'), imm(0xffff)]), ...both('add', [reg('eax'), imm(0xffffffff)]),
    ...both('add', [reg('ax'), imm(-129)]), ...both('add', [reg('eax'), imm(0x1ffffffff)]), ...both('cmp', [reg('ebx'), imm(-128)]),
    ...both('add', [reg('eax'), imm(5, { size: 32 })]), ...both('add', [reg('eax'), imm(5, { size: 32, strict: true })]),
    ...both('add', [reg('ebx'), imm(5, { size: 8 })]), ...both('add', [mem({ base: 'eax' }), imm(5, { size: 8 })]),
    ...both('add', [mem({ base: 'bx' }), imm(5, { size: 16 })]), ...both('mov', [mem({ base: 'eax' }), imm(5, { size: 16 })]),
    ...both('mov', [mem({ base: 'eax' }), reg('ds')]), ...both('mov', [reg('ds'), reg('ax')]), ...both('mov', [reg('ds'), reg('eax')]),
    ...both('mov', [reg('ax'), reg('ds')]), ...both('mov', [reg('eax'), reg('ds')]), ...both('mov', [reg('cs'), reg('ax')]),
    ...both('mov', [reg('ds'), mem({ base: 'bx' })]),
    ...both('push', [imm(5)]), ...both('push', [imm(-1)]), ...both('push', [imm(0x80)]), ...both('push', [imm(0xffff)]),
    ...both('push', [imm(0xffffffff)]), ...both('push', [imm(5, { size: 32 })]), ...both('push', [imm(5, { size: 16 })]),
    ...both('push', [imm(5, { size: 32, strict: true })]), ...both('push', [imm(5, { size: 8 })]),
    ...both('push', [mem({ base: 'eax', size: 16 })]), ...both('push', [mem({ base: 'eax', size: 32 })]),
    ...both('push', [reg('es')]), ...both('pop', [reg('ds')]), ...both('push', [reg('fs')]), ...both('pop', [reg('gs')]),
    ...both('mov', [reg('eax'), mem({ disp: 0x10 })]), ...both('mov', [reg('al'), mem({ disp: 0x12345 })]),
    ...both('mov', [mem({ disp: -1 }), reg('ax')]), ...both('mov', [reg('ebx'), mem({ disp: 1 })]),
    ...both('mov', [reg('eax'), mem({ disp: 0x10, addrSize: 16 })]), ...both('mov', [reg('eax'), mem({ disp: 0x10, addrSize: 32 })]),
    ...both('mov', [reg('eax'), mem({ disp: 0x10 })], ['a16']), ...both('mov', [reg('al'), mem({ disp: 0x10 })], ['a32']),
    ...both('mov', [reg('al'), imm(300)]), ...both('mov', [reg('ax'), imm(-1)]), ...both('mov', [reg('esp'), imm(0x12345678)]),
    ...both('xchg', [reg('eax'), reg('eax')]), ...both('xchg', [reg('ax'), reg('ax')]), ...both('xchg', [reg('ebx'), reg('eax')]),
    ...both('xchg', [reg('bx'), reg('ax')]), ...both('xchg', [reg('al'), reg('bl')]), ...both('xchg', [mem({ base: 'ebx' }), reg('ecx')]),
    ...both('xchg', [reg('ecx'), mem({ base: 'ebx' })]), ...both('test', [mem({ base: 'bx' }), reg('ax')]),
    ...both('test', [reg('ax'), mem({ base: 'bx' })]), ...both('test', [reg('al'), imm(5)]), ...both('test', [reg('eax'), imm(5)]),
    ...both('shl', [reg('eax'), imm(1)]), ...both('shl', [reg('eax'), imm(1, { size: 8 })]), ...both('sal', [reg('ax'), imm(1)]),
    ...both('shr', [mem({ base: 'bx', size: 16 }), reg('cl')]), ...both('rol', [reg('al'), imm(7)]),
    ...both('imul', [reg('eax'), imm(5)]), ...both('imul', [reg('ax'), imm(500)]), ...both('imul', [reg('eax'), reg('ebx'), imm(-5)]),
    ...both('int', [imm(3)]), ...both('int3'), ...both('int1'), ...both('icebp'), ...both('into'), ...both('ret', [imm(4)]),
    ...both('retn'), ...both('retf', [imm(8)]), ...both('enter', [imm(0x10), imm(1)]), ...both('aam'), ...both('aad', [imm(16)]),
    ...both('xlat'), ...both('xlatb'), ...both('salc'), ...both('lar', [reg('eax'), reg('bx')]), ...both('lar', [reg('ax'), reg('ebx')]),
    ...both('lsl', [reg('eax'), mem({ base: 'bx' })]), ...both('lsl', [reg('eax'), mem({ base: 'bx', size: 16 })]),
    ...both('movzx', [reg('eax'), reg('bx')]), ...both('movsx', [reg('ax'), mem({ base: 'esi', size: 8 })]),
    ...both('smsw', [mem({ base: 'eax' })]), ...both('smsw', [reg('eax')]), ...both('str', [reg('ax')]), ...both('sldt', [mem({ base: 'bx' })]),
    ...both('lgdt', [mem({ base: 'eax' })]), ...both('lidt', [mem({ disp: 0x500 })]), ...both('invlpg', [mem({ base: 'eax', disp: 4 })]),
    ...both('mov', [reg('cr0'), reg('eax')]), ...both('mov', [reg('eax'), reg('dr7')]), ...both('mov', [reg('eax'), reg('tr6')]),
    ...both('nop', [reg('eax')]), ...both('nop', [mem({ base: 'bx', size: 16 })]), ...both('pause'), ...both('ud2'), ...both('cpuid'),
    ...both('rdtsc'), ...both('rdmsr'), ...both('wrmsr'), ...both('cmpxchg8b', [mem({ base: 'eax' })]),
    ...both('cmpxchg8b', [mem({ base: 'eax', size: 64 })]), ...both('bswap', [reg('ecx')]),
    ...both('vmxon', [mem({ base: 'eax' })]), ...both('vmclear', [mem({ base: 'bx' })]), ...both('vmptrld', [mem({ disp: 0x1000 })]),
    ...both('vmptrst', [mem({ base: 'esi', seg: 'fs' })]), ...both('vmread', [reg('eax'), reg('ebx')]),
    ...both('vmread', [mem({ base: 'eax' }), reg('ebx')]), ...both('vmwrite', [reg('ebx'), mem({ base: 'bx' })]),
    ...both('invept', [reg('edx'), mem({ base: 'eax' })]), ...both('invept', [reg('edx'), mem({ base: 'eax', size: 128 })]),
    ...both('invvpid', [reg('ecx'), mem({ base: 'bx' })]), ...both('vmcall'), ...both('vmlaunch'), ...both('vmresume'), ...both('vmxoff'),
  ];
  assertSame(compareWithNasm(cases, encodeInstruction));
});

test('NASM choices: branches, far pointers and string instructions with prefixes', nasm, () => {
  const cases: Case[] = [
    ...both('jmp', [here(0)]), ...both('jmp', [here(129)]), ...both('jmp', [here(130)]), ...both('jmp', [here(-126)]),
    ...both('jmp', [here(-127)]), ...both('jmp', [here(-128)]), ...both('jmp', [here(10, { branch: 'short' })]),
    ...both('jmp', [here(10, { branch: 'near' })]), ...both('jmp', [here(0x300, { size: 16 })]), ...both('jmp', [here(0x300, { size: 32 })]),
    ...both('jmp', [here(0x300, { branch: 'near', size: 16 })]), ...both('jz', [here(0x300)]), ...both('jz', [here(-0x300)]),
    ...both('jnae', [here(20)]), ...both('jnbe', [here(20, { branch: 'short' })]), ...both('jz', [here(0x300, { branch: 'near' })]),
    ...both('jz', [here(0x300, { branch: 'near', size: 16 })]), ...both('jnz', [here(-0x300, { branch: 'near', size: 32 })]),
    ...both('jz', [here(0x300)], ['o16']), ...both('jmp', [here(0x300)], ['o32']), ...both('call', [here(0x300)]),
    ...both('call', [here(0x300, { size: 16 })]), ...both('call', [here(0x300)], ['o16']), ...both('call', [here(-0x300)]),
    ...both('jcxz', [here(0)]), ...both('jecxz', [here(0)]), ...both('jcxz', [here(0)], ['a32']), ...both('jcxz', [here(0)], ['o16']),
    ...both('loop', [here(-5)]), ...both('loopz', [here(0)]), ...both('loopnz', [here(0)]), ...both('loope', [here(0)], ['a16']),
    ...both('loop', [here(0), reg('cx')]), ...both('loop', [here(0), reg('ecx')]), ...both('loopne', [here(0), reg('ecx')]),
    ...both('jmp', [far(0x10, 0x1000)]), ...both('jmp', [far(0x10, 0x1000, 16)]), ...both('jmp', [far(0x10, 0x1000, 32)]),
    ...both('call', [far(0x08, 0x12345678)]), ...both('call', [far(0x08, 0x1234, 16)]),
    ...both('jmp', [mem({ base: 'eax' })]), ...both('call', [mem({ base: 'bx' })]), ...both('jmp', [mem({ base: 'eax', size: 16 })]),
    ...both('call', [mem({ base: 'eax', size: 32 })]), ...both('jmp', [mem({ base: 'eax', branch: 'near' })]),
    ...both('jmp', [mem({ base: 'eax', branch: 'far' })]), ...both('call', [mem({ base: 'bx', branch: 'far' })]),
    ...both('jmp', [mem({ base: 'bx', branch: 'far', size: 16 })]), ...both('call', [mem({ base: 'bx', branch: 'far', size: 32 })]),
    ...both('jmp', [reg('eax')]), ...both('call', [reg('si')]),
    ...both('movsb', [], ['rep']), ...both('movsd', [], ['rep']), ...both('movsw', [], ['rep']), ...both('cmpsb', [], ['repe']),
    ...both('scasw', [], ['repne']), ...both('scasd', [], ['repnz']), ...both('cmpsd', [], ['repz']), ...both('stosd'), ...both('lodsw'),
    ...both('insb', [], ['rep']), ...both('outsd', [], ['rep']), ...both('insw'), ...both('outsb'),
    ...both('movsb', [], ['lock', 'rep']), ...both('movsb', [], ['rep', 'es']), ...both('movsd', [], ['es', 'rep', 'lock', 'a32']),
    ...both('movsb', [], ['a32']), ...both('movsb', [], ['a16']), ...both('movsb', [], ['o32']), ...both('movsw', [], ['o32']),
    ...both('push', [reg('ax')], ['o32']), ...both('push', [imm(5)], ['o32']), ...both('nop', [], ['o16']), ...both('nop', [], ['es']),
    ...both('nop', [], ['rep']), ...both('nop', [], ['lock', 'lock']),
    ...both('wait', [], ['rep']), ...both('fwait', [], ['es', 'lock']), ...both('wait', [], ['o16', 'a32']),
    ...both('add', [mem({ base: 'bx' }), reg('ax')], ['lock']), ...both('mov', [mem({ base: 'eax', seg: 'es', size: 16 }), imm(1)], ['lock']),
    ...both('mov', [mem({ base: 'eax', seg: 'es', size: 32 }), imm(1)]), ...both('mov', [mem({ base: 'bx', seg: 'es', size: 16 }), imm(1)]),
    ...both('pushf'), ...both('pushfd'), ...both('pushfw'), ...both('popf'), ...both('popfd'), ...both('popfw'),
    ...both('pusha'), ...both('pushad'), ...both('pushaw'), ...both('popa'), ...both('popad'), ...both('popaw'),
    ...both('iret'), ...both('iretd'), ...both('iretw'), ...both('cbw'), ...both('cwde'), ...both('cwd'), ...both('cdq'),
    ...both('in', [reg('al'), reg('dx')]), ...both('in', [reg('eax'), imm(0x60)]), ...both('out', [reg('dx'), reg('ax')]),
    ...both('out', [imm(0xe9), reg('al')]), ...both('hlt'), ...both('cli'), ...both('sti'), ...both('clts'), ...both('wbinvd'),
  ];
  assertSame(compareWithNasm(cases, encodeInstruction));
});

test('random instructions (seeded) assemble as NASM assembles them, or fail as NASM fails', nasm, () => {
  assertSame(compareWithNasm(fuzzCases(2026, 3000), encodeInstruction));
});
