; descriptors.asm — descriptor inspection and loads: LAR, LSL (byte and 4 KiB granular
; limits), VERR, VERW on code/data/system/null/out-of-range selectors (ZF says valid); the
; accessed bit set in the GDT when a segment register is loaded; an LDT (LLDT) and a
; segment loaded through a TI=1 selector with a non-zero base.
;
; QEMU 7.2 (TCG) does not set the accessed bit of a code segment's descriptor when CS is
; loaded by a far JMP (the SDM says loading any segment register sets it; QEMU only does so
; for data/stack loads), so LAR results are printed with the accessed bit masked; the
; accessed-bit check below uses a data segment.
%include "guest.inc"

%macro INSPECT 1        ; selector
        PRINT "sel "
        HEX16 %1
        mov bx, %1
        mov eax, 0xFFFFFFFF
        lar eax, bx
        pushfd
        pop edx
        PRINT " lar "
        and edx, EFL_ZF
        HEX8 edx
        PRINT ":"
        and eax, 0x00F0FE00             ; access byte and flags nibble (other bits undefined),
                                        ; accessed bit masked (see the note at the top)
        HEX32 eax
        mov ecx, 0x12345678
        lsl ecx, bx
        pushfd
        pop edx
        PRINT " lsl "
        and edx, EFL_ZF
        HEX8 edx
        PRINT ":"
        HEX32 ecx
        verr bx
        pushfd
        pop edx
        PRINT " verr "
        and edx, EFL_ZF
        HEX8 edx
        verw bx
        pushfd
        pop edx
        PRINT " verw "
        and edx, EFL_ZF
        HEX8 edx
        NL
%endmacro

%macro DESC 5           ; slot, base, limit, access, flags<<4
        mov eax, %1
        mov ebx, %2
        mov ecx, %3
        mov dx, (%5 << 8) | %4
        call gdt_set
%endmacro

main:
        DESC 10, 0x12345, 0x00FFF, 0x92, 0x40     ; 0x50 data, byte granular, not accessed... yet
        DESC 11, 0, 0x0000F, 0x9A, 0xC0           ; 0x58 code, 4 KiB granular: limit 0xFFFF
        DESC 12, 0, 0x0000F, 0x98, 0xC0           ; 0x60 code, execute-only
        DESC 13, 0, 0x0FFFF, 0xF0, 0x40           ; 0x68 data read-only, DPL 3
        DESC 14, ldt, 0x0F, 0x82, 0x00            ; 0x70 LDT
        DESC 15, 0, 0x0FFFF, 0x9E, 0x40           ; 0x78 conforming readable code
        INSPECT 0
        INSPECT SEL_CODE0
        INSPECT SEL_DATA0
        INSPECT SEL_TSS
        INSPECT 0x50
        INSPECT 0x58
        INSPECT 0x60
        INSPECT 0x68
        INSPECT 0x6B
        INSPECT 0x70
        INSPECT 0x78
        INSPECT 0x7B
        INSPECT 0x1000
        INSPECT SEL_DATA0 | 3           ; RPL 3 > DPL 0: LAR/LSL/VERR fail from ring 0

        PRINT "accessed bit before load "
        mov al, [gdt + 10 * 8 + 5]
        HEX8 eax
        mov ax, 0x50
        mov es, ax
        PRINT " after "
        mov al, [gdt + 10 * 8 + 5]
        HEX8 eax
        NL
        mov ax, SEL_DATA0
        mov es, ax

        ; LDT with one data segment based at 0x1000 (selector 0x0C = index 1, TI=1)
        mov ax, 0x70
        lldt ax
        mov dword [0x1000 + 0x20], 0xC0FFEE00
        mov ax, 0x0C
        mov fs, ax
        PRINT "ldt segment read "
        HEX32 [fs:0x20]
        sldt eax
        and eax, 0xFFFF
        PRINT " sldt "
        HEX16 eax
        NL
        INSPECT 0x0C
        PRINT "ldt selector past the ldt limit "
        mov ax, 0x14
        TRY mov gs, ax
        EXIT 0

        align 8
ldt:    dq 0
        dq 0x00409200_1000FFFF          ; base 0x1000, limit 0xFFFF, data RW
