; roundtrip: bits=16 org=0x1000
; Code only (no data), so the roundtrip test can disassemble it whole: real-mode routines
; of the kind a boot loader has, with calls, loops, string instructions and far transfers.
        bits 16
        org 0x1000

entry:  mov ax, cs
        mov ds, ax
        mov es, ax
        call clear_screen
        mov cx, 10
.again: push cx
        call print_hex_word
        pop cx
        loop .again
        call 0x2000:0x0000              ; a far call to another segment
        jmp word 0xffff:0x0000          ; and a far jump to the reset vector

; clear 80x25 text mode through ES:DI = B800:0000
clear_screen:
        push es
        mov ax, 0xb800
        mov es, ax
        xor di, di
        mov ax, 0x0720
        mov cx, 80 * 25
        cld
        rep stosw
        pop es
        ret

; print AX as four hex digits to port 0xE9
print_hex_word:
        mov cx, 4
.digit: rol ax, 4
        mov bx, ax
        and bx, 0x0f
        mov dl, [cs:bx + 0x0f00]        ; a digits table elsewhere in the segment
        push ax
        mov al, dl
        out 0xe9, al
        pop ax
        dec cx
        jnz .digit
        ret

; compare CX bytes at DS:SI and ES:DI; ZF set when equal
memcmp: push si
        push di
        repe cmpsb
        pop di
        pop si
        ret

; the interrupt handlers a real-mode program installs
int_handler:
        pusha
        push ds
        push es
        mov al, 0x20
        out 0x20, al
        pop es
        pop ds
        popa
        iret

lowlevel:
        cli
        lidt [bx]
        lgdt [bp + 6]
        smsw ax
        lmsw ax
        in al, dx
        out dx, ax
        insb
        outsw
        xlatb
        lahf
        sahf
        cbw
        cwd
        aaa
        daa
        enter 16, 0
        leave
        retf 4
