; shifts.asm — SHL SAL SHR SAR ROL ROR RCL RCR (by 1, by imm8 and by CL), SHLD and SHRD,
; at 8, 16 and 32 bits. Each line: op width count value | result flags (flags in clear)
; | result flags (flags in all set). Flags masked as the SDM defines them:
;  - count (masked to 5 bits) 0: no flag changes, all compared;
;  - shifts: AF undefined for any nonzero count; OF only defined for count 1;
;    SHL/SHR with count >= width (8/16 bits): CF undefined;
;  - rotates: only CF and OF change; OF only defined for count 1;
;  - SHLD/SHRD: as shifts; 16-bit forms with count > 16 are undefined and not run.
%include "guest.inc"

%macro RUN 6            ; label, instruction (uses EAX, EDX, CL), value, count, mask, width
        PRINT %1, " "
        HEX8 %4
        PRINT " "
        HEX32 %3
%assign cin 0
%rep 2
        mov eax, %3
        mov edx, 0x9876FEDC     ; second operand of SHLD/SHRD
        mov ecx, %4
        push dword 0x2 | (cin * EFL_ARITH)
        popfd
        %2
        pushfd
        pop ebx
        PRINT " |"
        HEX32 eax
        PRINT " "
        and ebx, %5
        HEX16 ebx
%assign cin cin+1
%endrep
        NL
%endmacro

; mask for (kind, width, count): kind 0 = SHL/SHR, 1 = SAR, 2 = rotate, 3 = SHLD/SHRD
%macro MASKFOR 3
%assign c (%3) & 31
%if c == 0
%assign m 0x8D5
%elif %1 == 2
%assign m (c == 1) ? 0x8D5 : 0x0D5
%elif c == 1
%assign m 0x8C5
%elif %1 == 0 && c >= %2
%assign m 0x0C4
%else
%assign m 0x0C5
%endif
%endmacro

%macro COUNTS 6         ; mnemonic, kind, width, register, value, SHLD/SHRD source
%assign i 0
%rep 14
%assign cnt (i == 0) ? 0 : (i == 1) ? 1 : (i == 2) ? 2 : (i == 3) ? 4 : (i == 4) ? 7 : (i == 5) ? 8 : (i == 6) ? 9 : (i == 7) ? 15 : (i == 8) ? 16 : (i == 9) ? 17 : (i == 10) ? 31 : (i == 11) ? 32 : (i == 12) ? 33 : 40
%if !(%2 == 3 && %3 == 16 && (cnt & 31) > 16)
        MASKFOR %2, %3, cnt
%if %2 == 3
        RUN %str(%1 %3 cl), {%1 %4, %6, cl}, %5, cnt, m, %3
%else
        RUN %str(%1 %3 cl), {%1 %4, cl}, %5, cnt, m, %3
%endif
%endif
%assign i i+1
%endrep
%endmacro

; The same through the imm8 and the by-1 encodings for a few counts.
%macro IMMS 4
        MASKFOR %2, 32, 1
        RUN %str(%1 32 1), {%1 eax, 1}, %4, 1, m, 32
        MASKFOR %2, 32, 3
        RUN %str(%1 32 i8), {%1 eax, 3}, %4, 3, m, 32
        MASKFOR %2, 8, 1
        RUN %str(%1 8 1), {%1 al, 1}, %4, 1, m, 8
%endmacro

%macro GROUP 2          ; mnemonic, kind
        COUNTS %1, %2, 32, eax, 0x81234567, edx
        COUNTS %1, %2, 16, ax,  0x40008001, dx
        COUNTS %1, %2, 8,  al,  0x000000C1, dl
        COUNTS %1, %2, 8,  al,  0x00000041, dl
        IMMS %1, %2, 32, 0xC0000003
%endmacro

%macro SHLDS 1
        COUNTS %1, 3, 32, eax, 0x81234567, edx
        COUNTS %1, 3, 16, ax,  0x40008001, dx
        MASKFOR 3, 32, 1
        RUN %str(%1 32 i8), {%1 eax, edx, 1}, 0x81234567, 1, m, 32
        MASKFOR 3, 32, 12
        RUN %str(%1 16 i8), {%1 word [val16], dx, 12}, 0, 12, m, 16
        PRINT "val16 "
        HEX16 [val16]
        NL
%endmacro

main:
        GROUP shl, 0
        GROUP shr, 0
        GROUP sar, 1
        GROUP rol, 2
        GROUP ror, 2
        GROUP rcl, 2
        GROUP rcr, 2
        SHLDS shld
        SHLDS shrd
        EXIT 0

val16:  dw 0x1234
