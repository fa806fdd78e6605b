; bitops.asm — BT BTS BTR BTC (register and memory forms, memory bit offsets outside the
; addressed dword, negative offsets), BSF BSR, SETcc and CMOVcc for all 16 conditions.
; BT*: only CF is defined (ZF unaffected per the SDM; OF SF AF PF undefined) — CF and ZF
; are printed. BSF/BSR: only ZF is defined, and the destination is undefined when the
; source is zero (so it is not printed then).
%include "guest.inc"

%macro BTX 4            ; label, instruction (EAX = base value / memory at bits, ECX = offset), value, offset
        PRINT %1, " "
        HEX32 %3
        PRINT " "
        HEX32 %4
        mov eax, %3
        mov [bitv], eax
        mov dword [bitv + 4], 0x0F0F0F0F
        mov dword [bitv - 4], 0x80000001
        mov ecx, %4
        push dword 2 | EFL_ZF
        popfd
        %2
        pushfd
        pop edx
        PRINT " |"
        HEX32 eax
        PRINT " "
        HEX32 [bitv - 4]
        PRINT " "
        HEX32 [bitv]
        PRINT " "
        HEX32 [bitv + 4]
        PRINT " "
        and edx, EFL_CF | EFL_ZF
        HEX8 edx
        NL
%endmacro

%macro BTALL 1
        BTX %str(%1 r32,r32), {%1 eax, ecx}, 0x80000001, 0
        BTX %str(%1 r32,r32), {%1 eax, ecx}, 0x80000001, 31
        BTX %str(%1 r32,r32), {%1 eax, ecx}, 0x80000001, 33      ; offset taken mod 32
        BTX %str(%1 r16,r16), {%1 ax, cx}, 0x80008001, 15
        BTX %str(%1 r16,r16), {%1 ax, cx}, 0x80008001, 16        ; mod 16
        BTX %str(%1 r32,imm8), {%1 eax, 35}, 0x0000000F, 0
        BTX %str(%1 m32,imm8), {%1 dword [bitv], 36}, 0x000000F0, 0  ; imm taken mod 32
        BTX %str(%1 m32,r32), {%1 [bitv], ecx}, 0x00000000, 32     ; next dword
        BTX %str(%1 m32,r32), {%1 [bitv], ecx}, 0x00000000, 36
        BTX %str(%1 m32,r32), {%1 [bitv], ecx}, 0x00000000, -1     ; previous dword bit 31
        BTX %str(%1 m32,r32), {%1 [bitv], ecx}, 0x00000000, -32
        BTX %str(%1 m16,r16), {%1 [bitv], cx}, 0x00000000, 0x20    ; 16-bit: +4 bytes
        BTX %str(%1 m16,r16), {%1 [bitv], cx}, 0x00000000, 0xFFFF  ; -1
%endmacro

%macro BSX 3            ; instruction, value, print dest?
        PRINT %str(%1), " "
        HEX32 %2
        mov ebx, %2
        mov eax, 0xDEADBEEF
        push dword 2
        popfd
        %1
        pushfd
        pop edx
        PRINT " |"
%if %3
        HEX32 eax
%else
        PRINT "--------"
%endif
        PRINT " "
        and edx, EFL_ZF
        HEX8 edx
        NL
%endmacro

%macro BSALL 1
        BSX {%1 eax, ebx}, 0, 0
        BSX {%1 eax, ebx}, 1, 1
        BSX {%1 eax, ebx}, 0x80000000, 1
        BSX {%1 eax, ebx}, 0x00F0F000, 1
        BSX {%1 ax, bx}, 0x00010000, 0
        BSX {%1 ax, bx}, 0x00010100, 1
        BSX {%1 eax, [bitv]}, 0, 0
%endmacro

; SETcc and CMOVcc for one flags value: prints 16 SETcc bytes, then the 16 CMOVcc results
; as a bit string (1 = moved).
%macro CONDS 1
        PRINT "flags "
        HEX16 %1
        PRINT " set "
%assign cc 0
%rep 16
        mov eax, 0xAAAAAAAA
        push dword 2 | %1
        popfd
        db 0x0F, 0x90 + cc, 0xC0        ; setcc al
        call puthex8
%assign cc cc+1
%endrep
        PRINT " cmov "
        xor edx, edx
%assign cc 0
%rep 16
        mov eax, 0
        mov ecx, 1
        push dword 2 | %1
        popfd
        db 0x0F, 0x40 + cc, 0xC1        ; cmovcc eax, ecx
        shl edx, 1
        or edx, eax
%assign cc cc+1
%endrep
        HEX16 edx
        mov ax, 0x1111
        mov word [bitv], 0x2222
        push dword 2 | %1
        popfd
        cmovz ax, [bitv]                ; 16-bit memory form
        PRINT " "
        HEX16 eax
        NL
%endmacro

main:
        BTALL bt
        BTALL bts
        BTALL btr
        BTALL btc
        BSALL bsf
        BSALL bsr
        CONDS 0
        CONDS EFL_CF
        CONDS EFL_ZF
        CONDS EFL_SF
        CONDS EFL_OF
        CONDS EFL_PF
        CONDS EFL_SF | EFL_OF
        CONDS EFL_CF | EFL_ZF
        CONDS EFL_ZF | EFL_SF
        CONDS EFL_ARITH
        EXIT 0

        align 4
        dd 0, 0
bitv:   dd 0, 0, 0
