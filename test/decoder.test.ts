import { test } from 'node:test';
import assert from 'node:assert/strict';
import { branchTarget, decode, DecodedInstruction, DecodedOperand } from '../src/arch/decoder';
import { FORMS } from '../src/arch/instructions';
import { registerName, SEG } from '../src/arch/registers';
import { Case, CaseOperand, nasmBatch, render } from './support/encoder-cases';
import { formCases } from './support/encoder-forms';
import { oracleSkip } from './support/oracles';

function decodeBytes(bytes: readonly number[], bits: 16 | 32): DecodedInstruction {
  return decode((i) => {
    if (i >= bytes.length) throw new Error(`read past the end at ${i}`);
    return bytes[i];
  }, bits);
}

function hexBytes(s: string): number[] {
  return s.split(/\s+/).filter(Boolean).map((b) => parseInt(b, 16));
}

/** Mnemonics that spell the same encoding (pusha/pushad, retw/ret with 66, ...). */
function sameInstruction(a: string, b: string): boolean {
  if (a === b) return true;
  return FORMS.some((f) => f.mnemonic === a && FORMS.some((g) => g.mnemonic === b &&
    f.opcode.join() === g.opcode.join() && f.modrm === g.modrm && f.mandatoryPrefix === g.mandatoryPrefix));
}

function describe(d: DecodedOperand, insn: DecodedInstruction): string {
  return JSON.stringify({ ...d, addressSize: insn.addressSize });
}

/** Why a decoded operand differs from the case's operand, or '' when it matches. */
function operandMismatch(c: CaseOperand, d: DecodedOperand, insn: DecodedInstruction, address: number): string {
  const bad = (what: string) => `${what}: decoded ${describe(d, insn)}`;
  switch (c.kind) {
    case 'reg':
      if (d.kind !== 'reg') return bad('expected a register');
      // MOV Sreg,r16 and LAR/LSL take the rm register at any width; compare numbers there
      if (registerName(d.cls!, d.reg) !== c.reg.name && !(d.reg === c.reg.num && c.reg.cls.startsWith('r'))) return bad(`expected ${c.reg.name}`);
      return '';
    case 'mem': {
      if (d.kind !== 'mem') return bad('expected memory');
      const cls = insn.addressSize === 16 ? 'r16' : 'r32';
      const name = (n: number) => (n < 0 ? undefined : registerName(cls, n));
      if (name(d.base) !== c.base?.name) return bad(`expected base ${c.base?.name}`);
      if (name(d.index) !== c.index?.name) return bad(`expected index ${c.index?.name}`);
      if (c.index && d.scale !== c.scale) return bad(`expected scale ${c.scale}`);
      const mask = insn.addressSize === 16 ? 0xffff : 0xffffffff;
      if (((d.disp ^ c.disp) & mask) !== 0) return bad(`expected displacement ${c.disp}`);
      const ss = c.base && (c.base.name === 'bp' || c.base.name === 'ebp' || c.base.name === 'esp');
      const seg = c.seg ?? (ss ? SEG.ss : SEG.ds);
      if (d.seg !== seg) return bad(`expected segment ${seg}`);
      return '';
    }
    case 'imm': {
      if (d.kind !== 'imm') return bad('expected an immediate');
      const mask = d.size === 32 ? 0xffffffff : (1 << d.size) - 1;
      return ((d.value ^ c.value) & mask) === 0 ? '' : bad(`expected ${c.value}`);
    }
    case 'here': {
      if (d.kind !== 'rel') return bad('expected a branch');
      return branchTarget(insn, d, address) === address + c.delta ? '' : bad(`expected target $+${c.delta}`);
    }
    case 'far':
      if (d.kind !== 'far') return bad('expected a far pointer');
      return d.selector === c.selector && d.value === c.offset ? '' : bad(`expected ${c.selector}:${c.offset}`);
  }
  return '';
}

/**
 * The case's operands against the decoded ones. The assembler-only spellings of commutative
 * operations (TEST r,rm; XCHG r,rm) decode with their operands swapped, and IMUL r,imm decodes
 * as IMUL r,r,imm.
 */
