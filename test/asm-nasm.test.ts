// Directives, preprocessor and multi-pass choices compared byte for byte with `nasm -f bin`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assemble } from '../src/asm/assembler';
import { oracleSkip } from './support/oracles';

const CASES: Record<string, string> = {
  'boot sector (16-bit, org, local labels, times, $$)': `
[bits 16]
[org 0x7c00]
start: cli
    xor ax, ax
    mov ds, ax
    mov si, msg
.print: lodsb
    or al, al
    jz .done
    mov ah, 0x0e
    int 0x10
    jmp short .print
.done: hlt
    jmp $
msg: db "Hello", 13, 10, 0
times 510-($-$$) db 0
dw 0xaa55
`,
  'sections in a flat binary': `
bits 32
section .text
_start: mov eax, var
  mov ebx, [var2]
  call fn
fn: ret
section .data
var: dd 1, 2
var2: dw 3
  align 16
  db 'xyz'
section .bss
buf: resb 100
  alignb 32
buf2: resd 4
section .text
  mov ecx, buf2
  mov edx, buf
`,
  'data directives, strings and escapes': `
db 1, -1, 255, 'a', "bc", \`d\\n\\x41\\101\\e\\u00e9\`, 0
dw 'ab', 'abc', -32768, 65535
dd 'abcd', 0xffffffff, -1
dq -1, 0x7fffffffffffffff, 1 << 63, 0x1234_5678_9abc_def0
db ?
`,
  'number forms': `
db 0Bh, 0b1h, 1bh, 0x1_0, $1f, 0h1f, 10q, 0o10, 0q10, 0d10, 10d, 0y11, 11y, 0t10, 10t, 1010b, 0b1010, 17o
dw 'a', 'ab'
`,
  'operators and precedence': `
db 1 ? 2 : 3, 0 ? 2 : 3, 5 || 0, 3 ^^ 0, 3 ^^ 3, 2 && 0, 3 <> 4, 3 = 3, 3 == 4, !5, ~0, -(-3)
db (-1 < 1), (-1 >> 60), (-1 >>> 60), 7 / -1, 7 // -2, -7 % 3, -7 %% 3, 1 <=> 2, 2 <=> 1
db 1 + 2 * 3, (1 + 2) * 3, 1 << 2 + 1, 6 & 3 | 8, 1 | 2 ^ 3 & 4, 2 * 3 % 4, 10 - 2 - 3, 100 / 7 / 2
dq 1 << 40, -(1 << 40) >> 8, 0x8000000000000000 >>> 4, 3 <= 3, 4 >= 5, 3 != 3
`,
  'equ, $ and forward references': `
a equ 10
b equ a*2+1
c equ later - 4
db a, b, c
x: times 3 db $ - x
push later
push x
mov eax, [ebx+later]
mov eax, [ebx+x]
add eax, x
later equ 6
`,
  'jump sizing over several passes': `
jmp l1
times 125 nop
l1: jmp l2
times 126 db 0
l2: jz l3
times 127 nop
l3: loop l3
  jmp l4
l4: call l5
l5: jmp 0x100
  jmp near l6
  jmp short l6
l6: jcxz l6
a1: jmp a2
times 60 nop
jmp a1
a2: nop
`,
  'align and alignb': `
db 1
align 8
db 2
alignb 8
db 3
align 4, db 0xcc
db 4
align 4, dw 0xabcd
db 5
`,
  'effective addresses': `
bits 32
mov eax, [eax*1]
mov eax, [eax*2]
mov eax, [eax*3]
mov eax, [ebx+eax*1]
mov eax, [eax*1+ebx]
mov eax, [eax+ebx]
mov eax, [2*eax+ebx]
mov eax, [esp+eax]
mov eax, [eax+esp]
mov eax, [nosplit eax*2]
mov eax, [byte ebx+0]
mov eax, [dword ebx+0]
mov eax, [es:ebx+ecx*8-4]
mov eax, [ebp]
mov eax, [ebx+ecx*4+8]
lea esi, [esi+esi*8]
bits 16
mov ax, [si+bx]
mov ax, [bx+si+4]
mov ax, [di+bp+2]
mov ax, [bp]
mov ax, [ss:bp-2]
mov eax, [eax]
`,
  'prefixes and far operands': `
bits 16
rep movsb
repne scasb
lock add [bx], ax
es lodsb
o32 mov ax, bx
a32 lodsb
call far [bx]
jmp 0x1000:0x2000
jmp far [si]
push word 0x1234
push byte -2
push strict word 3
bits 32
use16
nop
use32
mov eax, 5
`,
  'single-line macros': `
%define FOO 5
%define BAR(x, y) ((x) * (y) + FOO)
%xdefine BAZ FOO+1
%define FOO 7
%define CAT(a) a %+ _end
%idefine Ic 9
%undef NOPE
foo_end equ 42
db FOO, BAR(2, 3), BAZ, BAR(BAR(1, 1), 2), CAT(foo), IC, ic
%assign i 1
%assign i i*3+1
db i
`,
  'multi-line macros': `
bits 32
%macro pushall 1-3 ebx, ecx
  push %1
  push %2
  push %3
  db %0
%endmacro
%macro greedy 1+
  db %1
%endmacro
%macro loc 0
%%here: jmp %%here
%endmacro
%macro many 0-*
  %rep %0
    db %1
    %rotate 1
  %endrep
%endmacro
%macro braces 2
  db %2, %1
%endmacro
  pushall eax
  pushall eax, edx
  greedy 1, 2, 3
  loc
  loc
  many 7, 8, 9
  braces {1, 2}, 3
lbl: loc
`,
  'conditionals and %rep': `
%assign i 0
%rep 5
  db i
  %assign i i+1
  %if i == 3
    %exitrep
  %endif
%endrep
%if i == 3
  db 'yes'
%elif i == 4
  db 'no4'
%else
  db 'no'
%endif
%define X
%ifdef X
  db 1
%endif
%ifndef Y
  db 2
%endif
%ifidn a, a
  db 3
%endif
%ifidni A, a
  db 4
%endif
%macro m 0
%endmacro
%ifmacro m
  db 5
%endif
%if 0
  %if 1
    db 6
  %endif
%elif 1
  db 7
%endif
`,
  'labels: without colon, with EQU, local bases': `
a: nop
b equ 5
.x: nop
dd a.x
c: equ 6
.y: nop
dd a.y
nocolon mov eax, ebx
.z: dd nocolon.z
x db 1
$eax: dw $eax
..@special: dd ..@special
`,
  'STRUC, ISTRUC and ABSOLUTE': `
bits 32
org 0x1000
struc point
  .x: resd 1
  .y: resw 1
  .name: resb 10
endstruc
absolute 0x500
var1: resb 4
var2: resw 1
section .text
start:
  mov eax, [ebx+point.y]
  mov eax, point_size
  mov [var2], ax
pt: istruc point
  at point.x, dd 1
  at point.y, dw 2
  at point.name, db 'abc'
iend
  dd pt, var1
`,
  'string functions and scaled sums': `
bits 32
%define WIDTH 40
%defstr asstring WIDTH
%strlen len "hello"
%substr first "hello" 2
%substr mid "hello" 2, 3
%macro show 1
  db %str(%1  8), 0
%endmacro
db asstring, len, first, mid
show add
db %eval(3 * 4)
mov eax, [(ebx + 8) * 2]
mov eax, [esi + edi * 4 + 12 - 4]
`,
  'context stack and condition parameters': `
%macro IF 1
  %push if
  j%-1 %$else
%endmacro
%macro ELSE 0
  %ifctx if
    %repl else
    jmp %$endif
    %$else:
  %else
    %error "ELSE without IF"
  %endif
%endmacro
%macro ENDIF 0
  %ifctx if
    %$else:
  %elifctx else
    %$endif:
  %endif
  %pop
%endmacro
%macro CTXDEF 0
  %push d
  %define %$val 7
  db %$val
  %pop
%endmacro
  cmp ax, 1
  IF e
    mov bx, 1
  ELSE
    mov bx, 2
  ENDIF
  IF z
    nop
  ENDIF
  CTXDEF
`,
};

