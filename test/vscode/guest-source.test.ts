// The editor's light reading of guest source (src/extension/guest-source.ts), in plain Node:
// definitions, local-label resolution, references, includes, and what is not an identifier.

import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { codeOf, nameAt, scanGuestSource } from '../../src/extension/guest-source';

const SOURCE = `; comment with label_in_comment: and call nowhere
%include "lib.inc"
%define COUNT 3
%macro put 1
        mov al, %1
%%skip: out 0xe9, al
%endmacro
PORT    equ 0xe9
start:
        mov ecx, COUNT
.loop:  dec ecx
        jnz .loop
        put 'x'
        jmp other.loop
msg     db "not_a_label: here", 0
other:
.loop:  mov eax, $msg
        mov ebx, 0x10 + 10h
        jmp .loop
`;

test('definitions: labels, local labels under their parent, equ, bare data labels, macros, defines', () => {
  const defs = scanGuestSource(SOURCE).definitions.map((d) => `${d.kind} ${d.name} ${d.line}:${d.col}`);
  assert.deepEqual(defs, [
    'define COUNT 2:8',
    'macro put 3:7',
    'equ PORT 7:0',
    'label start 8:0',
    'local start.loop 10:0',
    'label msg 14:0',
    'label other 15:0',
    'local other.loop 16:0',
  ]);
});

test('references resolve local labels in their scope, skip mnemonics, registers, numbers, strings and comments', () => {
  const { references } = scanGuestSource(SOURCE);
  const at = (line: number) => references.filter((r) => r.line === line).map((r) => r.name);
  assert.deepEqual(at(0), []);
  assert.deepEqual(at(9), ['COUNT']);
  assert.deepEqual(at(11), ['start.loop']);
  assert.deepEqual(at(12), ['put']);
  assert.deepEqual(at(13), ['other.loop']);
  assert.deepEqual(at(14), ['msg']);
  assert.deepEqual(at(16), ['other.loop', 'msg']);
  assert.deepEqual(at(17), []);
  assert.deepEqual(at(18), ['other.loop']);
  assert.equal(nameAt(SOURCE, 18, 13)?.name, 'other.loop');
  assert.equal(nameAt(SOURCE, 11, 14)?.name, 'start.loop');
});

test('includes and the code part of a line', () => {
  assert.deepEqual(scanGuestSource(SOURCE).includes, [{ file: 'lib.inc', line: 1 }]);
  assert.equal(codeOf(`db 'a;b', "c" ; note`), `db '   ', " " `);
  assert.equal(codeOf('db `x\\`y`, 1'), 'db `    `, 1');
});

test('struc fields belong to the structure; section names and "?" are not symbols', () => {
  const src = ['section .data', 'struc point', '.x resd 1', '.y resd 1', 'endstruc', 'origin: istruc point', '  at point.x, dd ?', 'iend'].join('\n');
  const { definitions, references } = scanGuestSource(src);
  assert.deepEqual(definitions.map((d) => `${d.kind} ${d.name}`), ['label point', 'local point.x', 'local point.y', 'label origin']);
  assert.deepEqual(references.filter((r) => r.line !== 1 && r.line < 5).map((r) => r.name), ['point.x', 'point.y']);
  assert.deepEqual(references.filter((r) => r.line === 0 || r.line === 6).map((r) => r.name), ['point.x']);
});
