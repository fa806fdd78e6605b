; exceptions.asm — each exception class from ring 0: vector, error code, saved EIP
; ("site" = the faulting instruction, "next" = the one after it, as the common handler in
; guest.inc prints), ending with a double fault.
;   #DE fault, #DB single-step trap (DR6.BS), #BP and #OF traps, #BR fault, #UD fault,
;   #GP (selector past the GDT limit, system descriptor into DS, execute-only code into DS,
;   RPL > DPL, SS loads, far JMP to data),
;   #NP (segment load and a not-present IDT gate: error code = vector*8 + 2, IDT bit),
;   #SS (not-present stack segment), #TS (TSS limit below 0x67),
;   #DF: #DE whose gate is not present raises #NP while delivering #DE; two contributory
;   exceptions make a double fault (error code 0).
%include "guest.inc"

SEL_NP    equ 0x50      ; data, not present
SEL_XO    equ 0x58      ; code, execute-only
SEL_SMALL equ 0x60      ; 32-bit TSS with limit 0x60 (< 0x67)
SEL_RC    equ 0x68      ; code, readable
SEL_RO    equ 0x70      ; data, read-only

%macro DESC 4           ; slot, base, limit, access (flags: 32-bit, byte granular)
        mov eax, %1
        mov ebx, %2
        mov ecx, %3
        mov dx, 0x4000 | %4
        call gdt_set
%endmacro

main:
        DESC 10, 0, 0xFFFF, 0x12        ; present bit clear
        DESC 11, 0, 0xFFFF, 0x98
        DESC 12, spare_tss, 0x60, 0x89
        DESC 13, 0, 0xFFFF, 0x9A
        DESC 14, 0, 0xFFFF, 0x90

        PRINT "DE "
        xor ecx, ecx
        TRY div ecx

        ; #DB: TF set by POPFD traps after the NEXT instruction (the one after POPFD).
        PRINT "DB "
        mov dword [exc_hook], clear_tf
        mov dword [exc_count], 0
        mov dword [exc_site], 0
        mov dword [exc_resume], .db_after
        pushfd
        or dword [esp], EFL_TF
        popfd
        nop                             ; runs, then #DB with EIP = .db_after
.db_after:
        call try_end
        PRINT "DR6 "
        mov eax, dr6
        and eax, 0x400F                 ; BS and B0..B3
        HEX32 eax
        NL
        mov dword [exc_hook], 0

        PRINT "BP "
        TRY int3
        PRINT "OF clear "
        TRY into
        PRINT "OF set "
        mov al, 0x7F
        add al, 1
        TRY into
        PRINT "BR in "
        mov eax, 10
        TRY bound eax, [bounds]
        PRINT "BR out "
        mov eax, 21
        TRY bound eax, [bounds]
        PRINT "BR below16 "
        mov ax, -5
        TRY bound ax, [bounds16]
        PRINT "UD ud2 "
        TRY ud2
        PRINT "UD mov cs "
        TRY db 0x8E, 0xC8               ; mov cs, ax
        PRINT "UD 0f ff "
        TRY db 0x0F, 0xFF

        PRINT "GP past limit "
        mov ax, 0x1000
        TRY mov ds, ax
        PRINT "GP tss into ds "
        mov ax, SEL_TSS
        TRY mov ds, ax
        PRINT "GP exec-only into ds "
        mov ax, SEL_XO
        TRY mov es, ax
        PRINT "readable code into ds "
        mov ax, SEL_RC
        TRY mov fs, ax
        PRINT "GP rpl>dpl "
        mov ax, SEL_DATA0 | 3
        TRY mov gs, ax
        PRINT "GP ss read-only "
        mov ax, SEL_RO
        TRY mov ss, ax
        PRINT "GP ss null "
        xor eax, eax
        TRY mov ss, ax
        PRINT "GP jmp data "
        TRY jmp SEL_DATA0:0
        ; (Writes through CS, use of a null selector and CR0.PG without PE are in
        ; segchecks.asm: QEMU does not fault on them.)

        PRINT "NP segment "
        mov ax, SEL_NP
        TRY mov ds, ax
        PRINT "NP gate "
        mov eax, 0x41
        mov ebx, unexpected_int
        mov cx, SEL_CODE0
        mov dl, 0x0E                    ; interrupt gate, present bit clear
        call idt_set
        TRY int 0x41
        PRINT "SS not present "
        mov ax, SEL_NP
        TRY mov ss, ax
        PRINT "TS small tss "
        TRY jmp SEL_SMALL:0

        ; Double fault: make vector 0's gate not present, then divide by zero.
        PRINT "DF "
        mov byte [idt + 0 * 8 + 5], 0x0E
        xor ecx, ecx
        mov dword [exc_resume], 0
        div ecx
        PRINT "not reached", 10
        EXIT 0x7D

clear_tf:
        and dword [ebp + EXC_EFL], ~EFL_TF
        ret

scratch:  dd 0
bounds:   dd 0, 20
bounds16: dw -4, 4
spare_tss: times 0x68 db 0
