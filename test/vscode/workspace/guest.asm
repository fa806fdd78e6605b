; The extension-host tests' guest: a Multiboot kernel that prints through a routine in lib.inc,
; counts down in a loop with a local label, and exits through QEMU's isa-debug-exit port.
        bits 32
        org 0x100000

MB_MAGIC        equ 0x1badb002
MB_FLAGS        equ 1 << 16
DEBUG_PORT      equ 0xe9
EXIT_PORT       equ 0xf4

multiboot_header:
        dd MB_MAGIC
        dd MB_FLAGS
        dd -(MB_MAGIC + MB_FLAGS)
        dd multiboot_header
        dd multiboot_header
        dd load_end
        dd bss_end
        dd start

%include "lib.inc"

start:
        cli
        mov esp, stack_top
        mov esi, message
        call print
        mov ecx, 3
.loop:
        dec ecx
        jnz .loop
        exit_with 0

message:        db "guest says hi", 10, 0

load_end:
        section .bss
        alignb 16
        resb 1024
stack_top:
bss_end:
