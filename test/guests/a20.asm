; a20.asm — the A20 gate through port 0x92 (System Control Port A: bit 1 = A20 enable,
; bit 0 = fast reset, never set here). With A20 off, physical address bit 20 is forced to
; 0: a write to 0x190000 lands on 0x090000. The test runs from a copy below 1 MiB (this
; kernel itself lives at 1 MiB, which A20-off makes unreachable).
%include "guest.inc"

LOW equ 0x7000

main:
        in al, 0x92
        and eax, 2
        PRINT "port92 a20 bit "
        HEX8 eax
        NL
        mov esi, low_code
        mov edi, LOW
        mov ecx, low_end - low_code
        rep movsb
        mov bl, 0                       ; A20 off
        mov eax, LOW
        call eax
        PRINT "a20 off: port92 "
        HEX8 ecx
        PRINT " [0x090000] after writing 0x190000: "
        HEX32 eax
        NL
        mov bl, 2                       ; A20 on
        mov eax, LOW
        call eax
        PRINT "a20 on:  port92 "
        HEX8 ecx
        PRINT " [0x090000] after writing 0x190000: "
        HEX32 eax
        NL
        EXIT 0

; Position-independent: BL = A20 bit to set; returns EAX = [0x090000] after writing
; 0x11111111 there and 0x22222222 to 0x190000, ECX = port 0x92 & 2 while A20 is in that
; state. A20 is switched back on before returning.
low_code:
        in al, 0x92
        and al, ~3
        or al, bl
        out 0x92, al
        in al, 0x92
        movzx ecx, al
        and ecx, 2
        mov dword [0x090000], 0x11111111
        mov dword [0x190000], 0x22222222
        mov edx, [0x090000]
        in al, 0x92
        or al, 2
        and al, ~1
        out 0x92, al
        mov eax, edx
        ret
low_end:
