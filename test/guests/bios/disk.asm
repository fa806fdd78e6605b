; bios/disk.asm — a boot sector (plus data sectors) that uses INT 13h the way boot loaders
; do. Boot with any PC BIOS from this image as the first hard disk (80h). Prints through
; port 0xE9 directly (not INT 10h), and only what every BIOS answers alike:
;   DL at entry = 80h; AH=00h reset; AH=41h extensions present (BX=AA55h); AH=08h returns
;   CF clear and at least one drive; AH=02h CHS read of sectors 2..4 (cylinder 0, head 0);
;   AH=42h LBA read of LBAs 1..3 (the same sectors); both checksummed; a read from a drive
;   that is not there (81h) fails with CF set.
; The image is one cylinder of 16 heads x 63 sectors (504 KiB), so that CHS geometry
; guesses agree. Under ringside's BIOS the disk comes through the disk ports
; (src/machine/bios/README.md).
        bits 16
        org 0x7C00

start:
        cli
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x7C00
        sti
        mov [drive], dl
        call print
        db "boot dl=", 0
        mov al, dl
        call hex8
        call print
        db 10, "reset cf=", 0
        mov ah, 0x00
        mov dl, [drive]
        int 0x13
        call cf
        call print
        db 10, "ext check cf=", 0
        mov ah, 0x41
        mov bx, 0x55AA
        mov dl, [drive]
        int 0x13
        call cf
        call print
        db " bx=", 0
        mov ax, bx
        call hex16
        call print
        db 10, "params cf=", 0
        mov ah, 0x08
        mov dl, [drive]
        push es
        int 0x13
        pop es
        call cf
        call print
        db " drives>=1 ", 0
        cmp dl, 1
        setae al
        call hex8
        call print
        db 10, "chs read cf=", 0
        mov ax, 0x0203                  ; read 3 sectors
        mov cx, 0x0002                  ; cylinder 0, sector 2
        mov dh, 0
        mov dl, [drive]
        mov bx, 0x8000
        int 0x13
        call cf
        call print
        db " al=", 0
        call hex8
        call print
        db " sum ", 0
        mov si, 0x8000
        call sum3
        call print
        db 10, "lba read cf=", 0
        mov si, dap
        mov ah, 0x42
        mov dl, [drive]
        int 0x13
        call cf
        call print
        db " count=", 0
        mov ax, [dap + 2]
        call hex16
        call print
        db " sum ", 0
        mov si, 0x9000
        call sum3
        call print
        db 10, "drive 81h read cf=", 0
        mov ax, 0x0201
        mov cx, 0x0001
        mov dx, 0x0081
        mov bx, 0x8000
        int 0x13
        call cf
        call print
        db 10, 0
        mov al, 0
        out 0xF4, al
        cli
        hlt

sum3:                                   ; 16-bit sum of 3 sectors at DS:SI, printed
        xor ax, ax
        mov cx, 3 * 256
.l:     add ax, [si]
        add si, 2
        loop .l
        jmp hex16

cf:     push ax                         ; print CF as 0/1 (preserves AX)
        setc al
        call hex8
        pop ax
        ret
print:  push bp
        mov bp, sp
        push si
        push ax
        mov si, [bp + 2]
.l:     mov al, [si]
        inc si
        test al, al
        jz .d
        out 0xE9, al
        jmp .l
.d:     mov [bp + 2], si
        pop ax
        pop si
        pop bp
        ret
hex16:  xchg al, ah
        call hex8
        xchg al, ah
hex8:   push ax
        shr al, 4
        call .n
        pop ax
        push ax
        call .n
        pop ax
        ret
.n:     and al, 15
        add al, '0'
        cmp al, '9'
        jbe .o
        add al, 7
.o:     out 0xE9, al
        ret

        align 4
dap:    db 0x10, 0
        dw 3                            ; sectors
        dw 0x9000, 0                    ; buffer 0000:9000
        dq 1                            ; LBA 1 = CHS 0/0/2
drive:  db 0
        times 510 - ($ - $$) db 0
        dw 0xAA55

; sectors 1..3 (LBA): recognisable data
%assign n 1
%rep 3
%assign k 0
%rep 256
        dw n * 0x1000 + k
%assign k k+1
%endrep
%assign n n+1
%endrep
        times 16 * 63 * 512 - ($ - $$) db 0
