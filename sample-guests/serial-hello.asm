; serial-hello.asm — "hello, world" through the PC's serial port.
;
; What it shows
;   A PC's first serial port, COM1, is a 16550 UART at I/O ports 0x3F8..0x3FF. Writing a
;   byte to its Transmit Holding Register (THR, port 0x3F8) sends that byte down the line.
;   Before each byte the program waits until the Line Status Register (LSR, 0x3FD) says
;   the THR is empty: a real UART sends only about 11,520 bytes a second at 115200 baud,
;   so software must not write faster than the line drains.
;
; How it starts
;   This is a Multiboot v1 kernel: a loader (ringside's `--boot multiboot`, QEMU's
;   `-kernel`, GRUB) reads the header below, copies the file to 1 MiB and jumps to
;   `start` in 32-bit protected mode with paging off and interrupts disabled.
;
; How it ends
;   Writing a value V to port 0xF4 (QEMU's isa-debug-exit device, which ringside models
;   too) ends the run with exit status (V << 1) | 1, so 0 gives status 1.
;
; Run it
;   bin/ringside run sample-guests/serial-hello.asm
;   qemu-system-i386 -kernel serial-hello.bin -serial stdio -display none \
;       -device isa-debug-exit,iobase=0xf4,iosize=4        (after nasm -f bin)

        bits 32
        org 0x100000                    ; where the loader puts us (load_addr below)

; ---- The Multiboot header --------------------------------------------------------------
; It must lie in the first 8 KiB of the file, 4-byte aligned. Flag bit 16 says that the
; five address fields are present, so the loader needs no ELF headers (the "a.out kludge").
MB_MAGIC equ 0x1BADB002
MB_FLAGS equ 1 << 16
header:
        dd MB_MAGIC
        dd MB_FLAGS
        dd -(MB_MAGIC + MB_FLAGS)       ; checksum: the three fields sum to zero
        dd header                       ; header_addr: where this header is loaded
        dd 0x100000                     ; load_addr: where the file's first byte goes
        dd 0                            ; load_end_addr: 0 = load the whole file
        dd 0                            ; bss_end_addr: 0 = no bss to clear
        dd start                        ; entry_addr

; ---- UART registers (offsets from the base port) -----------------------------------------
COM1 equ 0x3F8
THR  equ 0      ; transmit holding register (write)          [DLAB = 0]
DLL  equ 0      ; divisor latch, low byte                     [DLAB = 1]
IER  equ 1      ; interrupt enable register                   [DLAB = 0]
DLM  equ 1      ; divisor latch, high byte                    [DLAB = 1]
FCR  equ 2      ; FIFO control register (write)
LCR  equ 3      ; line control register: word length, parity, stop bits, DLAB (bit 7)
MCR  equ 4      ; modem control register: DTR, RTS, OUT2, loopback
LSR  equ 5      ; line status register: bit 5 = THR empty, bit 6 = transmitter idle

start:
        mov esp, 0x90000                ; a stack in free conventional memory

        ; 1. Program the UART: 115200 baud, 8 data bits, no parity, 1 stop bit (8N1).
        mov dx, COM1 + IER
        mov al, 0                       ; no interrupts: we poll
        out dx, al
        mov dx, COM1 + LCR
        mov al, 0x80                    ; DLAB = 1: ports 0 and 1 become the divisor latch
        out dx, al
        mov dx, COM1 + DLL
        mov al, 1                       ; divisor 1: 115200 / 1 = 115200 baud
        out dx, al
        mov dx, COM1 + DLM
        mov al, 0
        out dx, al
        mov dx, COM1 + LCR
        mov al, 0x03                    ; DLAB = 0, 8 bits, no parity, 1 stop bit
        out dx, al
        mov dx, COM1 + FCR
        mov al, 0xC7                    ; enable and clear both FIFOs
        out dx, al
        mov dx, COM1 + MCR
        mov al, 0x03                    ; DTR and RTS: "we are here and ready"
        out dx, al

        ; 2. Send the message one byte at a time.
        mov esi, message
.next:  lodsb                           ; AL = next byte, ESI advances
        test al, al
        jz .sent                        ; a zero byte ends the string
        call serial_putc
        jmp .next

        ; 3. Wait until the last byte has really left (transmitter empty), then stop.
.sent:  mov dx, COM1 + LSR
.drain: in al, dx
        test al, 0x40
        jz .drain
        mov al, 0
        out 0xF4, al                    ; exit status (0 << 1) | 1 = 1
        cli                             ; if nothing is at port 0xF4: stop here
.halt:  hlt
        jmp .halt

; serial_putc: send AL through COM1, waiting for room in the transmitter first.
serial_putc:
        push edx
        push eax
        mov dx, COM1 + LSR
.wait:  in al, dx
        test al, 0x20                   ; THR empty?
        jz .wait
        pop eax
        mov dx, COM1 + THR
        out dx, al
        pop edx
        ret

message:
        db "Hello from COM1, the 16550 UART at port 0x3F8!", 10
        db "Each byte waited for LSR bit 5 (transmit holding register empty).", 10, 0
