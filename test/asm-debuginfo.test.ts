// The line table and symbol table: through macros (to the invocation line), includes (to the
// included file's lines), %rep, sections and ORG.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assemble } from '../src/asm/assembler';
import { lineAt } from '../src/asm/line-table';

const files: Record<string, string> = {
  'lib/util.inc': 'util:\n  ret\nUTIL_MAGIC equ 0x55\n',
};
const readFile = (p: string) => {
  if (p in files) return files[p];
  throw new Error(`no such file ${p}`);
};

const source = `bits 32
org 0x1000
%macro twice 1
  inc %1
  inc %1
%endmacro
start:
  mov eax, 1
  twice eax
%rep 2
  nop
%endrep
  call util
.loop: jmp .loop
%include "lib/util.inc"
section .data
msg: db 'hi', 0
section .bss
buf: resb 16
`;

test('the line table maps each statement to its source line', () => {
  const r = assemble({ path: 'main.asm', text: source }, { readFile, includePaths: [] });
  assert.deepEqual(r.diagnostics, []);
  assert.equal(r.origin, 0x1000);
  const rows = r.lineTable.map((e) => `${e.address.toString(16)}+${e.length} ${e.file}:${e.line}`);
  assert.deepEqual(rows, [
    '1000+5 main.asm:8', // mov eax, 1
    '1005+1 main.asm:9', // inc eax (macro, first line)
    '1006+1 main.asm:9', // inc eax (macro, second line)
    '1007+1 main.asm:11', // nop (%rep)
    '1008+1 main.asm:11',
    '1009+5 main.asm:13', // call util
    '100e+2 main.asm:14', // jmp .loop
    '1010+1 lib/util.inc:2', // ret
    '1014+3 main.asm:17', // msg (.data follows .text at a multiple of 4)
  ]);
  assert.equal(lineAt(r.lineTable, 0x1006)?.line, 9);
  assert.equal(lineAt(r.lineTable, 0x1010)?.file, 'lib/util.inc');
  assert.equal(lineAt(r.lineTable, 0x1013), undefined);
});

test('the symbol table lists labels and equs with their values and places', () => {
  const r = assemble({ path: 'main.asm', text: source }, { readFile });
  const byName = new Map(r.symbols.map((s) => [s.name, s]));
  assert.deepEqual(byName.get('start'), { name: 'start', value: 0x1000, kind: 'label', file: 'main.asm', line: 7 });
  assert.deepEqual(byName.get('start.loop'), { name: 'start.loop', value: 0x100e, kind: 'label', file: 'main.asm', line: 14 });
  assert.deepEqual(byName.get('util'), { name: 'util', value: 0x1010, kind: 'label', file: 'lib/util.inc', line: 1 });
  assert.deepEqual(byName.get('UTIL_MAGIC'), { name: 'UTIL_MAGIC', value: 0x55, kind: 'equ', file: 'lib/util.inc', line: 3 });
  assert.equal(byName.get('msg')?.value, 0x1014);
  assert.equal(byName.get('buf')?.value, 0x1018);
  assert.equal(r.bytes.length, 0x17);
});

test('-D defines and -I include paths', () => {
  const r = assemble(
    { path: 'main.asm', text: '%ifdef DEBUG\ndb LEVEL\n%endif\n%include "x.inc"\n' },
    { defines: { DEBUG: '', LEVEL: '3' }, includePaths: ['inc'], readFile: (p) => {
      if (p === 'inc/x.inc') return 'db 9\n';
      throw new Error('missing');
    } },
  );
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual([...r.bytes], [3, 9]);
});

test('includes are found relative to the including file', () => {
  const tree: Record<string, string> = {
    'src/main.asm': '%include "sub/a.inc"\n',
    'src/sub/a.inc': '%include "b.inc"\ndb 1\n',
    'src/sub/b.inc': 'db 2\n',
  };
  const r = assemble({ path: 'src/main.asm' }, { readFile: (p) => {
    if (p in tree) return tree[p];
    throw new Error('missing');
  } });
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual([...r.bytes], [2, 1]);
  assert.deepEqual(r.lineTable.map((e) => `${e.file}:${e.line}`), ['src/sub/b.inc:1', 'src/sub/a.inc:2']);
});

test('text given by an editor is read as UTF-8 bytes', () => {
  const r = assemble({ path: 'u.asm', text: "db 'é€'\n" });
  assert.deepEqual([...r.bytes], [0xc3, 0xa9, 0xe2, 0x82, 0xac]);
  assert.deepEqual([...assemble({ path: 'u.asm', text: "db 'é'\n" }).bytes], [0xc3, 0xa9]);
});
