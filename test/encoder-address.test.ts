import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeInstruction } from '../src/asm/encoder';
import { oracleSkip } from './support/oracles';
import { Case, compareWithNasm, ins, mem, MemSpec, reg } from './support/encoder-cases';

const nasm = { skip: oracleSkip('nasm') };
const R32 = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'];
const DISPS = [0, 1, 0x7f, 0x80, -0x80, -0x81, 0x1234, -0x12345678, 0xffffffff];

function loads(bits: 16 | 32, specs: MemSpec[]): Case[] {
  return specs.map((m) => ins(bits, 'mov', [reg('edx'), mem(m)]));
}

function assertSame(mismatches: string[]): void {
  assert.equal(mismatches.length, 0, `${mismatches.length} mismatches:\n${mismatches.slice(0, 40).join('\n')}`);
}

test('32-bit addressing: every base, index, scale and displacement class', nasm, () => {
  const specs: MemSpec[] = [];
  for (const base of [undefined, ...R32]) {
    for (const index of [undefined, ...R32.filter((r) => r !== 'esp')]) {
      for (const scale of index ? [1, 2, 4, 8] as const : [1] as const) {
        for (const disp of DISPS) specs.push({ base, index, scale, disp });
      }
    }
  }
  for (const index of R32.filter((r) => r !== 'esp')) {
    for (const scale of [1, 2, 4, 8] as const) specs.push({ index, scale, nosplit: true }, { index, scale, base: 'ebx', nosplit: true });
  }
  specs.push({ base: 'eax', index: 'esp' }, { base: 'ebp', index: 'esp' }, { index: 'esp' });
  for (const base of R32) {
    specs.push({ base, dispSize: 8 }, { base, dispSize: 32 }, { base, disp: 4, dispSize: 32 }, { base, disp: 0x190, dispSize: 8 });
  }
  assertSame(compareWithNasm([...loads(32, specs), ...loads(16, specs)], encodeInstruction));
});

test('16-bit addressing: every register combination and displacement class', nasm, () => {
  const combos: [string?, string?][] = [
    [], ['bx'], ['bp'], ['si'], ['di'], ['bx', 'si'], ['bx', 'di'], ['bp', 'si'], ['bp', 'di'],
    ['si', 'bx'], ['di', 'bp'],
  ];
  const specs: MemSpec[] = [];
  for (const [base, index] of combos) {
    for (const disp of [0, 1, 0x7f, 0x80, -0x80, -0x81, 0x1234, 0xffff, 0xff80, 0x10000]) specs.push({ base, index, disp });
    if (base) specs.push({ base, index, dispSize: 8 }, { base, index, dispSize: 16 }, { base, index, disp: 0x300, dispSize: 8 });
  }
  specs.push({ disp: 0x10, addrSize: 32 }, { disp: 0x10, addrSize: 16 });
  assertSame(compareWithNasm([...loads(16, specs), ...loads(32, specs)], encodeInstruction));
});

test('segment overrides on every addressing form, including moffs', nasm, () => {
  const cases: Case[] = [];
  for (const bits of [16, 32] as const) {
    for (const seg of ['es', 'cs', 'ss', 'ds', 'fs', 'gs'] as const) {
      for (const m of [{ base: 'ebp' }, { base: 'bx', index: 'si' }, { disp: 0x40 }, { base: 'esp', disp: 8 }]) {
        cases.push(ins(bits, 'mov', [reg('eax'), mem({ ...m, seg })]));
        cases.push(ins(bits, 'mov', [mem({ ...m, seg, size: 16 }), { kind: 'imm', value: 1, known: true }]));
        cases.push(ins(bits, 'mov', [mem({ ...m, seg }), reg('al')]));
      }
    }
  }
  assertSame(compareWithNasm(cases, encodeInstruction));
});
