; cmos.asm — the MC146818 CMOS/RTC through ports 0x70 (index; bit 7 = NMI disable, not part
; of the index) and 0x71 (data): status registers A (UIP, bit 7, masked: it depends on
; timing), B and D; B written and read back (SET bit); a byte of battery-backed RAM written
; and read back; and the memory-size bytes a BIOS reads (0x30/0x31: KiB above 1 MiB,
; 0x34/0x35: 64 KiB blocks above 16 MiB; for 32 MiB: 7C00 and 0100). The time is not read.
%include "guest.inc"

%macro RD 1             ; AL = CMOS[%1]
        mov al, %1
        out 0x70, al
        in al, 0x71
%endmacro
%macro WR 2
        mov al, %1
        out 0x70, al
        mov al, %2
        out 0x71, al
%endmacro

main:
        RD 0x0A
        and al, 0x7F
        PRINT "a "
        HEX8 eax
        RD 0x0B
        PRINT " b "
        HEX8 eax
        RD 0x0D
        PRINT " d "
        HEX8 eax
        RD 0x8B                         ; NMI-disable bit set: still register B
        PRINT " b(nmi off) "
        HEX8 eax
        NL
        WR 0x0B, 0x82                   ; SET: updates stop
        RD 0x0B
        PRINT "b set "
        HEX8 eax
        WR 0x0B, 0x02
        RD 0x0B
        PRINT " b "
        HEX8 eax
        NL
        WR 0x7E, 0xA5
        RD 0x7E
        PRINT "ram "
        HEX8 eax
        WR 0x7E, 0x3C
        RD 0x7E
        PRINT " "
        HEX8 eax
        NL
        RD 0x31
        mov ah, al
        RD 0x30
        PRINT "ext mem kb "
        HEX16 eax
        RD 0x35
        mov ah, al
        RD 0x34
        PRINT " above 16m "
        HEX16 eax
        NL
        EXIT 0
