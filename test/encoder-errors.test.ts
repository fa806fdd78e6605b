import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeInstruction } from '../src/asm/encoder';
import { PrefixWord } from '../src/asm/operands';
import { oracleSkip } from './support/oracles';
import { Case, CaseOperand, far, hex, here, imm, ins, mem, reg, render, request } from './support/encoder-cases';

const e16 = (m: string, ops: CaseOperand[], p: PrefixWord[] = []) => ins(16, m, ops, p);
const e32 = (m: string, ops: CaseOperand[], p: PrefixWord[] = []) => ins(32, m, ops, p);

const SIZE = 'operation size not specified';
const MISMATCH = 'mismatch in operand sizes';
const INVALID = 'invalid combination of opcode and operands';
const ADDRESS_SIZES = 'impossible combination of address sizes';
const RANGE = 'short jump is out of range';
const PREFIXES = 'instruction has conflicting prefixes';

// Each line's error, as NASM 2.16 words it (the oracle test below checks that NASM still does).
const ERRORS: [Case, string][] = [
  [e32('push', [mem({ base: 'eax' })]), SIZE],
  [e32('pop', [mem({ base: 'eax' })]), SIZE],
  [e32('inc', [mem({ base: 'eax' })]), SIZE],
  [e16('add', [mem({ base: 'bx' }), imm(5)]), SIZE],
  [e32('movzx', [reg('eax'), mem({ base: 'ebx' })]), SIZE],
  [e32('bt', [mem({ base: 'eax' }), imm(1)]), SIZE],
  [e32('shl', [mem({ base: 'eax' }), imm(1)]), SIZE],
  [e16('shl', [mem({ base: 'bx' }), reg('cl')]), SIZE],
  [e16('rol', [mem({ base: 'bx' }), imm(1, { size: 8 })]), SIZE],
  [e32('mov', [reg('eax'), imm(5, { size: 8 })]), MISMATCH],
  [e32('add', [reg('eax'), imm(5, { size: 16 })]), MISMATCH],
  [e32('jmp', [mem({ base: 'eax', branch: 'short' })]), MISMATCH],
  [e32('jz', [here(0x300, { size: 16 })]), MISMATCH],
  [e16('jz', [here(0x300, { size: 32 })]), MISMATCH],
  [e16('jz', [here(0x300, { size: 16 })]), MISMATCH],
  [e16('loop', [here(0x10, { branch: 'short' })]), MISMATCH],
  [e32('jecxz', [here(0x10, { branch: 'near' })]), MISMATCH],
  [e16('lar', [reg('edx'), mem({ base: 'bx', size: 32 })]), MISMATCH],
  [e32('vmptrld', [mem({ base: 'eax', size: 64 })]), MISMATCH],
  [e32('mov', [mem({ base: 'eax', size: 32 }), reg('ds')]), MISMATCH],
  [e32('mov', [reg('al'), reg('bx')]), INVALID],
  [e32('mov', [reg('cr0'), reg('ax')]), INVALID],
  [e16('jcxz', [here(0), reg('cx')]), INVALID],
  [e32('mov', [reg('ax'), mem({ base: 'eax', index: 'bx' })]), ADDRESS_SIZES],
  [e16('mov', [reg('al'), mem({ base: 'bx' })], ['a32']), ADDRESS_SIZES],
  [e32('mov', [reg('eax'), mem({ index: 'esp', scale: 2 })]), 'invalid 32-bit effective address'],
  [e32('mov', [reg('eax'), mem({ base: 'esp', index: 'esp' })]), 'invalid 32-bit effective address'],
  [e32('mov', [reg('eax'), mem({ base: 'eax', index: 'esp', scale: 2 })]), 'invalid 32-bit effective address'],
  [e32('mov', [reg('ax'), mem({ base: 'ax' })]), 'invalid 32-bit effective address'],
  [e32('mov', [reg('ax'), mem({ base: 'bx', index: 'bp' })]), 'invalid 32-bit effective address'],
  [e32('mov', [reg('ax'), mem({ index: 'si', scale: 2 })]), 'invalid 32-bit effective address'],
  [e16('mov', [reg('ax'), mem({ base: 'bx', index: 'bp' })]), 'invalid 16-bit effective address'],
  [e16('mov', [reg('ax'), mem({ base: 'bx', addrSize: 32 })]), 'invalid 16-bit effective address'],
  [e32('mov', [reg('ax'), mem({ base: 'eax', addrSize: 16 })]), 'invalid 32-bit effective address'],
  [e32('mov', [reg('ax'), mem({ base: 'eax', dispSize: 16 })]), 'invalid 32-bit effective address'],
  [e16('mov', [reg('ax'), mem({ base: 'bx', dispSize: 32 })]), 'invalid 16-bit effective address'],
  [e32('jmp', [here(200, { branch: 'short' })]), RANGE],
  [e16('jz', [here(-200, { branch: 'short' })]), RANGE],
  [e32('jcxz', [here(200)]), RANGE],
  [e16('loop', [here(200)]), RANGE],
  [e32('movsb', [], ['rep', 'repne']), PREFIXES],
  [e32('nop', [], ['es', 'ss']), PREFIXES],
  [e32('nop', [], ['o16', 'o32']), PREFIXES],
  [e32('nop', [], ['a16', 'a32']), PREFIXES],
  [e16('mov', [reg('ax'), mem({ base: 'bx', seg: 'ds' })], ['es']), 'instruction has conflicting segment overrides'],
  [e16('mov', [reg('ax'), mem({ base: 'bx', seg: 'es' })], ['es']), 'instruction has conflicting segment overrides'],
  [e32('jmp', [far(0x10, 0x20, 8)]), MISMATCH],
  [e32('enter', [imm(5, { size: 16 }), imm(1)]), MISMATCH],
  [e32('shld', [reg('eax'), reg('ecx'), imm(3, { size: 8 })]), MISMATCH],
  [e32('call', [here(0x300)], ['repne']), 'repne prefix is not allowed'],
  [e32('jz', [here(0x300)], ['repnz']), 'repnz prefix is not allowed'],
  [e16('ret', [], ['repne']), 'repne prefix is not allowed'],
  [e32('jmp', [mem({ base: 'eax' })], ['repne']), 'repne prefix is not allowed'],
];