function operandsMismatch(c: Case, insn: DecodedInstruction, address: number): string[] {
  const compare = (ops: DecodedOperand[]) =>
    c.operands.map((op, k) => operandMismatch(op, ops[k], insn, address)).filter(Boolean);
  let ops = insn.operands;
  const expected = c.operands;
  if (c.mnemonic.startsWith('loop') && expected.length === 2) {
    const counter = expected[1];
    const size = counter.kind === 'reg' && counter.reg.name === 'cx' ? 16 : 32;
    if (insn.addressSize !== size) return [`address size ${insn.addressSize} for ${render(c)}`];
    return operandsMismatch({ ...c, operands: [expected[0]] }, insn, address);
  }
  if (c.mnemonic === 'imul' && ops.length === 3 && c.operands.length === 2) ops = [ops[0], ops[2]];
  if (ops.length !== c.operands.length) return [`${ops.length} operands`];
  const straight = compare(ops);
  if (straight.length === 0 || !(c.mnemonic === 'test' || c.mnemonic === 'xchg')) return straight;
  return compare([...ops].reverse()).length === 0 ? [] : straight;
}

function checkCases(bits: 16 | 32, cases: Case[]): string[] {
  const lines = cases.map(render);
  let run = nasmBatch(bits, lines);
  let kept = cases;
  if (!run.lines) {
    kept = cases.filter((_, i) => !run.errors.has(i));
    run = nasmBatch(bits, kept.map(render));
  }
  assert.ok(run.lines, `nasm failed: ${[...run.errors.values()].slice(0, 3).join('; ')}`);
  const problems: string[] = [];
  run.lines.forEach(({ address, bytes }, i) => {
    const c = kept[i];
    const where = `bits ${bits}: ${render(c)} (${bytes.map((b) => b.toString(16)).join(' ')})`;
    const insn = decodeBytes(bytes, bits);
    if (!insn.form) { problems.push(`${where}: invalid (${insn.invalid})`); return; }
    if (insn.length !== bytes.length) { problems.push(`${where}: length ${insn.length}`); return; }
    if (!sameInstruction(insn.form.mnemonic, c.mnemonic)) { problems.push(`${where}: decoded ${insn.form.mnemonic}`); return; }
    for (const why of operandsMismatch(c, insn, address)) problems.push(`${where}: ${why}`);
  });
  return problems;
}

test('every table form that NASM assembles decodes to the same instruction and operands', { skip: oracleSkip('nasm') }, () => {
  for (const bits of [16, 32] as const) {
    const problems = checkCases(bits, formCases(bits));
    assert.equal(problems.length, 0, problems.slice(0, 30).join('\n'));
  }
});

test('forms the assembler never picks still decode', () => {
  const cases: [string, 16 | 32, string][] = [
    ['82 c0 05', 32, 'add'],
    ['82 38 05', 32, 'cmp'],
    ['d0 30', 32, 'shl'],
    ['c1 f0 03', 32, 'shl'],
    ['f6 c8 05', 32, 'test'],
    ['66 f7 c8 05 00', 32, 'test'],
  ];
  for (const [hex, bits, mnemonic] of cases) {
    const insn = decodeBytes(hexBytes(hex), bits);
    assert.equal(insn.form?.mnemonic, mnemonic, hex);
    assert.equal(insn.length, hexBytes(hex).length, hex);
    assert.ok(insn.form!.flags.has('na'), hex);
  }
});

test('fixed ModRM bytes, mandatory prefixes and the 0F 38 map', () => {
  const m = (hex: string, bits: 16 | 32 = 32) => decodeBytes(hexBytes(hex), bits).form?.mnemonic ?? 'invalid';
  assert.equal(m('0f 01 c1'), 'vmcall');
  assert.equal(m('0f 01 c4'), 'vmxoff');
  assert.equal(m('0f 01 08'), 'sidt');
  assert.equal(m('0f 01 c8'), 'invalid'); // SIDT needs memory
  assert.equal(m('0f c7 30'), 'vmptrld');
  assert.equal(m('66 0f c7 30'), 'vmclear');
  assert.equal(m('f3 0f c7 30'), 'vmxon');
  assert.equal(m('66 0f 38 80 08'), 'invept');
  assert.equal(m('0f 38 80 08'), 'invalid');
  assert.equal(m('f3 90'), 'pause');
  assert.equal(m('d4 0a'), 'aam');
  const aam = decodeBytes([0xd4, 0x10], 32);
  assert.equal(aam.form?.mnemonic, 'aam');
  assert.equal(aam.operands[0].value, 0x10);
  const vmclear = decodeBytes(hexBytes('66 0f c7 30'), 32);
  assert.equal(vmclear.operandSize, 32, 'a mandatory 66 is not an operand-size prefix');
  const vmxon = decodeBytes(hexBytes('f3 0f c7 30'), 32);
  assert.equal(vmxon.rep, 0);
});

