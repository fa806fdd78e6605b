; Prefixes written out: o16/o32 and a16/a32 where they change the operand or address size,
; REP on NOP (which is PAUSE's encoding) and on string instructions, REPNE on MOVS, segment
; prefixes standing alone before an instruction (branch hints, in effect).
        bits 16
        o32 iret
        o32 retf
        o32 pushf
        o32 ret
        a32 lodsb
        a16 mov ax, [bx]
        o32 jmp $+0x1000
        o16 jmp $+0x1000
        o32 push es

        bits 32
        o16 retf
        o16 popa
        o16 ret 4
        a16 stosd
        o16 nop
        o32 mov eax, ebx
        rep nop
        repne movsb
        rep cmpsb
        cs jz $+10
        ds jnz $+10
        ss nop
        o16 call $+0x10
        o16 int 3
        o16 push fs
