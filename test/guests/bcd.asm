; bcd.asm — DAA DAS AAA AAS AAM AAD. For a set of AX values and each CF/AF input, prints
; AX and the flags the SDM defines: DAA/DAS: CF AF SF ZF PF (OF undefined); AAA/AAS: CF
; AF (OF SF ZF PF undefined); AAM/AAD: SF ZF PF (OF AF CF undefined). Then a checksum of
; the same over all 256 AL values x 4 flag inputs (with AH = 0x12) per instruction.
%include "guest.inc"

%macro BCD 3            ; instruction, mask, AX value
        PRINT %str(%1), " "
        HEX16 %3
%assign fin 0
%rep 4
        mov eax, %3
        push dword 0x2 | ((fin & 1) ? EFL_CF : 0) | ((fin & 2) ? EFL_AF : 0)
        popfd
        %1
        pushfd
        pop ecx
        and ecx, %2
        PRINT " |"
        HEX16 eax
        PRINT " "
        HEX8 ecx
%assign fin fin+1
%endrep
        NL
%endmacro

%macro SWEEP 2          ; instruction, mask: checksum over every AL and flag input
        xor esi, esi            ; checksum
        xor edi, edi            ; AL | flags-in << 8
%%l:    mov eax, edi
        and eax, 0xFF
        or eax, 0x1200
        mov ecx, edi
        shr ecx, 8
        xor edx, edx
        test cl, 1
        jz %%nc
        or edx, EFL_CF
%%nc:   test cl, 2
        jz %%na
        or edx, EFL_AF
%%na:   or edx, 2
        push edx
        popfd
        %1
        pushfd
        pop ecx
        and ecx, %2
        shl ecx, 16
        or ecx, eax
        imul esi, esi, 31
        add esi, ecx
        inc edi
        cmp edi, 0x400
        jb %%l
        PRINT %str(%1), " sum "
        HEX32 esi
        NL
%endmacro

%macro ALLV 2
        BCD {%1}, %2, 0x0000
        BCD {%1}, %2, 0x0009
        BCD {%1}, %2, 0x000A
        BCD {%1}, %2, 0x000F
        BCD {%1}, %2, 0x0019
        BCD {%1}, %2, 0x003C
        BCD {%1}, %2, 0x007F
        BCD {%1}, %2, 0x0080
        BCD {%1}, %2, 0x0099
        BCD {%1}, %2, 0x009A
        BCD {%1}, %2, 0x009F
        BCD {%1}, %2, 0x00A0
        BCD {%1}, %2, 0x01F9
        BCD {%1}, %2, 0x05FA
        BCD {%1}, %2, 0xFFFF
        SWEEP {%1}, %2
%endmacro

DAA_MASK equ EFL_CF | EFL_AF | EFL_SF | EFL_ZF | EFL_PF
AAA_MASK equ EFL_CF | EFL_AF
AAM_MASK equ EFL_SF | EFL_ZF | EFL_PF

main:
        ALLV daa, DAA_MASK
        ALLV das, DAA_MASK
        ALLV aaa, AAA_MASK
        ALLV aas, AAA_MASK
        ALLV aam, AAM_MASK
        ALLV {aam 16}, AAM_MASK
        ALLV aad, AAM_MASK
        ALLV {aad 7}, AAM_MASK
        EXIT 0
