; muldiv.asm — MUL, IMUL (one-, two- and three-operand forms), DIV and IDIV at 8/16/32
; bits, and the divide errors. After MUL/IMUL only CF and OF are defined (SF ZF AF PF are
; masked); after DIV/IDIV every flag is undefined, so only the results are printed.
; #DE is a fault: the saved EIP is the DIV itself ("eip=site") and the registers are
; unchanged.
%include "guest.inc"

%macro MUL1 4           ; label, instruction (EAX, EDX = operands; EBX = source), a, b
        PRINT %1, " "
        HEX32 %3
        PRINT " "
        HEX32 %4
        mov eax, %3
        mov ebx, %4
        mov edx, 0x5A5A5A5A
        push dword 0x2
        popfd
        %2
        pushfd
        pop ecx
        PRINT " | "
        HEX32 edx
        PRINT ":"
        HEX32 eax
        PRINT " "
        and ecx, EFL_CF | EFL_OF
        HEX16 ecx
        NL
%endmacro

%macro MULS 2
        MUL1 %1, {%2}, 0, 0
        MUL1 %1, {%2}, 7, 9
        MUL1 %1, {%2}, 0xFFFFFFFF, 0xFFFFFFFF
        MUL1 %1, {%2}, 0x80000000, 2
        MUL1 %1, {%2}, 0x00010001, 0x0000FFFF
        MUL1 %1, {%2}, 0x12345678, 0xFFFFFF80
        MUL1 %1, {%2}, 0x0000007F, 0x00000002
        MUL1 %1, {%2}, 0x00000040, 0x00000002
        MUL1 %1, {%2}, 0xFFFFFFC0, 0x00000002
        MUL1 %1, {%2}, 0x00004000, 0x00000002
%endmacro

%macro DIV1 5           ; label, instruction, edx, eax, ebx
        PRINT %1, " "
        HEX32 %3
        PRINT ":"
        HEX32 %4
        PRINT " / "
        HEX32 %5
        mov edx, %3
        mov eax, %4
        mov ebx, %5
        PRINT " | "
        TRY %2
        HEX32 edx
        PRINT " "
        HEX32 eax
        NL
%endmacro

main:
        MULS "mul32", {mul ebx}
        MULS "mul16", {mul bx}
        MULS "mul8", {mul bl}
        MULS "imul32", {imul ebx}
        MULS "imul16", {imul bx}
        MULS "imul8", {imul bl}
        MULS "imul r32,r32", {imul eax, ebx}
        MULS "imul r16,r16", {imul ax, bx}
        MULS "imul r32,r32,imm8", {imul eax, ebx, -3}
        MULS "imul r32,m32,imm32", {imul eax, [m32], 0x10001}
        MULS "imul r16,r16,imm16", {imul ax, bx, 0x4001}

        DIV1 "div32", {div ebx}, 0, 100, 7
        DIV1 "div32", {div ebx}, 6, 0, 7
        DIV1 "div32", {div ebx}, 7, 0, 7             ; quotient too large -> #DE
        DIV1 "div32", {div ebx}, 0, 5, 0             ; divide by zero -> #DE
        DIV1 "div16", {div bx}, 0x1234, 0xFFFF5678, 0x1235
        DIV1 "div16", {div bx}, 0x1234, 0x5678, 0x1234
        DIV1 "div8", {div bl}, 0, 0x0FFF, 0x10
        DIV1 "div8", {div bl}, 0, 0x1000, 0x10
        DIV1 "idiv32", {idiv ebx}, 0xFFFFFFFF, 0xFFFFFF9C, 7     ; -100 / 7
        DIV1 "idiv32", {idiv ebx}, 0, 100, 0xFFFFFFF9            ; 100 / -7
        DIV1 "idiv32", {idiv ebx}, 0xFFFFFFFF, 0x80000000, 0xFFFFFFFF   ; -2^31 / -1 -> #DE
        DIV1 "idiv32", {idiv ebx}, 0xFFFFFFFF, 0x80000000, 1
        DIV1 "idiv16", {idiv bx}, 0xFFFF, 0x8000, 0xFFFF         ; -32768 / -1 -> #DE
        DIV1 "idiv16", {idiv bx}, 0x0000, 0x7FFF, 0xFFFF
        DIV1 "idiv8", {idiv bl}, 0, 0xFF80, 0xFF                 ; -128 / -1 -> #DE
        DIV1 "idiv8", {idiv bl}, 0, 0xFF81, 0xFF                 ; -127 / -1 = 127
        DIV1 "idiv8", {idiv bl}, 0, 0x0040, 0xFE                 ; 64 / -2 = -32
        DIV1 "idiv8", {idiv bl}, 0, 0x0100, 0x02                 ; 256 / 2 -> #DE
        DIV1 "idiv m32", {idiv dword [m32]}, 0xFFFFFFFF, 0xFFFFFFF0, 0
        DIV1 "aam 0", {aam 0}, 0, 0x1234, 0                      ; AAM 0 -> #DE
        EXIT 0

m32:    dd 0xFFFFFFFD
