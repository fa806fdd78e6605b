; A small Multiboot v1 kernel (a.out kludge, so the flat binary needs no ELF): its own GDT,
; an IDT whose gates are filled in at run time from a table of stubs, a remapped PIC, and a
; breakpoint exception taken and handled before it exits through isa-debug-exit.
        bits 32
        org 0x100000

MB_MAGIC    equ 0x1badb002
MB_FLAGS    equ 1 << 16                 ; the address fields below are valid
KCODE       equ gdt.code - gdt
KDATA       equ gdt.data - gdt

mb_header:
        dd MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)
        dd mb_header                    ; header_addr
        dd mb_header                    ; load_addr: the file starts here
        dd load_end                     ; load_end_addr
        dd bss_end                      ; bss_end_addr
        dd entry                        ; entry_addr

%macro isr_noerr 1                      ; exceptions without an error code push a dummy one
isr%1:  push dword 0
        push dword %1
        jmp isr_common
%endmacro
%macro isr_err 1
isr%1:  push dword %1
        jmp isr_common
%endmacro

entry:  cli
        mov esp, stack_top
        mov [mb_info], ebx              ; Multiboot information structure
        lgdt [gdt_ptr]
        jmp KCODE:.reload
.reload:
        mov ax, KDATA
        mov ds, ax
        mov es, ax
        mov ss, ax
        xor ax, ax
        mov fs, ax
        mov gs, ax

        ; fill the IDT: gate i points at stubs[i], a present 32-bit interrupt gate
        xor ecx, ecx
.gate:  mov eax, [stubs + ecx * 4]
        mov [idt + ecx * 8], ax
        mov word [idt + ecx * 8 + 2], KCODE
        mov word [idt + ecx * 8 + 4], 0x8e00
        shr eax, 16
        mov [idt + ecx * 8 + 6], ax
        inc ecx
        cmp ecx, STUBS
        jb .gate
        lidt [idt_ptr]

        ; remap the PICs to vectors 0x20-0x2f and mask everything
        mov al, 0x11
        out 0x20, al
        out 0xa0, al
        mov al, 0x20
        out 0x21, al
        mov al, 0x28
        out 0xa1, al
        mov al, 4
        out 0x21, al
        mov al, 2
        out 0xa1, al
        mov al, 1
        out 0x21, al
        out 0xa1, al
        mov al, 0xff
        out 0x21, al
        out 0xa1, al

        int3                            ; vector 3: handled below, then execution resumes
        mov esi, done_msg
        call puts
        mov al, 0
        out 0xf4, al
.halt:  hlt
        jmp .halt

isr_common:
        pushad
        mov esi, trap_msg
        call puts
        mov eax, [esp + 32]             ; the vector number, above the eight saved registers
        add al, '0'
        out 0xe9, al
        mov al, 10
        out 0xe9, al
        popad
        add esp, 8                      ; drop the vector and the error code
        iretd

puts:   push eax
.next:  lodsb
        test al, al
        jz .done
        out 0xe9, al
        jmp .next
.done:  pop eax
        ret

        isr_noerr 0
        isr_noerr 1
        isr_noerr 2
        isr_noerr 3
        isr_noerr 4
        isr_noerr 5
        isr_noerr 6
        isr_noerr 7
        isr_err 8
        isr_noerr 9
        isr_err 10
        isr_err 11
        isr_err 12
        isr_err 13
        isr_err 14

stubs:  dd isr0, isr1, isr2, isr3, isr4, isr5, isr6, isr7
        dd isr8, isr9, isr10, isr11, isr12, isr13, isr14
STUBS   equ ($ - stubs) / 4

        align 8
gdt:    dq 0
.code:  dq 0x00cf9a000000ffff           ; flat 4 GiB ring-0 code
.data:  dq 0x00cf92000000ffff           ; flat 4 GiB ring-0 data
.end:
gdt_ptr: dw gdt.end - gdt - 1
        dd gdt
idt_ptr: dw STUBS * 8 - 1
        dd idt

trap_msg: db 'trap ', 0
done_msg: db 'back from the breakpoint', 10, 0
load_end:

        section .bss
        alignb 16
mb_info: resd 1
idt:    resq STUBS
        alignb 16
stack:  resb 4096
stack_top:
bss_end:
