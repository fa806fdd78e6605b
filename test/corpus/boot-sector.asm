; A classic boot sector: loaded at 0x7C00 by the BIOS, prints a message with INT 10h
; teletype output, reads one more sector with INT 13h, and hangs. 512 bytes, ending 55 AA.
        bits 16
        org 0x7c00

start:  cli
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x7c00
        sti
        mov [boot_drive], dl            ; the BIOS passes the boot drive in DL
        cld

        mov si, banner
        call puts

        ; read sector 2 (CHS 0/0/2) to 0000:7E00
        mov ah, 0x02
        mov al, 1
        mov ch, 0
        mov cl, 2
        mov dh, 0
        mov dl, [boot_drive]
        mov bx, 0x7e00
        int 0x13
        jc .fail
        mov si, loaded
        call puts
        jmp 0:0x7e00                    ; far jump into the loaded sector
.fail:  mov si, failed
        call puts
.hang:  hlt
        jmp .hang

; puts: print the NUL-terminated string at DS:SI
puts:   push ax
        push bx
        mov ah, 0x0e                    ; teletype output
        xor bx, bx
.next:  lodsb
        test al, al
        jz .done
        int 0x10
        jmp .next
.done:  pop bx
        pop ax
        ret

banner: db 'Ringside boot sector', 13, 10, 0
loaded: db 'sector 2 loaded', 13, 10, 0
failed: db 'disk error', 13, 10, 0
boot_drive: db 0

        times 510 - ($ - $$) db 0
        dw 0xaa55
