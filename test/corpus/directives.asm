; bits/org, labels and local labels, equ, $ and $$, times, data with strings and expressions,
; reservations, in one flat binary.
        bits 16
        org 0x100

start:  jmp short main
.pad:   db 0x90                         ; local label of start: start.pad

version equ 3
count   equ end_of_table - table        ; forward reference in an equ
lenmsg  equ msg.end - msg

msg:    db "Hello, world", 13, 10, '$'
.end:

table:  dw start, main, start.pad, $, $$, $ - $$
        dd table + 4, (table - $$) * 2, version << 8 | 1
        dq 0x0123456789abcdef, -2, version
end_of_table:

main:   mov ax, count
        mov cx, lenmsg
        mov si, msg
.loop:  lodsb
        dec cx
        jnz .loop                       ; main.loop
        mov bx, main.loop
        mov dx, start.pad
        jmp .done
.done:  ret

strings:
        db 'single', "double", `back\tquoted\n`, 0
        db "it's", 'say "hi"', `\`\\`, 0  ; each quote kind inside another
        dw 'ab', 'abc', "x"
        dd 'abcd', 'ab', "a"
        dq 'abcdefgh'
        db 'mixed', 1, 2, version, 'x' + 1, -1, 255, -128

reps:   times 4 db 0xaa
        times 3 dw 0x1234, 0x5678
        times version nop
.mid:   times (reps.mid - reps) db 0    ; a critical expression: backward references only
        times 2 mov ax, bx

        db $ - reps, ($ - $$) & 0xff
here:   dw here - $$, here

        align 16
aligned: db 1
        align 4, db 0xcc
        db 2
        align 8
        dd aligned, $

        mov di, buffer
        mov word [counter], qwords - buffer
        mov eax, [dwords + 4]

; reservations take no room in the file: .bss follows .text (aligned to 4) at run time
        section .bss
buffer: resb 13
counter: resw 1
dwords: resd 3
qwords: resq 2
