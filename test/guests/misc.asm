; misc.asm — data movement and control odds and ends: MOVZX MOVSX CBW CWDE CWD CDQ XLAT
; LAHF SAHF CLC STC CMC LEA (16- and 32-bit addressing), PUSHAD/POPAD, PUSHA (16-bit),
; PUSH of segment registers (32-bit push of a selector), ENTER/LEAVE with nesting levels,
; LOOP/LOOPE/LOOPNE/JECXZ, and the store-table instructions SGDT SIDT SLDT STR SMSW.
%include "guest.inc"

%macro SHOW 2
        PRINT %1, " "
        HEX32 %2
        NL
%endmacro

main:
        mov eax, 0x12345680
        movzx ebx, al
        SHOW "movzx r32,r8", ebx
        movsx ebx, al
        SHOW "movsx r32,r8", ebx
        movsx bx, al
        SHOW "movsx r16,r8", ebx
        movsx ebx, word [w8000]
        SHOW "movsx r32,m16", ebx
        movzx ebx, word [w8000]
        SHOW "movzx r32,m16", ebx
        mov eax, 0x12348081
        cbw
        SHOW "cbw", eax
        cwde
        SHOW "cwde", eax
        mov edx, 0x55555555
        cwd
        SHOW "cwd dx", edx
        cdq
        SHOW "cdq", edx
        mov ebx, table
        mov eax, 0xAABBCC03
        xlatb
        SHOW "xlat", eax
        ; LAHF/SAHF: SAHF loads SF ZF AF PF CF from AH (bit 1 always 1 in LAHF's result).
        push dword 2 | EFL_OF
        popfd
        mov ah, 0xFF
        sahf
        pushfd
        pop ebx
        SHOW "sahf ff", ebx
        xor eax, eax
        lahf
        SHOW "lahf", eax
        clc
        cmc
        pushfd
        pop ebx
        and ebx, EFL_CF
        SHOW "clc cmc", ebx
        stc
        cmc
        pushfd
        pop ebx
        and ebx, EFL_CF
        SHOW "stc cmc", ebx
        ; LEA
        mov ebx, 0x1000
        mov esi, 0x20
        lea eax, [ebx + esi * 8 + 0x7FFFFFF0]
        SHOW "lea 32", eax
        mov ebx, 0xFFFF
        mov esi, 3
        a16 lea eax, [bx + si + 2]              ; 16-bit address wraps
        SHOW "lea a16", eax
        mov eax, 0xAAAA0000
        lea ax, [ebx + 0x10002]                 ; 16-bit destination truncates
        SHOW "lea o16", eax
        ; PUSHAD / POPAD (the ESP value pushed is the one before PUSHAD; POPAD skips it)
        mov eax, 1
        mov ecx, 2
        mov edx, 3
        mov ebx, 4
        mov ebp, 6
        mov esi, 7
        mov edi, 8
        mov [saved_esp], esp
        pushad
        mov eax, [esp + 12]
        sub eax, [saved_esp]
        SHOW "pushad esp slot - esp", eax
        mov dword [esp + 12], 0xDEAD            ; ignored by POPAD
        popad
        mov eax, esp
        sub eax, [saved_esp]
        SHOW "popad esp delta", eax
        SHOW "popad ebp", ebp
        o16 pusha
        mov eax, esp
        sub eax, [saved_esp]
        SHOW "pushaw depth", eax
        o16 popa
        ; PUSH sreg with 32-bit operand size: ESP moves by 4.
        mov eax, 0xFFFFFFFF
        push eax
        pop eax
        push ds
        mov eax, [esp]
        and eax, 0xFFFF
        add esp, 4
        SHOW "push ds (low word)", eax
        o16 push ds
        mov eax, esp
        add esp, 2
        sub eax, [saved_esp]
        SHOW "o16 push ds depth", eax
        ; ENTER with nesting levels 0, 1, 3
        mov ebp, 0xBBBB0000
        mov [saved_esp], esp
        enter 0x10, 0
        mov eax, [saved_esp]
        sub eax, esp
        SHOW "enter 10,0 depth", eax
        mov eax, [saved_esp]
        sub eax, ebp
        SHOW "enter 10,0 ebp", eax
        leave
        mov eax, esp
        sub eax, [saved_esp]
        SHOW "leave", eax
        SHOW "leave ebp", ebp
        ; level 3: copies two frame pointers from the old frame, then pushes the new one
        mov ebp, frame + 8
        mov dword [frame + 4], 0x1111           ; [ebp-4]
        mov dword [frame], 0x2222               ; [ebp-8]
        enter 8, 3
        mov eax, [saved_esp]
        sub eax, esp
        SHOW "enter 8,3 depth", eax
        SHOW "frame[-4]", [ebp - 4]
        SHOW "frame[-8]", [ebp - 8]
        mov eax, [ebp - 12]
        sub eax, ebp
        SHOW "frame[-12]-ebp", eax
        mov eax, [ebp]
        sub eax, frame
        SHOW "saved ebp - frame", eax
        leave
        ; loops
        mov ecx, 5
        xor eax, eax
.l1:    inc eax
        loop .l1
        SHOW "loop", eax
        mov ecx, 10
        xor eax, eax
.l2:    inc eax
        cmp eax, 3
        loopne .l2
        SHOW "loopne ecx", ecx
        mov ecx, 10
        xor eax, eax
.l3:    inc eax
        cmp eax, 1
        loope .l3
        SHOW "loope ecx", ecx
        xor ecx, ecx
        mov eax, 1
        jecxz .z
        mov eax, 2
.z:     SHOW "jecxz", eax
        mov ecx, 0x10000
        mov eax, 1
        a16 jcxz .z2            ; jcxz tests CX only
        mov eax, 2
.z2:    SHOW "jcxz", eax
        ; store descriptor-table registers (the values are this guest's own tables)
        sgdt [dtr]
        movzx eax, word [dtr]
        SHOW "sgdt limit", eax
        mov eax, [dtr + 2]
        sub eax, gdt
        SHOW "sgdt base-gdt", eax
        sidt [dtr]
        movzx eax, word [dtr]
        SHOW "sidt limit", eax
        str eax                 ; bits 31..16 of a 32-bit destination vary by CPU: masked
        and eax, 0xFFFF
        SHOW "str", eax
        sldt eax
        and eax, 0xFFFF
        SHOW "sldt", eax
        smsw eax
        and eax, 0x1F           ; PE MP EM TS ET (NE and the rest vary by CPU model)
        SHOW "smsw", eax
        EXIT 0

w8000:  dw 0x8000
table:  db 0x10, 0x20, 0x30, 0x40
saved_esp: dd 0
dtr:    dw 0
        dd 0
        align 4
        dd 0, 0, 0, 0
frame:  dd 0, 0, 0
