; bios/teletype.asm — a boot sector printing through INT 10h: AH=0Eh (teletype, one
; character in AL), AH=0Fh (current video mode: AL = 3, AH = 80 columns), AH=13h (write
; string, ES:BP, CX characters). Also INT 12h (conventional memory in KiB) and INT 11h.
;
; Under ringside's BIOS INT 10h output goes to port 0xE9, so the whole output is text in
; the run's output: the expectation is teletype.ringside-expected. Under QEMU's SeaBIOS the
; characters go to the (absent) screen instead, so this guest has no QEMU .expected file.
        bits 16
        org 0x7C00

start:
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x7C00
        mov si, hello
.l:     lodsb
        test al, al
        jz .d
        mov ah, 0x0E
        mov bx, 0x0007
        int 0x10
        jmp .l
.d:     mov ah, 0x0F
        int 0x10
        mov si, mode_msg
        call puts
        call hex16
        int 0x12
        mov si, mem_msg
        call puts
        call hex16
        mov ax, 0x1301                  ; write string, attribute in BL, move cursor
        mov bx, 0x0007
        mov cx, str_len
        mov dx, 0
        mov bp, str
        int 0x10
        mov al, 0
        out 0xF4, al
        cli
        hlt

puts:   push ax                         ; through INT 10h too (AX preserved)
.l:     lodsb
        test al, al
        jz .d
        mov ah, 0x0E
        int 0x10
        jmp .l
.d:     pop ax
        ret
hex16:  mov cx, 4
.l:     rol ax, 4
        push ax
        and al, 15
        add al, '0'
        cmp al, '9'
        jbe .o
        add al, 7
.o:     mov ah, 0x0E
        int 0x10
        pop ax
        loop .l
        ret

hello:    db "hello through INT 10h AH=0Eh", 10, 0
mode_msg: db "mode (AH=cols AL=mode) ", 0
mem_msg:  db 10, "INT 12h KiB ", 0
str:      db 10, "INT 10h AH=13h string", 10
str_len   equ $ - str
        times 510 - ($ - $$) db 0
        dw 0xAA55
        times 16 * 63 * 512 - ($ - $$) db 0