test('invalid instructions give NASM\'s error and never throw', () => {
  for (const [c, message] of ERRORS) {
    const r = encodeInstruction(request(c, 0x100));
    assert.deepEqual(r, { ok: false, error: message }, `bits ${c.bits}: ${render(c)}`);
  }
  assert.deepEqual(encodeInstruction({ mnemonic: 'frobnicate', operands: [], prefixes: [], bits: 32, address: 0 }),
    { ok: false, error: "unknown instruction 'frobnicate'" });
});

test('NASM reports the same errors', { skip: oracleSkip('nasm') }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'ringside-enc-err-'));
  try {
    for (const [c, message] of ERRORS) {
      writeFileSync(join(dir, 'e.asm'), `bits ${c.bits}\nnop\n${render(c)}\n`);
      const r = spawnSync('nasm', ['-f', 'bin', '-o', join(dir, 'e.bin'), join(dir, 'e.asm')], { encoding: 'utf8' });
      const first = /:3: error: (.*)/.exec(r.stderr)?.[1];
      assert.equal(first, message, `bits ${c.bits}: ${render(c)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const unknown = (value = 0x1000) => ({ kind: 'imm' as const, value, known: false });

test('forward references take the forms that hold for any value', () => {
  const enc = (bits: 16 | 32, mnemonic: string, operands: CaseOperand[], address = 0) =>
    encodeInstruction(request(ins(bits, mnemonic, operands), address));
  const bytes = (r: ReturnType<typeof enc>) => (r.ok ? hex(r.bytes) : r.error);
  assert.equal(bytes(enc(32, 'jmp', [unknown(5)])), 'e9 00 00 00 00');
  assert.equal(bytes(enc(16, 'jz', [unknown(5)])), '0f 84 01 00');
  assert.equal(bytes(enc(32, 'jmp', [{ ...unknown(5), branch: 'short' }])), 'eb 03');
  assert.equal(bytes(enc(32, 'loop', [unknown(0)], 0x10)), 'e2 ee');
  assert.equal(bytes(enc(32, 'add', [reg('eax'), unknown(5)])), '05 05 00 00 00');
  assert.equal(bytes(enc(32, 'add', [reg('ebx'), unknown(5)])), '81 c3 05 00 00 00');
  assert.equal(bytes(enc(32, 'add', [reg('ebx'), { ...unknown(5), size: 8 }])), '83 c3 05');
  assert.equal(bytes(enc(32, 'push', [unknown(5)])), '68 05 00 00 00');
  assert.equal(bytes(enc(16, 'shl', [reg('ax'), unknown(1)])), 'c1 e0 01');
  assert.equal(bytes(enc(32, 'mov', [reg('eax'), mem({ base: 'ebx', disp: 4, known: false })])), '8b 83 04 00 00 00');
  assert.equal(bytes(enc(16, 'mov', [reg('ax'), mem({ base: 'bp', disp: 4, known: false })])), '8b 86 04 00');
  assert.equal(bytes(enc(32, 'mov', [reg('eax'), mem({ base: 'ebx', disp: 4, known: false, dispSize: 8 })])), '8b 43 04');
  assert.equal(bytes(enc(32, 'mov', [reg('eax'), mem({ disp: 4, known: false })])), 'a1 04 00 00 00');
});
