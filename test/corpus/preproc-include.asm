; %include of a file that includes another, twice (the guard keeps the second one empty),
; and macros and constants coming from the included files.
        bits 32
        org 0x1000

%include "io.inc"
%include "consts.inc"

start:  putc 'O'
        putc 'K'
        outb COM1 + 5, 0x20
        mov ax, KERNEL_DS
        mov ds, ax
        jmp KERNEL_CS:.far
.far:   ret
        dd DEBUGCON, COM1
