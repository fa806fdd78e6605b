; cpuid.asm — only that CPUID and its neighbours work, not what they report (ringside's
; CPUID identity legitimately differs from QEMU's CPU model): EFLAGS.ID and EFLAGS.AC can
; be toggled, CPUID leaf 0 reports at least leaf 1 and a printable 12-byte vendor string,
; leaf 1 a family of at least 4, and RDTSC counts up. No vendor or feature bits printed.
%include "guest.inc"

%macro TOGGLE 2         ; label, flag bit
        pushfd
        pop eax
        mov ebx, eax
        xor eax, %2
        push eax
        popfd
        pushfd
        pop eax
        push ebx
        popfd
        xor eax, ebx
        shr eax, %1
        and eax, 1
        PRINT "toggle bit ", %str(%1), ": "
        HEX8 eax
        NL
%endmacro

main:
        TOGGLE 21, 0x200000             ; ID
        TOGGLE 18, 0x40000              ; AC
        xor eax, eax
        cpuid
        mov [vendor], ebx
        mov [vendor + 4], edx
        mov [vendor + 8], ecx
        PRINT "max leaf >= 1: "
        cmp eax, 1
        setae al
        HEX8 eax
        NL
        PRINT "vendor printable: "
        mov esi, vendor
        mov ecx, 12
        mov bl, 1
.v:     lodsb
        cmp al, 0x20
        jb .bad
        cmp al, 0x7E
        jbe .ok
.bad:   mov bl, 0
.ok:    loop .v
        HEX8 ebx
        NL
        mov eax, 1
        cpuid
        shr eax, 8
        and eax, 15
        PRINT "family >= 4: "
        cmp eax, 4
        setae al
        HEX8 eax
        NL
        rdtsc
        mov esi, eax
        mov edi, edx
        mov ecx, 100
.w:     loop .w
        rdtsc
        sub eax, esi
        sbb edx, edi
        PRINT "tsc counts up: "
        or eax, edx
        setnz al
        HEX8 eax
        NL
        EXIT 0

vendor: times 12 db 0
