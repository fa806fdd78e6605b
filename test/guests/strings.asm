; strings.asm — MOVS STOS LODS CMPS SCAS (byte/word/dword) with REP/REPE/REPNE, DF clear
; and set, ECX = 0, and REP OUTSB to port 0xE9. Each line prints ESI EDI ECX, the flags
; (CMPS/SCAS: as CMP; others: unchanged), and a checksum of the destination buffer.
%include "guest.inc"

SRC equ 0x200000
DST equ 0x201000

%macro STR 6            ; label, setup instruction, string instruction, esi offset, edi offset, ecx
        PRINT %1
        call reset
        mov esi, SRC + %4
        mov edi, DST + %5
        mov ecx, %6
        mov eax, 0x41424344
        %2
        %3
        pushfd
        pop edx
        cld
        PRINT " |"
        HEX32 esi
        PRINT " "
        HEX32 edi
        PRINT " "
        HEX32 ecx
        PRINT " "
        HEX32 eax
        PRINT " "
        and edx, EFL_ARITH | EFL_DF
        HEX16 edx
        PRINT " "
        call dstsum
        NL
%endmacro

main:
        STR "rep movsb", {nop}, {rep movsb}, 0, 0, 37
        STR "rep movsw", {nop}, {rep movsw}, 0, 0, 5
        STR "rep movsd", {nop}, {rep movsd}, 4, 8, 9
        STR "rep movsd ecx=0", {nop}, {rep movsd}, 0, 0, 0
        STR "std rep movsb", {std}, {rep movsb}, 63, 63, 16
        STR "std rep movsd", {std}, {rep movsd}, 60, 60, 4
        STR "movsb x1", {nop}, {movsb}, 0, 0, 99
        STR "rep stosb", {nop}, {rep stosb}, 0, 3, 13
        STR "rep stosd", {nop}, {rep stosd}, 0, 0, 7
        STR "std rep stosw", {std}, {rep stosw}, 0, 30, 4
        STR "lodsd", {nop}, {lodsd}, 8, 0, 0
        STR "std lodsw", {std}, {lodsw}, 8, 0, 0
        STR "rep lodsb", {nop}, {rep lodsb}, 0, 0, 5
        STR "repe cmpsb all eq", {nop}, {repe cmpsb}, 0, 0x100, 16
        STR "repe cmpsb stop", {nop}, {repe cmpsb}, 0, 0x100, 40
        STR "repne cmpsb", {nop}, {repne cmpsb}, 0, 0x100, 40
        STR "repe cmpsd", {nop}, {repe cmpsd}, 0, 0x100, 10
        STR "cmpsw", {nop}, {cmpsw}, 0x20, 0x120, 0
        STR "repne scasb found", {nop}, {repne scasb}, 0, 0x100, 200
        STR "repne scasb not", {nop}, {repne scasb}, 0, 0x100, 3
        STR "repe scasd", {mov eax, 0x03020100}, {repe scasd}, 0, 0x100, 4
        STR "repe cmpsb ecx=0", {nop}, {repe cmpsb}, 0, 0x100, 0
        STR "std repne scasb", {std}, {repne scasb}, 0, 0x1FF, 0x100   ; AL = 0x44
        STR "a16 rep movsb", {nop}, {a16 rep movsb}, 0, 0, 3   ; SI/DI/CX only: linear 0 -> 0x1000
        ; REP OUTSB writes bytes to port 0xE9: the text appears in the output.
        PRINT "outsb: "
        mov esi, msg
        mov ecx, msg_len
        mov dx, 0xE9
        rep outsb
        PRINT " esi-msg="
        mov eax, esi
        sub eax, msg
        call puthex8
        NL
        EXIT 0

msg:    db "string out"
msg_len equ $ - msg

; SRC[i] = i for 0..255; DST = 0xEE..., except DST+0x100.. = a copy of SRC with
; DST+0x110 = 0x55 (a mismatch at index 16 for CMPS) and SCAS patterns.
reset:
        pushad
        mov edi, SRC
        xor eax, eax
.s:     stosb
        inc al
        jnz .s
        mov edi, DST
        mov ecx, 0x100
        mov al, 0xEE
        rep stosb
        mov esi, SRC
        mov ecx, 0x100
        rep movsb
        mov byte [DST + 0x110], 0x55
        popad
        ret

dstsum:                 ; checksum of DST..DST+0x40
        pushad
        xor eax, eax
        mov esi, DST
        mov ecx, 0x40
.l:     imul eax, eax, 31
        movzx edx, byte [esi]
        add eax, edx
        inc esi
        loop .l
        call puthex32
        popad
        ret
