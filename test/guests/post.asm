; post.asm — POST codes on port 0x80: writes never disturb the machine (QEMU ignores
; them; ringside records them). Reads of port 0x80 are not printed: what they return is
; device-specific. Also writes to an unassigned port (0x2F0) are ignored.
%include "guest.inc"

main:
        mov ecx, 0
.l:     mov al, cl
        out 0x80, al
        inc ecx
        cmp ecx, 0x100
        jb .l
        mov al, 0x55
        out 0x80, al
        mov dx, 0x2F0
        out dx, al
        PRINT "post codes written", 10
        EXIT 0x42
