// The run loop's fetch window (src/machine/cpu/fetch-window.ts) under Cpu.runUntil: code that
// rewrites itself in a loop, and a loop whose code page gets a new translation while it runs,
// through a data store that walks the page tables again (a TLB entry that was not dirty) with
// no MOV CR3 or INVLPG, which the window must notice as the TLB does (the instructions after
// the store were already decoded from the old frame).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadProgram } from '../src/machine/boot/program';
import { BufferedOutput } from '../src/machine/output';
import { GuestSession } from '../src/machine/session';

const GUEST = `
        bits 32
        org 0x100000
header: dd 0x1badb002, 1 << 16, -(0x1badb002 + (1 << 16))
        dd header, header, load_end, bss_end, start

A       equ 0x300000            ; the code page, first backed by frame A
B       equ 0x301000            ; then by frame B

start:  mov esp, stack_top
        cld
        ; 1. A loop that rewrites its own MOV's immediate on the first pass: 1 + 2 + 2.
        xor ebx, ebx
        mov ecx, 3
.smc:
.patch: mov eax, 1
        add ebx, eax
        mov byte [.patch + 1], 2
        dec ecx
        jnz .smc
        ; 2. Copy the two versions of the routine into frames A and B (paging still off),
        ; identity-map 0-4 MiB with pages that are not dirty yet, and call the routine at A.
        mov esi, version_a
        mov edi, A
        mov ecx, version_b - version_a
        rep movsb
        mov esi, version_b
        mov edi, B
        mov ecx, versions_end - version_b
        rep movsb
        mov edi, page_table
        mov eax, 3
        mov ecx, 1024
.map:   stosd
        add eax, 0x1000
        loop .map
        mov dword [page_directory], page_table + 3
        mov eax, page_directory
        mov cr3, eax
        mov eax, cr0
        or eax, 0x80000000
        mov cr0, eax
        call A
        add ebx, eax            ; 5 + 0x22: the routine went on in frame B
        mov al, bl
        out 0xf4, al
        hlt

; Both versions run their loop once from frame A (every instruction is then decoded), then
; remap their own page to frame B and store into it: the store walks the tables again (the
; entry is not dirty), so the TLB, and with it the fetches of the rest of the loop, see frame B.
%macro version 1                ; the loop, loading %1 into AL
        mov ecx, 3
        mov esi, A + 3          ; pass 1 maps A as it is and stores elsewhere
        mov edx, scratch
%%again: mov eax, %1
        dec ecx
        jz %%done
        mov [page_table + (A >> 12) * 4], esi
        mov [edx], al
        mov esi, B + 3          ; pass 2 remaps the page to B and stores into it
        mov edx, A + 0x800
        jmp %%again
%%done: ret
%endmacro
version_a:
        version 0x11
version_b:
        version 0x22
versions_end:

load_end:
        section .bss
        alignb 4096
page_directory: resb 4096
page_table:     resb 4096
scratch: resd 1
stack:  resb 4096
stack_top:
bss_end:
`;

test('the fetch window follows self-modifying code and a code page remapped by a table walk', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringside-window-'));
  try {
    const file = path.join(dir, 'window.asm');
    fs.writeFileSync(file, GUEST);
    const session = new GuestSession(loadProgram(file), { boot: 'multiboot', output: new BufferedOutput() });
    const stop = session.runToStop({ maxInstructions: 100_000 });
    assert.equal(stop.kind, 'debug-exit', stop.message);
    assert.equal(stop.kind === 'debug-exit' ? stop.value : undefined, 5 + 0x22);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
