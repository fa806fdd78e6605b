; exchange.asm — XCHG, CMPXCHG (8/16/32, equal and not equal: flags as CMP), XADD (flags
; as ADD), BSWAP, CMPXCHG8B (only ZF changes; the other flags are unaffected, so all are
; compared), with and without LOCK.
%include "guest.inc"

%macro SHOW 0           ; print EAX EBX ECX EDX mem flags (flags pushed by the caller)
        pop esi
        PRINT " |"
        HEX32 eax
        PRINT " "
        HEX32 ebx
        PRINT " "
        HEX32 ecx
        PRINT " "
        HEX32 edx
        PRINT " "
        HEX32 [mem]
        PRINT " "
        HEX32 [mem + 4]
        PRINT " "
        and esi, EFL_ARITH
        HEX16 esi
        NL
%endmacro

%macro X 8              ; label, instruction, eax, ebx, ecx, edx, mem lo, mem hi
        PRINT %1
        mov eax, %3
        mov ebx, %4
        mov ecx, %5
        mov edx, %6
        mov dword [mem], %7
        mov dword [mem + 4], %8
        push dword 2 | EFL_CF | EFL_PF | EFL_SF
        popfd
        %2
        pushfd
        SHOW
%endmacro

main:
        X "xchg r32,r32", {xchg eax, ebx}, 1, 2, 3, 4, 5, 6
        X "xchg r8,r8", {xchg ah, dl}, 0x1234, 2, 3, 0x55, 5, 6
        X "xchg m32,r32", {xchg [mem], ecx}, 1, 2, 3, 4, 5, 6
        X "xchg m16,r16", {xchg [mem], cx}, 1, 2, 0x33333333, 4, 0x55555555, 6
        X "cmpxchg r32 eq", {cmpxchg ebx, ecx}, 7, 7, 9, 0, 0, 0
        X "cmpxchg r32 ne", {cmpxchg ebx, ecx}, 7, 8, 9, 0, 0, 0
        X "cmpxchg m32 eq", {cmpxchg [mem], ecx}, 5, 0, 9, 0, 5, 0
        X "cmpxchg m32 ne", {cmpxchg [mem], ecx}, 0x80000000, 0, 9, 0, 1, 0
        X "lock cmpxchg m16 eq", {lock cmpxchg [mem], cx}, 0xFFFF1234, 0, 0xABCD, 0, 0x00001234, 0
        X "cmpxchg m8 ne", {cmpxchg [mem], cl}, 0x11, 0, 0x22, 0, 0x33, 0
        X "cmpxchg r8 eq", {cmpxchg bl, cl}, 0xFF, 0xFF, 0x22, 0, 0x33, 0
        X "xadd r32", {xadd eax, ebx}, 0x7FFFFFFF, 1, 0, 0, 0, 0
        X "xadd m32", {xadd [mem], ebx}, 0, 0xFFFFFFFF, 0, 0, 1, 0
        X "lock xadd m8", {lock xadd [mem], bl}, 0, 0x80, 0, 0, 0x80, 0
        X "xadd r16", {xadd ax, bx}, 0x1234FFFF, 0x56780001, 0, 0, 0, 0
        X "bswap eax", {bswap eax}, 0x12345678, 0, 0, 0, 0, 0
        X "bswap ecx", {bswap ecx}, 0, 0, 0x80FF0001, 0, 0, 0
        X "cmpxchg8b eq", {cmpxchg8b [mem]}, 0x11111111, 0x33333333, 0x44444444, 0x22222222, 0x11111111, 0x22222222
        X "cmpxchg8b ne lo", {cmpxchg8b [mem]}, 0x11111111, 0x33333333, 0x44444444, 0x22222222, 0x11111110, 0x22222222
        X "cmpxchg8b ne hi", {cmpxchg8b [mem]}, 0x11111111, 0x33333333, 0x44444444, 0x22222222, 0x11111111, 0xA2222222
        X "lock cmpxchg8b eq", {lock cmpxchg8b [mem]}, 1, 3, 4, 2, 1, 2
        ; ZF in: set, so a mismatch must clear it.
        mov eax, 1
        mov edx, 2
        mov dword [mem], 0
        push dword 2 | EFL_ZF
        popfd
        cmpxchg8b [mem]
        pushfd
        PRINT "cmpxchg8b zf"
        SHOW
        ; LOCK with a register destination is #UD. (QEMU 7.2 misses this for XADD; see
        ; lock-ud.asm, whose expectation is the SDM's.)
        PRINT "lock cmpxchg reg: "
        TRY lock cmpxchg eax, ebx
        EXIT 0

        align 8
mem:    dd 0, 0
