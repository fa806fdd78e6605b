; hello.asm: the smallest Ringside guest. Prints "Hello from the guest!" on the debug port
; (0xE9) and powers off through QEMU's isa-debug-exit device (port 0xF4).
;
; It is a Multiboot v1 kernel in a flat binary: the header's "a.out kludge" fields tell the
; loader where to put the file and where to start, so no ELF is needed. Both of these run it:
;
;   bin/ringside run sample-guests/hello.asm --boot multiboot
;   nasm -f bin hello.asm -o hello.bin
;   qemu-system-i386 -kernel hello.bin -debugcon stdio -device isa-debug-exit,iobase=0xf4,iosize=4 -display none
;
; The loader enters at `start` in 32-bit protected mode with flat 4 GiB code and data
; segments, paging off, interrupts disabled, EAX = 0x2BADB002 and EBX = the Multiboot
; information structure. There is no stack yet: we bring our own.

        bits 32
        org 0x100000                    ; load address: 1 MiB, above the BIOS and VGA areas

MB_MAGIC        equ 0x1badb002
MB_AOUT_KLUDGE  equ 1 << 16             ; header_addr..entry_addr below are valid
MB_FLAGS        equ MB_AOUT_KLUDGE
DEBUG_PORT      equ 0xe9                ; QEMU -debugcon, Bochs port E9 hack
EXIT_PORT       equ 0xf4                ; QEMU isa-debug-exit: exit status (value << 1) | 1

; The Multiboot header must be 4-byte aligned within the first 8 KiB of the file.
multiboot_header:
        dd MB_MAGIC
        dd MB_FLAGS
        dd -(MB_MAGIC + MB_FLAGS)       ; checksum: the three fields sum to zero
        dd multiboot_header             ; header_addr: where this header is loaded
        dd multiboot_header             ; load_addr: the file is loaded from its first byte
        dd load_end                     ; load_end_addr: end of the file's bytes
        dd bss_end                      ; bss_end_addr: zeroed up to here (our stack)
        dd start                        ; entry_addr

start:
        cli
        mov esp, stack_top
        cld

        mov esi, message
        mov ecx, message_length
        mov dx, DEBUG_PORT
        rep outsb                       ; write the message, one byte per OUT

        mov al, 0                       ; exit status 0: QEMU exits with (0 << 1) | 1 = 1
        mov dx, EXIT_PORT
        out dx, al

.halt:  hlt                             ; without the exit device: stop here for good
        jmp .halt

message:        db "Hello from the guest!", 10
message_length  equ $ - message

load_end:

        section .bss
        alignb 16
stack:  resb 4096
stack_top:
bss_end:
