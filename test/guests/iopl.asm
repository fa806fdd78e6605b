; iopl.asm — I/O privilege and the IOPL-sensitive flag instructions in rings 0, 1 and 3
; with different IOPLs. In each phase the same body prints CPL and IOPL, then:
;  - CLI and STI: #GP(0) when CPL > IOPL;
;  - POPFD that tries to flip IF and IOPL: in ring 0 both change; with CPL > 0 IOPL never
;    changes, and IF silently keeps its value when CPL > IOPL (no fault: the "POPF hole");
;  - IN/OUT: allowed when CPL <= IOPL; otherwise the TSS I/O bitmap decides: port 0x80 is
;    denied, 0x300 open, 0x301 denied (so a word access at 0x300 is denied), 0x400 lies
;    past the TSS limit (denied).
%include "guest.inc"

%macro PHASE 3          ; code selector, data selector, eflags
        dd %1, %2, %3
%endmacro

main:
        mov eax, 0x300
        btr [tss_iomap], eax            ; open port 0x300 only
        mov eax, 0x83
        mov ebx, next_phase
        mov cx, SEL_CODE0
        mov dl, 0xEE
        call idt_set
        mov dword [phase], 0
        jmp start_phase

phases:
        PHASE SEL_CODE0, SEL_DATA0, 0x0202
        PHASE SEL_CODE0, SEL_DATA0, 0x3202
        PHASE SEL_CODE1, SEL_DATA1, 0x0202
        PHASE SEL_CODE1, SEL_DATA1, 0x1202
        PHASE SEL_CODE3, SEL_DATA3, 0x0202
        PHASE SEL_CODE3, SEL_DATA3, 0x1202
        PHASE SEL_CODE3, SEL_DATA3, 0x3202
        PHASE SEL_CODE3, SEL_DATA3, 0x0002
NPHASES equ ($ - phases) / 12

start_phase:
        mov eax, [phase]
        cmp eax, NPHASES
        jae finished
        imul esi, eax, 12
        add esi, phases
        mov ebx, [esi]                  ; CS
        mov ecx, [esi + 4]              ; DS/SS
        mov edx, [esi + 8]              ; EFLAGS
        test ebx, 3
        jz .ring0
        push ecx
        push dword STACK3_TOP
        push edx
        push ebx
        push dword body
        iretd
.ring0: push edx
        popfd
        jmp body

next_phase:                             ; INT 0x83 from any ring: on to the next phase
        mov ax, SEL_DATA0
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov esp, STACK0_TOP
        push dword 0x0002
        popfd
        inc dword [phase]
        jmp start_phase

finished:
        EXIT 0

body:
        mov ax, ss
        mov ds, ax
        mov es, ax
        PRINT "cpl="
        mov eax, cs
        and eax, 3
        HEX8 eax
        PRINT " iopl="
        pushfd
        pop eax
        shr eax, 12
        and eax, 3
        HEX8 eax
        PRINT " if="
        pushfd
        pop eax
        shr eax, 9
        and eax, 1
        HEX8 eax
        NL
        PRINT " popfd flip IF+IOPL: "
        pushfd
        pop ebx
        mov eax, ebx
        xor eax, 0x3200
        push eax
        popfd
        pushfd
        pop ecx
        push ebx                        ; put things back (as far as this ring may)
        popfd
        and ebx, 0x3200
        HEX16 ebx
        PRINT " -> "
        and ecx, 0x3200
        HEX16 ecx
        NL
        PRINT " cli "
        TRY cli
        PRINT " sti "
        TRY sti
        PRINT " cli "
        TRY cli
        PRINT " out 0x80 "
        TRY out 0x80, al
        mov dx, 0x300
        PRINT " in 0x300 "
        TRY in al, dx
        PRINT " in word 0x300 "
        TRY in ax, dx
        PRINT " in 0x400 "
        mov dx, 0x400
        TRY in al, dx
        int 0x83

phase:  dd 0
