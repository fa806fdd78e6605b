import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decode, MAX_INSTRUCTION_LENGTH } from '../src/arch/decoder';
import { disassemble } from '../src/asm/disassembler';

function generator(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s >>> 24;
  };
}

test('the decoder never throws and keeps its length invariants on random bytes', () => {
  const random = generator(20261122);
  const window = new Uint8Array(MAX_INSTRUCTION_LENGTH);
  const fetch = (i: number) => {
    if (i < 0 || i >= MAX_INSTRUCTION_LENGTH) throw new Error(`fetch(${i}) past the length limit`);
    return window[i];
  };
  let valid = 0;
  for (let n = 0; n < 300_000; n++) {
    for (let i = 0; i < window.length; i++) window[i] = random();
    // bias towards prefixes so that long and odd prefix runs are common
    if (n % 4 === 0) for (let i = 0; i < (n >> 2) % 15; i++) window[i] = [0x66, 0x67, 0xf0, 0xf2, 0xf3, 0x26, 0x64, 0x0f][random() & 7];
    const bits = n & 1 ? 32 : 16;
    const insn = decode(fetch, bits);
    assert.ok(insn.length >= 1 && insn.length <= MAX_INSTRUCTION_LENGTH, `length ${insn.length}`);
    if (insn.form === null) {
      assert.ok(insn.invalid && (insn.fault === 6 || insn.fault === 13), `${insn.invalid} ${insn.fault}`);
      continue;
    }
    valid++;
    assert.equal(insn.invalid, null);
    assert.equal(insn.operands.length, insn.form.operands.length);
    assert.ok(!insn.lock || insn.form.flags.has('lock'));
  }
  assert.ok(valid > 200_000, `${valid} valid decodes`);
});

test('the disassembler never throws; lines cover the input exactly; db only for what it cannot say', () => {
  const random = generator(7);
  for (let n = 0; n < 1500; n++) {
    const code = Uint8Array.from({ length: 32 }, random);
    for (const bits of [16, 32] as const) {
      for (const ndisasm of [false, true]) {
        const lines = disassemble(code, { bits, ndisasm, origin: 0xfff0 });
        let offset = 0;
        for (const line of lines) {
          assert.equal(line.address, 0xfff0 + offset);
          assert.ok(line.bytes.length >= 1 && line.bytes.length <= MAX_INSTRUCTION_LENGTH);
          assert.deepEqual([...line.bytes], [...code.subarray(offset, offset + line.bytes.length)]);
          assert.ok(line.text.length > 0);
          if (line.text.startsWith('db ')) {
            assert.equal(line.text, `db ${[...line.bytes].map((b) => `0x${b.toString(16).padStart(2, '0')}`).join(',')}`);
          }
          if (ndisasm && line.text.startsWith('db ')) assert.equal(line.bytes.length, 1);
          offset += line.bytes.length;
        }
        assert.equal(offset, code.length);
      }
    }
  }
});
