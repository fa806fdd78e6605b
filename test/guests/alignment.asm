; alignment.asm — #AC (vector 17): with CR0.AM and EFLAGS.AC set, a misaligned data access
; in ring 3 raises #AC(0); the same access in ring 0, or with AC clear, does not.
;
; QEMU 7.2 (TCG) does not implement alignment checking at all (every TRY prints "nofault"),
; so the expectation is the SDM's: alignment.sdm-expected.
%include "guest.inc"

main:
        mov eax, cr0
        or eax, 0x40000                 ; CR0.AM
        mov cr0, eax
        pushfd
        or dword [esp], 0x40000         ; EFLAGS.AC
        popfd
        PRINT "ring 0, misaligned dword "
        TRY mov eax, [scratch + 1]
        mov eax, 0x83
        mov ebx, next
        mov cx, SEL_CODE0
        mov dl, 0xEE
        call idt_set
        push dword SEL_DATA3
        push dword STACK3_TOP
        push dword 0x40002              ; AC set, IOPL 0
        push dword SEL_CODE3
        push dword ring3
        iretd
ring3:
        mov ax, SEL_DATA3
        mov ds, ax
        mov es, ax
        PRINT "ring 3, misaligned dword "
        TRY mov eax, [scratch + 1]
        PRINT "ring 3, misaligned word "
        TRY mov ax, [scratch + 3]
        PRINT "ring 3, aligned dword "
        TRY mov eax, [scratch + 4]
        PRINT "ring 3, byte "
        TRY mov al, [scratch + 3]
        pushfd
        and dword [esp], ~0x40000
        popfd                           ; (AC is not IOPL-sensitive: ring 3 may clear it)
        PRINT "ring 3, AC clear, misaligned dword "
        TRY mov eax, [scratch + 1]
        int 0x83
next:
        EXIT 0

        align 4
scratch: dd 0, 0
