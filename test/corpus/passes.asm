; Forward references that need more than one pass: jumps that start out near and shrink to
; short once their targets are known, chains where one shrinking jump brings another in
; range, and values defined after use.
        bits 16
        org 0x100

start:  jmp fwd_short                   ; target known only later; ends up short
        jz fwd_short
        jmp fwd_near                    ; out of short range: stays near
        jnz fwd_near
        call fwd_near
        mov ax, later_value             ; an immediate defined later: full width
        add ax, later_small             ; defined later as a small value: NASM picks the imm8 form
        mov bx, [later_addr]
        push later_small
        jmp .over                       ; a local forward target a few bytes on
        db 1, 2, 3
.over:  jz fwd_short

; A chain: each jump's reach depends on the size of the jumps after it.
fwd_short:
        nop
chain:  jmp .c1
        jmp .c2
        jmp .c3
        times 120 db 0x90
.c1:    jmp .c2
.c2:    jmp .c3
.c3:    nop

; 125 bytes of padding plus two jumps that shrink: the last target lands exactly in reach.
edge:   jmp .e
        jz .e
        times 123 nop
.e:     nop

        times 200 db 0
fwd_near:
        ret

; backward jumps are sized in one pass
        jmp start
        jmp fwd_short
        loop fwd_near
later_value equ 0x1234
later_small equ 5
later_addr  equ 0x80
