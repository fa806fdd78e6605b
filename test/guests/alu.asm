; alu.asm — ADD ADC SUB SBB CMP AND OR XOR TEST NEG NOT INC DEC at 8, 16 and 32 bits.
; Each line: op width, inputs A B, carry-in, result EAX, then the arithmetic flags
; (CF PF AF ZF SF OF = mask 0x8D5). After AND/OR/XOR/TEST the SDM leaves AF undefined, so
; it is masked (0x8C5). NOT changes no flags; INC/DEC keep CF (the carry-in shows it).
; Inputs are run with all arithmetic flags clear (cin 0) and all set (cin 1).
%include "guest.inc"

%macro MEMOP 1+         ; run a memory-destination instruction, then EAX = the memory dword
        %1
        mov eax, [scratch]
%endmacro

%macro ONE 5            ; name, instruction, a, b, mask
        PRINT %1, " "
        HEX32 %3
        PRINT " "
        HEX32 %4
%assign cin 0
%rep 2
        mov eax, %3
        mov ebx, %4
        mov [scratch], eax      ; memory forms operate on scratch = A
        push dword 0x2 | (cin * EFL_ARITH)
        popfd
        %2
        pushfd
        pop ecx
        PRINT " |"
        HEX32 eax
        PRINT " "
        and ecx, %5
        HEX16 ecx
%assign cin cin+1
%endrep
        NL
%endmacro

; Every pair of inputs for one instruction form.
%macro ALL 3            ; name, instruction, mask
        ONE %1, {%2}, 0, 0, %3
        ONE %1, {%2}, 1, 1, %3
        ONE %1, {%2}, 0xFFFFFFFF, 1, %3
        ONE %1, {%2}, 1, 0xFFFFFFFF, %3
        ONE %1, {%2}, 0x7FFFFFFF, 1, %3
        ONE %1, {%2}, 0x80000000, 0xFFFFFFFF, %3
        ONE %1, {%2}, 0x80000000, 0x80000000, %3
        ONE %1, {%2}, 0x12345678, 0x9ABCDEF0, %3
        ONE %1, {%2}, 0x0000007F, 0x00000081, %3
        ONE %1, {%2}, 0x00007FFF, 0x00008000, %3
        ONE %1, {%2}, 0xA5A50F08, 0x5A5AF0F8, %3
        ONE %1, {%2}, 0x00000080, 0x00000080, %3
%endmacro

%macro WIDTHS 2         ; mnemonic, mask
        ALL %str(%1 32), {%1 eax, ebx}, %2
        ALL %str(%1 16), {%1 ax, bx}, %2
        ALL %str(%1  8), {%1 al, bl}, %2
%endmacro
%macro WIDTHS1 2        ; one-operand mnemonic, mask
        ALL %str(%1 32), {%1 eax}, %2
        ALL %str(%1 16), {%1 ax}, %2
        ALL %str(%1  8), {%1 al}, %2
%endmacro

main:
        WIDTHS add, EFL_ARITH
        WIDTHS adc, EFL_ARITH
        WIDTHS sub, EFL_ARITH
        WIDTHS sbb, EFL_ARITH
        WIDTHS cmp, EFL_ARITH
        WIDTHS and, EFL_ARITH & ~EFL_AF
        WIDTHS or,  EFL_ARITH & ~EFL_AF
        WIDTHS xor, EFL_ARITH & ~EFL_AF
        WIDTHS test, EFL_ARITH & ~EFL_AF
        WIDTHS1 neg, EFL_ARITH
        WIDTHS1 not, EFL_ARITH
        WIDTHS1 inc, EFL_ARITH
        WIDTHS1 dec, EFL_ARITH
        ; Immediate and memory forms, including the sign-extended imm8 encodings.
        ; (for the memory forms, EAX is reloaded from the memory operand afterwards by MEMOP)
        ALL "add m32,imm8", {MEMOP add dword [scratch], byte -2}, EFL_ARITH
        ALL "sub m16,imm8", {MEMOP sub word [scratch], byte 0x7F}, EFL_ARITH
        ALL "adc al,imm8", {adc al, 0xF0}, EFL_ARITH
        ALL "sbb eax,imm32", {sbb eax, 0x80000001}, EFL_ARITH
        ALL "xor m8,r8", {MEMOP xor [scratch], bl}, EFL_ARITH & ~EFL_AF
        ALL "or r8,m8", {or bl, [scratch]}, EFL_ARITH & ~EFL_AF
        EXIT 0

scratch: dd 0x01020304
