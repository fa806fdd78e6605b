; segchecks.asm — segment limit and type checks on ordinary memory accesses:
;   a byte-granular data segment (limit 0xFFF): the last whole dword is fine, a dword that
;   straddles the limit and one past it raise #GP(0);
;   an expand-down data segment (limit 0xFFF, B=1: valid offsets 0x1000..0xFFFFFFFF);
;   an SS-relative access past the stack segment's limit raises #SS(0);
;   a write through CS (code segments are never writable) and a read through a null
;   selector raise #GP(0); setting CR0.PG with PE clear raises #GP(0).
;
; QEMU 7.2 (TCG) performs none of these checks on data accesses (segment limits and types
; are only checked when a selector is loaded) and treats CR0.PG without PE as a mode
; switch, so this guest's expectation is the SDM's: segchecks.sdm-expected. Under QEMU
; every TRY prints "nofault" and the last one resets the machine.
%include "guest.inc"

main:
        mov eax, 10
        xor ebx, ebx
        mov ecx, 0xFFF
        mov dx, 0x4092                  ; 0x50: data RW, limit 0xFFF
        call gdt_set
        mov eax, 11
        mov dx, 0x4096                  ; 0x58: data RW expand-down, limit 0xFFF, B=1
        call gdt_set
        mov eax, 12
        mov ecx, STACK0_TOP - 1
        mov dx, 0x4092                  ; 0x60: stack, limit just below STACK0_TOP
        call gdt_set

        mov ax, 0x50                    ; (FS, not DS: the printing code uses DS)
        mov fs, ax
        PRINT "limit last dword "
        TRY mov eax, [fs:0xFFC]
        PRINT "limit straddle "
        TRY mov eax, [fs:0xFFE]
        PRINT "limit past "
        TRY mov eax, [fs:0x1000]

        mov ax, 0x58
        mov es, ax
        PRINT "expand-down below "
        TRY mov eax, [es:0x800]
        PRINT "expand-down lowest "
        TRY mov eax, [es:0x1000]
        PRINT "expand-down straddle "
        TRY mov eax, [es:0xFFE]
        mov ax, SEL_DATA0
        mov es, ax

        mov ax, 0x60
        mov ss, ax
        mov ebp, STACK0_TOP
        PRINT "stack past limit "
        TRY mov eax, [ebp]
        PRINT "stack inside "
        TRY mov eax, [ebp - 4]
        mov ax, SEL_DATA0
        mov ss, ax

        PRINT "write through cs "
        TRY mov [cs:scratch], eax
        PRINT "read through cs "
        TRY mov eax, [cs:scratch]
        PRINT "null fs "
        xor eax, eax
        mov fs, ax
        TRY mov eax, [fs:scratch]
        PRINT "pg without pe "
        mov eax, cr0
        and eax, ~1
        or eax, 0x80000000
        TRY mov cr0, eax
        EXIT 0

scratch: dd 0
