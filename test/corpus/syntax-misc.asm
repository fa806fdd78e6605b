; Odds and ends of NASM syntax: directives in brackets and in capitals, semicolons inside
; strings, line continuation, TIMES of a string, labels with a colon before EQU, EQU chains
; resolved backwards, and forward constants that let NASM pick short encodings.
[BITS 16]
[ORG 0x7c00]
BITS 16
Start:  MOV AX, Start
        Db ';not a comment', "a;b", 0   ; this one is
        DW 1, \
           2, \
           3
        TIMES 3 DB 'ab'
%DEFINE CAPS 5
        db CAPS
x:      equ 5
        db x
c1      equ c2 + 1                      ; a chain defined in reverse order
c2      equ c3 * 2
c3      equ 3
        db c1, c2, c3
        add ax, fwd                     ; fwd is small and known only later: imm8 and disp8
        push fwd
        mov cx, [bx + fwd]
        cmp word [bp + fwd], fwd
        dd -1 < 0, 0xffffffff < 0, -7 % 2, 7 // -2, 7 %% -2, -7 // 2
        dq 1 << 63, (1 << 63) >> 63, 0x7fffffffffffffff + 1
        db "tab	inside"
        [bits 32]
        mov eax, ebx
        USE16
        mov ax, bx
fwd     equ 0x10
