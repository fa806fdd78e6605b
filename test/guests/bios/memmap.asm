; bios/memmap.asm — a boot sector asking the BIOS about memory and the A20 gate, printing
; only what every PC BIOS reports alike for a 32 MiB machine (through port 0xE9):
;   INT 15h E820: the walk ends (EBX = 0) within 32 entries, every call returns 'SMAP' and
;   CF clear; the first entry is usable RAM at 0; some usable entry starts at 1 MiB and is
;   at least 16 MiB long; INT 15h E801: AX = 3C00h (15 MiB between 1 and 16 MiB);
;   INT 15h 88h: AX >= 3C00h;
;   INT 15h 2400h/2401h/2402h: A20 off -> FFFF:0010 aliases 0000:0000, on -> it does not.
        bits 16
        org 0x7C00

start:
        cli
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x7C00
        ; E820
        xor ebx, ebx
        xor bp, bp                      ; entries seen
        mov byte [ok_smap], 1
        mov byte [first_ok], 0
        mov byte [high_ok], 0
.e820:  mov eax, 0xE820
        mov edx, 0x534D4150
        mov ecx, 20
        mov di, 0x600
        int 0x15
        jc .bad
        cmp eax, 0x534D4150
        jne .bad
        test bp, bp
        jnz .notfirst
        cmp dword [0x600], 0
        jne .notfirst
        cmp dword [0x600 + 16], 1
        jne .notfirst
        mov byte [first_ok], 1
.notfirst:
        cmp dword [0x600], 0x100000
        jne .nothigh
        cmp dword [0x600 + 16], 1
        jne .nothigh
        cmp dword [0x600 + 8], 0x1000000
        jb .nothigh
        mov byte [high_ok], 1
.nothigh:
        inc bp
        cmp bp, 32
        ja .bad
        test ebx, ebx
        jnz .e820
        jmp .e820done
.bad:   mov byte [ok_smap], 0
.e820done:
        call print
        db "e820 calls ok ", 0
        mov al, [ok_smap]
        call hex8
        call print
        db " first usable at 0 ", 0
        mov al, [first_ok]
        call hex8
        call print
        db " usable at 1M >= 16M ", 0
        mov al, [high_ok]
        call hex8
        mov ax, 0xE801
        int 0x15
        call print
        db 10, "e801 ax=", 0
        call hex16
        mov ah, 0x88
        int 0x15
        call print
        db " int15/88 >= 3C00 ", 0
        cmp ax, 0x3C00
        setae al
        call hex8
        call print
        db 10, 0

        mov ax, 0x2400
        int 0x15
        call print
        db "a20 off cf=", 0
        call cf
        call a20
        mov ax, 0x2401
        int 0x15
        call print
        db 10, "a20 on cf=", 0
        call cf
        call a20
        call print
        db 10, 0
        mov al, 0
        out 0xF4, al
        cli
        hlt

a20:    ; print " status S wrap W"
        mov ax, 0x2402
        int 0x15
        call print
        db " status ", 0
        call hex8
        push es
        mov ax, 0xFFFF
        mov es, ax
        mov bx, [0]
        mov word [0], 0x1234
        mov word [es:0x10], 0x5678
        mov cx, [0]
        mov [0], bx
        pop es
        call print
        db " wrap ", 0
        xor al, al
        cmp cx, 0x5678
        jne .p
        inc al
.p:     jmp hex8

cf:     push ax
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

ok_smap:  db 0
first_ok: db 0
high_ok:  db 0
        times 510 - ($ - $$) db 0
        dw 0xAA55
        times 16 * 63 * 512 - ($ - $$) db 0
