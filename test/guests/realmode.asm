; realmode.asm — leaving protected mode for real mode and coming back:
;  32-bit PM -> 16-bit PM code segment (64 KiB limits) -> clear CR0.PE -> far jump to
;  real mode; there: the IVT at 0 (LIDT base 0, limit 0x3FF), a software INT through our
;  own IVT entry, a divide error through IVT[0] (the saved IP is the DIV itself), segment
;  arithmetic, 32-bit operands with the 0x66 prefix; then set CR0.PE again and far jump to
;  32-bit code.
%include "guest.inc"

RM_BASE equ 0x9000          ; the 16-bit code runs at 0000:9000+
%define R(x) ((x) - rm_code + RM_BASE)

main:
        mov esi, rm_code
        mov edi, RM_BASE
        mov ecx, rm_end - rm_code
        rep movsb
        PRINT "to 16-bit protected mode", 10
        jmp SEL_CODE16:R(pm16)

pm_back:
        mov ax, SEL_DATA0
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov esp, STACK0_TOP
        lidt [idtr]
        PRINT "back in 32-bit protected mode, cr0.pe="
        mov eax, cr0
        and eax, 1
        HEX8 eax
        NL
        PRINT "real-mode store at 0x12350: "
        HEX32 [0x12350]
        NL
        EXIT 0

        bits 16
rm_code:
pm16:
        mov ax, SEL_DATA16
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov eax, cr0
        and eax, ~1
        mov cr0, eax
        jmp 0:R(real)

real:
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x7000
        lidt [R(ivtr)]
        mov word [0x60 * 4], R(int60)
        mov word [0x60 * 4 + 2], 0
        mov word [0 * 4], R(int0)
        mov word [0 * 4 + 2], 0
        call rprint
        db "real mode: cs=", 0
        mov ax, cs
        call rhex
        call rprint
        db " cr0.pe=", 0
        mov eax, cr0
        and ax, 1
        call rhex
        call rprint
        db 10, "int 0x60: ", 0
        mov ax, 0x1111
        int 0x60
        call rhex
        call rprint
        db 10, "div by zero: ", 0
        xor cx, cx
        mov ax, 5
div_site:
        div cx
        call rprint
        db " resumed", 10, "0x66 operands: ", 0
        mov eax, 0x12345678
        add eax, 0x11111111
        shr eax, 16
        call rhex
        mov ax, 0x1234
        mov es, ax
        mov dword [es:0x10], 0xFEEDFACE
        call rprint
        db 10, 0
        cli
        mov eax, cr0
        or eax, 1
        mov cr0, eax
        jmp dword SEL_CODE0:pm_back

int60:
        call rprint
        db "in handler, ", 0
        add ax, 0x2222
        iret

int0:                                   ; the saved IP points at the DIV (2 bytes)
        push bp
        mov bp, sp
        call rprint
        db "#DE ip=", 0
        mov ax, [bp + 2]
        cmp ax, R(div_site)
        jne .x
        call rprint
        db "site", 0
.x:     add word [bp + 2], 2
        pop bp
        iret

rprint:                                 ; prints the string after the CALL
        push bp
        mov bp, sp
        push si
        push ax
        mov si, [bp + 2]
.l:     mov al, [cs:si]
        inc si
        test al, al
        jz .d
        out 0xE9, al
        jmp .l
.d:     mov [bp + 2], si
        pop ax
        pop si
        pop bp
        ret
rhex:
        push cx
        push ax
        mov cx, 4
.l:     rol ax, 4
        push ax
        and al, 15
        add al, '0'
        cmp al, '9'
        jbe .o
        add al, 7
.o:     out 0xE9, al
        pop ax
        loop .l
        pop ax
        pop cx
        ret
ivtr:   dw 0x3FF
        dd 0
rm_end:
        bits 32
