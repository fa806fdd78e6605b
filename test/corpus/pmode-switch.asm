; From real mode to 32-bit protected mode: enable A20 (fast A20 port), load a GDT, set CR0.PE,
; far-jump to flush the prefetch queue, reload the data segments, and print over port 0xE9.
        bits 16
        org 0x7c00

CODE_SEL equ gdt.code - gdt
DATA_SEL equ gdt.data - gdt

start:  cli
        xor ax, ax
        mov ds, ax
        mov ss, ax
        mov sp, 0x7c00

        in al, 0x92                     ; fast A20
        or al, 2
        and al, 0xfe                    ; never set bit 0: that resets the machine
        out 0x92, al

        lgdt [gdt_ptr]
        mov eax, cr0
        or eax, 1                       ; CR0.PE
        mov cr0, eax
        jmp CODE_SEL:pm_entry

        bits 32
pm_entry:
        mov ax, DATA_SEL
        mov ds, ax
        mov es, ax
        mov fs, ax
        mov gs, ax
        mov ss, ax
        mov esp, 0x90000
        mov esi, message
        mov dx, 0xe9
.next:  lodsb
        test al, al
        jz .done
        out dx, al
        jmp .next
.done:  mov al, 0
        out 0xf4, al                    ; isa-debug-exit
        cli
        hlt

        align 8
gdt:    dq 0                            ; null descriptor
.code:  dw 0xffff, 0                    ; limit 0-15, base 0-15
        db 0, 10011010b, 11001111b, 0   ; base 16-23, present ring-0 code, 4K granular 32-bit
.data:  dw 0xffff, 0
        db 0, 10010010b, 11001111b, 0   ; present ring-0 data, writable
.end:
gdt_ptr:
        dw gdt.end - gdt - 1
        dd gdt

message: db 'protected mode', 10, 0

        times 510 - ($ - $$) db 0
        dw 0xaa55