test('+r and +cc opcodes', () => {
  const push = decodeBytes([0x53], 32);
  assert.equal(push.form?.mnemonic, 'push');
  assert.deepEqual([push.operands[0].cls, push.operands[0].reg], ['r32', 3]);
  const bswap = decodeBytes([0x0f, 0xce], 32);
  assert.equal(bswap.form?.mnemonic, 'bswap');
  assert.equal(bswap.operands[0].reg, 6);
  const jg = decodeBytes([0x7f, 0x10], 16);
  assert.equal(jg.form?.mnemonic, 'jg');
  assert.equal(jg.form?.cc, 0xf);
  assert.equal(branchTarget(jg, jg.operands[0], 0x7c00), 0x7c12);
  const back = decodeBytes([0xeb, 0xfc], 16);
  assert.equal(branchTarget(back, back.operands[0], 0), 0xfffe, '16-bit targets wrap at 64 KiB');
  const cmov = decodeBytes([0x0f, 0x44, 0xc1], 32);
  assert.equal(cmov.form?.mnemonic, 'cmovz');
});

test('MOV to and from control registers ignores ModRM.mod', () => {
  for (const modrm of [0xd8, 0x18, 0x58, 0x98]) {
    const insn = decodeBytes([0x0f, 0x22, modrm], 32);
    assert.equal(insn.form?.mnemonic, 'mov');
    assert.equal(insn.length, 3);
    assert.deepEqual(insn.operands.map((o) => [o.kind, o.cls, o.reg]), [['reg', 'creg', 3], ['reg', 'r32', 0]]);
  }
});

test('memory operands: 16- and 32-bit addressing, SIB, default segments, overrides', () => {
  const mem = (hex: string, bits: 16 | 32) => {
    const insn = decodeBytes(hexBytes(hex), bits);
    assert.ok(insn.form, hex);
    const op = insn.operands.find((o) => o.kind === 'mem')!;
    return { base: op.base, index: op.index, scale: op.scale, disp: op.disp, seg: op.seg, asize: insn.addressSize, len: insn.length };
  };
  // mov ax,[bp+si+0x10]: SS by default
  assert.deepEqual(mem('8b 42 10', 16), { base: 5, index: 6, scale: 1, disp: 0x10, seg: SEG.ss, asize: 16, len: 3 });
  // mov ax,[0x1234]
  assert.deepEqual(mem('8b 06 34 12', 16), { base: -1, index: -1, scale: 1, disp: 0x1234, seg: SEG.ds, asize: 16, len: 4 });
  // mov ax,[bx-2]
  assert.deepEqual(mem('8b 47 fe', 16), { base: 3, index: -1, scale: 1, disp: -2, seg: SEG.ds, asize: 16, len: 3 });
  // mov eax,[esp+8]
  assert.deepEqual(mem('8b 44 24 08', 32), { base: 4, index: -1, scale: 1, disp: 8, seg: SEG.ss, asize: 32, len: 4 });
  // mov eax,[ebp*2+0x10]: no base, so DS
  assert.deepEqual(mem('8b 04 6d 10 00 00 00', 32), { base: -1, index: 5, scale: 2, disp: 0x10, seg: SEG.ds, asize: 32, len: 7 });
  // mov eax,[es:ebx+ecx*8-0x100]
  assert.deepEqual(mem('26 8b 84 cb 00 ff ff ff', 32), { base: 3, index: 1, scale: 8, disp: -0x100, seg: SEG.es, asize: 32, len: 8 });
  // a32 in 16-bit code: mov ax,[eax]
  assert.deepEqual(mem('67 8b 00', 16), { base: 0, index: -1, scale: 1, disp: 0, seg: SEG.ds, asize: 32, len: 3 });
  // a16 in 32-bit code: mov eax,[bp]  (mod 1, disp 0)
  assert.deepEqual(mem('67 8b 46 00', 32), { base: 5, index: -1, scale: 1, disp: 0, seg: SEG.ss, asize: 16, len: 4 });
  // moffs with an override
  assert.deepEqual(mem('64 a1 78 56 34 12', 32), { base: -1, index: -1, scale: 1, disp: 0x12345678, seg: SEG.fs, asize: 32, len: 6 });
});

test('immediates are extended as the form says', () => {
  const imm = (hex: string, bits: 16 | 32) => {
    const insn = decodeBytes(hexBytes(hex), bits);
    const op = insn.operands[insn.operands.length - 1];
    return [op.kind, op.size, op.value];
  };
  assert.deepEqual(imm('83 c0 ff', 32), ['imm', 32, 0xffffffff]);
  assert.deepEqual(imm('83 c0 ff', 16), ['imm', 16, 0xffff]);
  assert.deepEqual(imm('6a 80', 32), ['imm', 32, 0xffffff80]);
  assert.deepEqual(imm('b0 ff', 32), ['imm', 8, 0xff]);
  assert.deepEqual(imm('c1 e0 1f', 32), ['imm', 8, 0x1f]);
  assert.deepEqual(imm('68 78 56 34 12', 32), ['imm', 32, 0x12345678]);
  assert.deepEqual(imm('66 68 34 12', 32), ['imm', 16, 0x1234]);
  const far = decodeBytes(hexBytes('ea 78 56 34 12 08 00'), 32).operands[0];
  assert.deepEqual([far.kind, far.selector, far.value], ['far', 8, 0x12345678]);
  const far16 = decodeBytes(hexBytes('ea 00 7c 00 00'), 16).operands[0];
  assert.deepEqual([far16.kind, far16.selector, far16.value], ['far', 0, 0x7c00]);
});

test('prefixes: repetition, order, operand and address size, LOCK rules', () => {
  const insn = decodeBytes(hexBytes('f3 66 67 26 a5'), 32);
  assert.equal(insn.form?.mnemonic, 'movsw');
  assert.equal(insn.rep, 0xf3);
  assert.equal(insn.operandSize, 16);
  assert.equal(insn.addressSize, 16);
  assert.equal(insn.segment, SEG.es);
  assert.equal(insn.prefixCount, 4);
  const last = decodeBytes(hexBytes('26 2e 3e 8b 00'), 32);
  assert.equal(last.operands[1].seg, SEG.ds, 'the last segment override wins');
  const twice = decodeBytes(hexBytes('66 66 40'), 32);
  assert.equal(twice.operandSize, 16, 'a repeated 66 is still one operand-size change');
  const locked = decodeBytes(hexBytes('f0 01 18'), 32);
  assert.equal(locked.form?.mnemonic, 'add');
  assert.ok(locked.lock);
  for (const hex of ['f0 01 d8', 'f0 8b 00', 'f0 90']) {
    const bad = decodeBytes(hexBytes(hex), 32);
    assert.equal(bad.form, null, hex);
    assert.equal(bad.fault, 6, hex);
  }
});

test('invalid encodings come back as results, not exceptions', () => {
  const invalid = (hex: string, bits: 16 | 32 = 32) => decodeBytes(hexBytes(hex), bits);
  assert.equal(invalid('0f ff').invalid, 'undefined opcode');
  assert.equal(invalid('0f ff').fault, 6);
  assert.match(invalid('8d c0').invalid!, /register/); // LEA needs memory
  assert.match(invalid('c4 c0').invalid!, /register/);
  assert.equal(invalid('8e c8').form, null, 'MOV CS,r16');
  assert.equal(invalid('8c f0').form, null, 'segment register 6');
  const long = invalid('66 '.repeat(15) + '90');
  assert.equal(long.form, null);
  assert.equal(long.fault, 13);
  const longImm = invalid('66 '.repeat(9) + '67 81 80 00 00 34 12 78 56');
  assert.equal(longImm.fault, 13, 'length over 15 counted across the whole instruction');
  assert.equal(invalid('66 '.repeat(13) + '0f 38 00').fault, 13, '#GP for the length before #UD for the opcode');
  const fifteen = invalid('66 '.repeat(14) + '90');
  assert.equal(fifteen.form?.mnemonic, 'xchg', '66 90 is XCHG AX,AX');
  assert.equal(fifteen.length, 15);
});

test('lenient decoding keeps encodings that only fault when run', () => {
  for (const hex of ['f0 90', '8e c8', 'f0 01 c0']) {
    assert.equal(decodeBytes(hexBytes(hex), 32).form, null, hex);
    assert.ok(decode((i) => hexBytes(hex)[i], 32, true).form, hex);
  }
  assert.equal(decode((i) => [0x8c, 0xf0][i], 32, true).form, null, 'there is no segment register 6');
});

test('exceptions thrown by fetch pass through untouched', () => {
  const fault = new Error('page fault');
  assert.throws(() => decode((i) => {
    if (i === 2) throw fault;
    return [0x8b, 0x80][i];
  }, 32), (e) => e === fault);
});