function nasm(source: string): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringside-nasm-'));
  try {
    const src = path.join(dir, 'in.asm');
    fs.writeFileSync(src, source, 'latin1');
    const r = spawnSync('nasm', ['-f', 'bin', src, '-o', path.join(dir, 'out.bin')], { encoding: 'utf8' });
    assert.equal(r.status, 0, `nasm failed: ${r.stderr}`);
    return fs.readFileSync(path.join(dir, 'out.bin'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

for (const [name, source] of Object.entries(CASES)) {
  test(`same bytes as nasm: ${name}`, { skip: oracleSkip('nasm') }, () => {
    const ours = assemble({ path: 'in.asm', text: source });
    const errors = ours.diagnostics.filter((d) => d.severity === 'error');
    assert.deepEqual(errors, []);
    assert.equal(Buffer.from(ours.bytes).toString('hex'), nasm(source).toString('hex'));
  });
}

test('same bytes as nasm: CRLF line endings', { skip: oracleSkip('nasm') }, () => {
  const source = (CASES['multi-line macros'] + CASES['conditionals and %rep']).replace(/\n/g, '\r\n');
  const ours = assemble({ path: 'in.asm', text: source });
  assert.deepEqual(ours.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.equal(Buffer.from(ours.bytes).toString('hex'), nasm(source).toString('hex'));
});
