; uart.asm — the 16550 on COM1 (0x3F8): divisor latch (DLAB), line control, FIFO control
; and IIR, IER, the scratch register, LSR, the THR-empty interrupt identification (cleared
; by reading IIR), loopback mode (MCR bit 4: a byte written to THR comes back in RBR, MSR
; mirrors the MCR outputs), and finally text sent to the line with LSR polling.
; Register values go to port 0xE9; the text goes out through COM1. Under QEMU both reach
; the same stream (see test/support/qemu.ts), in order.
%include "guest.inc"

COM1 equ 0x3F8

%macro OUTB 2
        mov dx, %1
        mov al, %2
        out dx, al
%endmacro
%macro SHOW 2           ; label, port
        mov dx, %2
        in al, dx
        PRINT %1
        HEX8 eax
%endmacro

main:
        OUTB COM1 + 1, 0x00             ; IER: no interrupts
        OUTB COM1 + 3, 0x80             ; LCR: DLAB
        OUTB COM1 + 0, 0x01             ; divisor 1 = 115200 baud
        OUTB COM1 + 1, 0x00
        SHOW "dll ", COM1 + 0
        SHOW " dlm ", COM1 + 1
        OUTB COM1 + 3, 0x03             ; 8N1, DLAB off
        SHOW " lcr ", COM1 + 3
        NL
        OUTB COM1 + 2, 0xC7             ; FCR: FIFOs on, cleared, trigger 14
        SHOW "iir ", COM1 + 2
        SHOW " ier ", COM1 + 1
        OUTB COM1 + 7, 0x5A
        SHOW " scr ", COM1 + 7
        SHOW " lsr ", COM1 + 5
        NL
        OUTB COM1 + 1, 0x02             ; IER: THR empty
        SHOW "ier ", COM1 + 1
        SHOW " iir ", COM1 + 2          ; THRE pending
        SHOW " iir again ", COM1 + 2    ; cleared by the read
        OUTB COM1 + 1, 0x00
        NL
        ; loopback
        OUTB COM1 + 4, 0x1F             ; LOOP OUT2 OUT1 RTS DTR
        SHOW "mcr ", COM1 + 4
        mov dx, COM1 + 6
        in al, dx
        and al, 0xF0                    ; DCD RI DSR CTS (the delta bits depend on history)
        PRINT " msr "
        HEX8 eax
        OUTB COM1 + 0, 'Q'
        SHOW " lsr ", COM1 + 5
        mov dx, COM1 + 5
        in al, dx
        SHOW " rbr ", COM1 + 0
        SHOW " lsr ", COM1 + 5
        NL
        OUTB COM1 + 4, 0x03             ; loopback off, DTR RTS
        mov esi, text
.s:     lodsb
        test al, al
        jz .d
        mov ah, al
        mov dx, COM1 + 5
.w:     in al, dx
        test al, 0x20                   ; THR empty?
        jz .w
        mov al, ah
        mov dx, COM1
        out dx, al
        jmp .s
.d:     mov dx, COM1 + 5
.t:     in al, dx
        test al, 0x40                   ; transmitter empty
        jz .t
        PRINT "sent", 10
        EXIT 0

text:   db "hello from COM1", 10, 0
