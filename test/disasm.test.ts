import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { disassemble, disassembleOne, DisassembledLine } from '../src/asm/disassembler';
import { nasmBatch, render } from './support/encoder-cases';
import { formCases } from './support/encoder-forms';
import { oracleSkip } from './support/oracles';

const oracles = { skip: oracleSkip('nasm', 'ndisasm') };

function bytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.split(/\s+/).filter(Boolean).map((b) => parseInt(b, 16)));
}

function texts(hex: string, bits: 16 | 32, ndisasm = false, origin = 0): string[] {
  return disassemble(bytes(hex), { bits, origin, ndisasm }).map((l) => l.text);
}

function withTemp<T>(body: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'ringside-disasm-'));
  try {
    return body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** ndisasm's lines: address and text. */
function ndisasm(code: Uint8Array, bits: 16 | 32): Map<number, string> {
  return withTemp((dir) => {
    writeFileSync(join(dir, 'a.bin'), code);
    const r = spawnSync('ndisasm', [`-b${bits}`, join(dir, 'a.bin')], { encoding: 'utf8' });
    const out = new Map<number, string>();
    for (const line of r.stdout.split('\n')) {
      const m = /^([0-9A-F]{8})  \S+\s+(.*)$/.exec(line);
      if (m) out.set(parseInt(m[1], 16), m[2]);
    }
    return out;
  });
}

/** Assembles the lines with NASM at origin 0. */
function nasm(lines: string[], bits: 16 | 32): Uint8Array | string {
  return withTemp((dir) => {
    writeFileSync(join(dir, 'a.asm'), [`bits ${bits}`, ...lines].join('\n') + '\n');
    const r = spawnSync('nasm', ['-f', 'bin', '-o', join(dir, 'a.bin'), join(dir, 'a.asm')], { encoding: 'utf8' });
    return r.status === 0 ? new Uint8Array(readFileSync(join(dir, 'a.bin'))) : r.stderr;
  });
}

const PREFIX_WORDS = /^(o16|o32|a16|a32|rep|repe|repne|lock|es|cs|ss|ds|fs|gs)$/;

function mnemonic(text: string): string {
  return text.split(' ').find((w) => !PREFIX_WORDS.test(w)) ?? '';
}

/** The table's forms as NASM assembles them, in one BITS setting. */
function tableBinary(bits: 16 | 32): Uint8Array {
  const cases = formCases(bits);
  let run = nasmBatch(bits, cases.map(render));
  if (!run.lines) run = nasmBatch(bits, cases.filter((_, i) => !run.errors.has(i)).map(render));
  assert.ok(run.lines);
  return Uint8Array.from(run.lines.flatMap((l) => l.bytes));
}

function firstDifference(a: Uint8Array, b: Uint8Array, lines: DisassembledLine[]): string {
  const at = a.findIndex((x, i) => x !== b[i]);
  const line = lines.find((l) => l.address <= at && at < l.address + l.bytes.length);
  return `lengths ${a.length}/${b.length}, first difference at ${at}: ${line?.text}`;
}

// ndisasm knows no test registers and reads WAIT before an instruction as its prefix
const NDISASM_GAPS = /^(mov (tr\d,|\w+,tr\d)|wait)/;

test('the table\'s forms: same mnemonics as ndisasm, and text that NASM assembles back to the same bytes', oracles, () => {
  for (const bits of [16, 32] as const) {
    const code = tableBinary(bits);
    const theirs = ndisasm(code, bits);
    const lines = disassemble(code, { bits });
    const exact = disassemble(code, { bits, ndisasm: true });
    const wrong: string[] = [];
    lines.forEach((line, i) => {
      const nd = theirs.get(line.address);
      if (NDISASM_GAPS.test(exact[i].text) || nd === undefined) return;
      if (mnemonic(line.text) !== mnemonic(nd)) wrong.push(`${line.text} / ndisasm: ${nd}`);
      if (exact[i].text !== nd) wrong.push(`ndisasm style: ${exact[i].text} / ndisasm: ${nd}`);
    });
    assert.deepEqual(wrong, [], `bits ${bits}`);
    assert.equal(lines.filter((l) => l.text.startsWith('db')).length, 0, `bits ${bits}: no db lines`);
    const again = nasm(lines.map((l) => l.text), bits);
    assert.ok(typeof again !== 'string', `bits ${bits}: ${again}`);
    assert.ok(Buffer.from(again).equals(Buffer.from(code)), firstDifference(again, code, lines));
  }
});

test('random bytes come back from NASM byte for byte', oracles, () => {
  let seed = 0x2545f491;
  const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24;
  for (const bits of [16, 32] as const) {
    const code = Uint8Array.from({ length: 12000 }, random);
    const lines = disassemble(code, { bits });
    const again = nasm(lines.map((l) => l.text), bits);
    assert.ok(typeof again !== 'string', `bits ${bits}: ${again}`);
    assert.ok(Buffer.from(again).equals(Buffer.from(code)), firstDifference(again, code, lines));
  }
});

test('ndisasm\'s spelling', () => {
  assert.deepEqual(texts('83 c0 01  c7 43 04 01 00 00 00  eb 10  26 89 18  f3 a5  66 6a 05', 32, true), [
    'add eax,byte +0x1', 'mov dword [ebx+0x4],0x1', 'jmp short 0x1c', 'mov [es:eax],ebx', 'rep movsd', 'o16 push byte +0x5',
  ]);
  assert.deepEqual(texts('74 fe  0f 84 00 01 00 00  e8 fb ff ff ff', 32, true, 0x1000), ['jz 0x1000', 'jz near 0x1108', 'call 0x1008']);
  assert.deepEqual(texts('60  66 60  9c  cf  66 cf  66 c3  98  66 98', 32, true), [
    'pusha', 'pushaw', 'pushf', 'iret', 'iretw', 'retw', 'cwde', 'cbw',
  ]);
  assert.deepEqual(texts('0f 20 d8  0f 01 c1  f3 0f c7 30  0f 01 15 00 20 00 00  8e e0  8c d8', 32, true), [
    'mov eax,cr3', 'vmcall', 'vmxon [eax]', 'lgdt [dword 0x2000]', 'mov fs,eax', 'mov eax,ds',
  ]);
  assert.deepEqual(texts('8b 46 fe  8b 87 f0 ff  a1 34 12  c4 5e 00  ea 00 7c 00 00', 16, true), [
    'mov ax,[bp-0x2]', 'mov ax,[bx-0x10]', 'mov ax,[0x1234]', 'les bx,[bp+0x0]', 'jmp 0x0:0x7c00',
  ]);
  assert.deepEqual(texts('d1 e0  c1 e0 04  f6 c3 01  0f ba e0 03', 32, true), [
    'shl eax,1', 'shl eax,byte 0x4', 'test bl,0x1', 'bt eax,byte 0x3',
  ]);
});

test('text that would assemble differently is made explicit, or left as bytes', () => {
  assert.deepEqual(texts('74 fe', 32, false, 0x1000), ['jz short 0x1000']);
  assert.deepEqual(texts('e9 00 00 00 00', 32), ['jmp near 0x5']);
  // a zero displacement NASM would drop, a displacement NASM would shorten
  assert.deepEqual(texts('8b 40 00  8b 80 01 00 00 00', 32), ['mov eax,dword [byte eax+0x0]', 'mov eax,dword [dword eax+0x1]']);
  // 68 with a value that fits a byte
  assert.deepEqual(texts('68 05 00 00 00', 32), ['push strict dword 0x5']);
  // non-canonical: ModRM direction, 81 with a byte-sized value on EAX, 82, an unused SIB
  assert.deepEqual(texts('8b c3', 32), ['db 0x8b,0xc3']);
  assert.deepEqual(texts('81 c0 01 00 00 00', 32), ['db 0x81,0xc0,0x01,0x00,0x00,0x00']);
  assert.deepEqual(texts('82 c0 01', 32), ['db 0x82,0xc0,0x01']);
  assert.deepEqual(texts('8b 04 20', 32), ['db 0x8b,0x04,0x20']);
  // the same bytes, as ndisasm prints them
  assert.deepEqual(texts('8b c3  81 c0 01 00 00 00', 32, true), ['mov eax,ebx', 'add eax,0x1']);
});

test('symbols name branch targets and absolute addresses', () => {
  const symbols = new Map([[0x1000, 'start'], [0x2000, 'counter']]);
  const lines = disassemble(bytes('eb fe  a1 00 20 00 00  ff 05 00 20 00 00  e8 ee ff ff ff'), { bits: 32, origin: 0x1000, symbols });
  assert.deepEqual(lines.map((l) => l.text), ['jmp short start', 'mov eax,[counter]', 'inc dword [dword counter]', 'call start']);
  assert.deepEqual(lines.map((l) => l.address), [0x1000, 0x1002, 0x1007, 0x100d]);
});

test('undecodable and truncated bytes come out as db', () => {
  assert.deepEqual(texts('0f ff 90', 32), ['db 0x0f', 'db 0xff', 'nop']);
  assert.deepEqual(texts('b8 01 00', 32), ['db 0xb8', 'add [eax],eax']);
  assert.deepEqual(texts('66 0f', 32), ['db 0x66', 'db 0x0f']);
  assert.deepEqual(texts('f0 0f ff', 32), ['db 0xf0', 'db 0x0f', 'db 0xff']);
  assert.deepEqual(texts('f0 90  8e c8', 16), ['lock nop', 'mov cs,ax'], 'faulting but well-formed encodings still print');
  assert.deepEqual(texts('', 32), []);
  const one = disassembleOne(bytes('90 8b 45 08'), 1, { bits: 32, origin: 0x7c00 });
  assert.deepEqual([one.address, one.text, [...one.bytes]], [0x7c01, 'mov eax,[ebp+0x8]', [0x8b, 0x45, 0x08]]);
  assert.equal(disassembleOne(bytes('90'), 1, { bits: 16 }).bytes.length, 0);
});
