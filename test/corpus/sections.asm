; Sections in a flat binary: .text first at the origin, then .data and other progbits
; sections in order of first use (each aligned, 4 by default), then .bss which takes no room.
        bits 32
        org 0x400000

        section .text
start:  mov esi, greeting
        mov edi, buffer
        mov ecx, greeting.len
        rep movsb
        mov eax, [counter]
        inc dword [counter]
        mov ebx, table
        ret

        section .data
greeting: db 'hi from .data'
.len    equ $ - greeting
counter: dd 41

        section .rodata align=16
table:  dd start, greeting, counter, buffer, end_of_text

        section .text                   ; back to .text: it continues where it stopped
        nop
end_of_text:
        db 0xcc

        section .bss
buffer: resb 64
        resd 2
