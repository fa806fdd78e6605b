; pic.asm — the 8259A pair and the 8254 PIT, deterministically (no counting of ticks
; against a loop):
;  - initialize both PICs (ICW1..ICW4: vectors 0x20 and 0x28, cascade on IR2), write and
;    read back the masks (OCW1), read IRR and ISR through OCW3;
;  - PIT channel 0 in mode 0 (interrupt on terminal count) gives exactly one rising edge;
;    with IRQ0 masked the edge still shows in IRR (polled until it does);
;  - unmask IRQ0, STI; HLT: exactly one interrupt arrives, the saved EIP is the instruction
;    after HLT; in the handler ISR bit 0 is set and IRR bit 0 clear; a non-specific EOI
;    clears ISR; no second interrupt follows (mode 0 output stays high);
;  - PIT read-back status of channel 0: OUT high, count loaded, access lo/hi, mode 0.
%include "guest.inc"

%macro OUTB 2
        mov al, %2
        out %1, al
%endmacro
%macro SHOWREG 3        ; label, OCW3 value, port
        OUTB %3 & 0xF0, %2
        in al, %3 & 0xF0
        PRINT %1
        HEX8 eax
%endmacro

main:
        mov eax, 0x20
        mov ebx, irq0
        mov cx, SEL_CODE0
        mov dl, 0x8E
        call idt_set

        ; PIT channel 0: mode 0, lo/hi, count 0x4000 (about 14 ms).
        OUTB 0x43, 0x30
        OUTB 0x40, 0x00
        OUTB 0x40, 0x40

        ; PICs: ICW1 (edge, cascade, ICW4), ICW2 vector base, ICW3 wiring, ICW4 8086 mode.
        OUTB 0x20, 0x11
        OUTB 0xA0, 0x11
        OUTB 0x21, 0x20
        OUTB 0xA1, 0x28
        OUTB 0x21, 0x04
        OUTB 0xA1, 0x02
        OUTB 0x21, 0x01
        OUTB 0xA1, 0x01
        OUTB 0x21, 0xFF
        OUTB 0xA1, 0xFF
        PRINT "imr "
        in al, 0x21
        HEX8 eax
        PRINT " "
        in al, 0xA1
        HEX8 eax
        OUTB 0x21, 0xA5
        OUTB 0xA1, 0x5A
        PRINT " -> "
        in al, 0x21
        HEX8 eax
        PRINT " "
        in al, 0xA1
        HEX8 eax
        NL
        OUTB 0x21, 0xFF
        OUTB 0xA1, 0xFF
        SHOWREG "isr ", 0x0B, 0x20
        SHOWREG " slave isr ", 0x0B, 0xA0
        SHOWREG " slave irr ", 0x0A, 0xA0
        NL

        ; wait for the terminal count edge to latch into IRR (IRQ0 masked)
        OUTB 0x20, 0x0A
.poll:  in al, 0x20
        test al, 1
        jz .poll
        PRINT "irr after terminal count "
        HEX8 eax
        NL

        OUTB 0x21, 0xFE                 ; unmask IRQ0
        sti
        hlt
after_hlt:
        cli
        PRINT "ticks "
        HEX8 [ticks]
        PRINT " saved eip after hlt "
        mov eax, [saved_eip]
        cmp eax, after_hlt
        sete al
        HEX8 eax
        NL
        ; interrupts on for a while: nothing more may arrive
        sti
        mov ecx, 20000
.w:     loop .w
        cli
        PRINT "ticks later "
        HEX8 [ticks]
        NL
        SHOWREG "isr ", 0x0B, 0x20
        SHOWREG " irr ", 0x0A, 0x20
        NL
        ; read-back: status of channel 0 (count not latched)
        OUTB 0x43, 0xE2
        in al, 0x40
        PRINT "pit status "
        HEX8 eax
        NL
        EXIT 0

irq0:
        push eax
        push ebp
        lea ebp, [esp + 8]
        mov eax, [ebp]
        mov [saved_eip], eax
        inc dword [ticks]
        SHOWREG "in handler: isr ", 0x0B, 0x20
        SHOWREG " irr ", 0x0A, 0x20
        OUTB 0x20, 0x20                 ; non-specific EOI
        SHOWREG " after eoi: isr ", 0x0B, 0x20
        NL
        pop ebp
        pop eax
        iretd

ticks:     dd 0
saved_eip: dd 0
