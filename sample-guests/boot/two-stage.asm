; boot/two-stage.asm — a two-stage boot loader, from the BIOS's first jump to 32-bit code.
;
; What it shows
;   How every PC operating system used to start. The BIOS reads the first sector of the
;   boot disk (512 bytes that end in the signature 55 AA) to 0000:7C00 and jumps there in
;   real mode, with the boot drive's number in DL. 512 bytes are too few for much, so this
;   first stage only asks the BIOS (INT 13h, function 42h: extended read by LBA) to read
;   the next sectors, the second stage, to 0000:7E00, and jumps to it. The second stage
;   opens the A20 gate (port 92h), loads a GDT, sets CR0.PE and far-jumps into a 32-bit
;   code segment: protected mode. There it checks that memory above 1 MiB no longer wraps
;   to 0, prints, and ends the run.
;
; Where to look in the debugger
;   Boot with `--boot bios` (or `"boot": "bios"`): Ringside's BIOS runs first, so set a
;   breakpoint on `start` and watch CS:IP = 0000:7C00, DL = 80h. Step over the `int 0x13`
;   and look at 7E00 in the memory view; step through `mov cr0, eax` and the far jump and
;   watch CS's descriptor cache in the Variables view change from a real-mode segment to
;   the flat 32-bit code segment of the GDT below.
;
; How it prints and ends
;   Through port 0xE9 directly rather than INT 10h, so that the same image prints the
;   same text under QEMU's SeaBIOS (whose INT 10h draws on the VGA screen); a write of V to
;   port 0xF4 ends the run with exit status (V << 1) | 1.
;
; Run it
;   bin/ringside run sample-guests/boot/two-stage.asm --boot bios
;   qemu-system-i386 -drive file=two-stage.bin,format=raw -debugcon stdio -display none \
;       -device isa-debug-exit,iobase=0xf4,iosize=4          (after nasm -f bin)

        bits 16
        org 0x7C00

STAGE2_SECTORS equ (stage2_end - stage2) / 512
CODE32 equ 0x08                         ; GDT selectors (index << 3)
DATA32 equ 0x10

; ---- Stage 1: the boot sector ------------------------------------------------------------
start:
        cli
        xor ax, ax                      ; the BIOS promises only CS:IP; make DS = ES = SS = 0
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x7C00                  ; the stack grows down from just below our code
        sti
        mov [boot_drive], dl
        mov si, msg_stage1
        call print

        mov ah, 0x42                    ; extended read: DS:SI points at a disk address packet
        mov dl, [boot_drive]
        mov si, packet
        int 0x13
        jc disk_error                   ; CF set: AH holds the error code
        jmp 0x0000:stage2               ; a far jump also makes CS = 0 for certain

disk_error:
        mov si, msg_disk_error
        call print
        mov al, 2
        out 0xF4, al                    ; exit status (2 << 1) | 1 = 5

; print: the zero-terminated string at DS:SI to port 0xE9
print:
        lodsb
        test al, al
        jz .done
        out 0xE9, al
        jmp print
.done:  ret

        align 4
packet: db 0x10, 0                      ; the packet's size, reserved
        dw STAGE2_SECTORS               ; sectors to read
        dw stage2, 0                    ; buffer offset:segment (0000:7E00)
        dq 1                            ; first sector, by LBA (sector 0 is this one)

boot_drive:     db 0
msg_stage1:     db "stage 1: loaded by the BIOS at 0000:7C00", 10, 0
msg_disk_error: db "stage 1: INT 13h could not read stage 2", 10, 0

        times 510 - ($ - $$) db 0       ; pad to the signature
        dw 0xAA55

; ---- Stage 2: read from sectors 1.. by stage 1 ------------------------------------------
stage2:
        mov si, msg_stage2
        call print

        in al, 0x92                     ; "fast A20": bit 1 of the system control port
        or al, 2
        and al, 0xFE                    ; never write bit 0: it resets the machine
        out 0x92, al

        cli                             ; no real-mode interrupt handler survives the switch
        lgdt [gdt_pointer]
        mov eax, cr0
        or eax, 1                       ; CR0.PE
        mov cr0, eax
        jmp CODE32:protected            ; loads CS from the GDT: now 32-bit code

        bits 32
protected:
        mov ax, DATA32                  ; every data segment: flat, base 0, limit 4 GiB
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov esp, 0x7C00

        mov esi, msg_protected
        call print32

        ; With A20 open, 0x100000 and 0x000000 are different bytes; closed, they would be the
        ; same byte (the 8086's 1 MiB wrap-around that the A20 gate imitates).
        mov byte [0x000000], 0x11
        mov byte [0x100000], 0x22
        mov esi, msg_a20_open
        cmp byte [0x000000], 0x11
        je .say
        mov esi, msg_a20_closed
.say:   call print32

        mov al, 0
        out 0xF4, al                    ; exit status (0 << 1) | 1 = 1
        hlt

print32:
        lodsb
        test al, al
        jz .done
        out 0xE9, al
        jmp print32
.done:  ret

; The GDT: a null descriptor, then flat 4 GiB code and data (base 0, limit FFFFF pages).
        align 8
gdt:    dq 0
        dw 0xFFFF, 0x0000               ; limit 15:0, base 15:0
        db 0x00, 0x9A, 0xCF, 0x00       ; base 23:16, present ring-0 code, G=1 D=1, base 31:24
        dw 0xFFFF, 0x0000
        db 0x00, 0x92, 0xCF, 0x00       ; the same for writable data
gdt_end:
gdt_pointer:
        dw gdt_end - gdt - 1            ; limit
        dd gdt                          ; linear base

msg_stage2:     db "stage 2: running at 0000:7E00, entering protected mode", 10, 0
msg_protected:  db "protected mode: 32-bit code through the GDT's flat segments", 10, 0
msg_a20_open:   db "A20 is open: 1 MiB does not wrap to 0", 10, 0
msg_a20_closed: db "A20 is closed: 1 MiB wraps to 0", 10, 0

        align 512, db 0                 ; whole sectors, for the packet's count
stage2_end:
