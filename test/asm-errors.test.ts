// Bad sources give clear errors on the right line, and never a crash or a hang.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assemble, AssemblyResult } from '../src/asm/assembler';

function run(text: string, files: Record<string, string> = {}): AssemblyResult {
  return assemble({ path: 'main.asm', text }, {
    readFile: (p) => {
      if (p in files) return files[p];
      throw new Error(`no such file ${p}`);
    },
  });
}

/** The errors as "file:line:col: message". */
function errors(r: AssemblyResult): string[] {
  return r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line}:${d.col}: ${d.message}`);
}

test('unknown mnemonic', () => {
  assert.deepEqual(errors(run('nop\n  movx eax, 1\n')), ["main.asm:2:3: unknown mnemonic 'movx'"]);
});

test('impossible operand combinations carry the encoder message', () => {
  const e = errors(run('bits 32\nmov al, bx\nmov eax\npush byte [eax]\n'));
  assert.equal(e.length, 3);
  assert.match(e[0], /^main\.asm:2:1: .*(invalid combination|mismatch)/);
  assert.match(e[1], /^main\.asm:3:1: /);
  assert.match(e[2], /^main\.asm:4:1: /);
});

test('undefined and duplicate labels', () => {
  const e = errors(run('start: nop\n  jmp nowhere\nstart: nop\n  mov ax, [also_missing]\n'));
  assert.deepEqual(e, [
    "main.asm:2:7: symbol 'nowhere' is not defined",
    "main.asm:3:1: label 'start' is already defined (at main.asm:1)",
    "main.asm:4:12: symbol 'also_missing' is not defined",
  ]);
});

test('unterminated string', () => {
  assert.deepEqual(errors(run('db "abc\nnop\n')), ['main.asm:1:4: unterminated string']);
});

test('a 10,000-character line', () => {
  const long = 'x'.repeat(10_000);
  const e = errors(run(`nop\n${long} eax\nmov eax, ${long}\ndb ${'1,'.repeat(5000)}1\n`));
  assert.equal(e.length, 2);
  assert.match(e[0], /^main\.asm:2:1: unknown mnemonic 'x+\.\.\. \(10000 characters\)'$/);
  assert.match(e[1], /^main\.asm:3:10: symbol 'x+\.\.\. \(10000 characters\)' is not defined$/);
});

test('binary garbage gives errors, capped, and no crash', () => {
  let seed = 7;
  const bytes = Array.from({ length: 200_000 }, () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return String.fromCharCode(seed >> 23);
  }).join('');
  const r = run(bytes);
  const e = errors(r);
  assert.ok(e.length > 10 && e.length <= 101, `${e.length} errors`);
  assert.match(e[0], /^main\.asm:\d+:\d+: /);
  assert.match(e[e.length - 1], /too many errors/);
});

test('include cycle and missing include name the %include line', () => {
  const files = { 'a.inc': 'nop\n%include "b.inc"\n', 'b.inc': '\n\n%include "a.inc"\n' };
  assert.deepEqual(errors(run('%include "a.inc"\n%include "nothere.inc"\n', files)), [
    'b.inc:3:1: include cycle: a.inc -> b.inc -> a.inc',
    "main.asm:2:1: unable to open include file 'nothere.inc'",
  ]);
});

test('runaway %rep and endless macro recursion are capped', () => {
  const e = errors(run('%rep 100000000\nnop\n%endrep\n%macro again 0\nagain\n%endmacro\nagain\n'));
  assert.deepEqual(e, [
    'main.asm:1:1: %rep count 100000000 is too large (limit 1000000)',
    "main.asm:7:1: macro 'again' nested more than 1000 deep; does it call itself without end? (in macro 'again')",
  ]);
});

test('several errors in one run, with %error and bad macro calls', () => {
  const src = '%macro m 1\n  mov al, %1\n%endmacro\n  m bx\n  m 1, 2\n%error stop here\nfoo bar\n';
  assert.deepEqual(errors(run(src)), [
    "main.asm:4:1: invalid combination of opcode and operands (in macro 'm')",
    "main.asm:5:1: macro 'm' takes 1 parameter(s)",
    'main.asm:6:1: stop here',
    "main.asm:7:1: unknown mnemonic 'foo'",
  ]);
});

test('unbalanced conditionals and bad expressions', () => {
  const e = errors(run('%endif\n%if 1\ndb 1 +\ndb (2\ndb 1/0\ntimes later db 0\nlater:\n'));
  assert.deepEqual(e.map((x) => x.split(': ')[0]), [
    'main.asm:1:1', 'main.asm:3:7', 'main.asm:4:6', 'main.asm:5:5', 'main.asm:6:1', 'main.asm:8:1',
  ]);
});

test('negative and enormous TIMES, runaway %rep output', () => {
  assert.deepEqual(errors(run('times 2-5 db 0\ntimes 0x7fffffff db 0\n')), [
    'main.asm:1:1: TIMES value -3 is negative',
    'main.asm:2:1: section would grow beyond 256 MiB',
  ]);
  const e = errors(run('%rep 1000000\nnop\nnop\n%endrep\n'));
  assert.deepEqual(e, ['main.asm:2:1: more than 1000000 lines after preprocessing; is a %rep or macro running away?']);
});

test('mutated sources never crash the assembler', () => {
  const base = `%macro m 2
%%l: db %1, %2
%endmacro
bits 32
org 0x1000
struc s
.a: resd 1
endstruc
start: mov eax, [ebx+ecx*4+s.a]
  m 1, 'x'
%rep 2
  jmp short start
%endrep
%if 1
  dd start, $-$$, (1 << 3) | 2
%endif
section .data
  times 3 db 0
`;
  const pieces = ['%macro', '%endmacro', '%rep 3', '%endrep', '%if', '%endif', '[', ']', '(', ')', ',', ':', '$',
    '%%', '%1', "'", '"', '`', '\\', 'times', 'equ', '..@', '%define', '*', '?', '{', '}', 'istruc', 'at', 'align', '%$x'];
  let seed = 99;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let iter = 0; iter < 300; iter++) {
    let text = base;
    for (let k = 1 + rnd(6); k > 0; k--) {
      const at = rnd(text.length);
      const cut = rnd(3);
      if (cut === 0) text = text.slice(0, at) + pieces[rnd(pieces.length)] + text.slice(at);
      else if (cut === 1) text = text.slice(0, at) + text.slice(at + rnd(12));
      else text = text.slice(0, at) + String.fromCharCode(rnd(256)) + text.slice(at + 1);
    }
    const r = run(text);
    const internal = r.diagnostics.find((d) => d.message.includes('internal'));
    assert.equal(internal, undefined, `${internal?.message} for:\n${text}`);
  }
});

test('a missing source file is an error, not an exception', () => {
  const r = assemble({ path: '/nonexistent/file.asm' });
  assert.equal(r.bytes.length, 0);
  assert.match(errors(r)[0], /unable to read source file/);
});
