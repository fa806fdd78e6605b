; Forward references in 32-bit code: displacement and immediate sizes that depend on values
; defined later, ALIGN after jumps whose size settles only in a later pass, and labels whose
; addresses move as earlier jumps shrink.
        bits 32
        org 0x100000

start:  mov eax, [ebx + small]          ; small is known only later: disp8 in the end
        mov eax, [ebx + big]
        add eax, small
        add eax, big
        imul ecx, edx, small
        push small
        push big
        cmp byte [esi + small], small
        jmp over
        align 16                        ; the padding depends on how long `jmp over` became
over:   jecxz .skip
        jz far_away
        jmp .skip
.skip:  mov ecx, after_align - start    ; changes while the jumps above shrink
        call far_away
        align 8, db 0
after_align:
        dd over, over.skip, after_align, far_away
        times 300 nop
far_away:
        ret

small   equ 0x10
big     equ 0x12345
