; bios.asm — Ringside's virtual BIOS for `--boot bios`, written from scratch.
;
; A 64 KiB image mapped at F0000-FFFFF (and at the top of 4 GiB); the CPU starts at the
; reset vector F000:FFF0 in real mode. The BIOS
;   - sets up the interrupt vector table and the BIOS data area (BDA),
;   - programs the two 8259 PICs (IRQ 0-7 -> vectors 08h-0Fh, IRQ 8-15 -> 70h-77h) and
;     the PIT (channel 0, 18.2 Hz, counted in the BDA at 0040:006C),
;   - offers INT 10h (teletype output), INT 13h (disk), INT 15h (memory map, A20),
;     INT 16h (keyboard: never a key), INT 1Ah (ticks, RTC),
;   - reads sector 0 of disk 80h to 0000:7C00, checks the 55AA signature and jumps to it
;     with DL = 80h.
; Under `bin/ringside run --boot bios --disk IMAGE`. Assemble: nasm -f bin bios.asm.
;
; ---- Console --------------------------------------------------------------------------------
; INT 10h AH=0Eh writes AL to port 0xE9 only (the debug console). It does NOT also write
; COM1: `ringside run` sends both port 0xE9 and COM1 to standard output, so writing both
; would print every character twice. A guest that wants the serial line programs COM1
; itself. AH=13h (write string) goes the same way. Mode and cursor calls answer as an
; 80x25 text mode 3 would, without a screen.
;
; ---- The disk port interface (implemented by the machine) ------------------------------------
; A tiny programmed-I/O block device for disk 80h at I/O ports 0x4E0-0x4EB:
;   0x4E0  dword  R/W  LBA of the sector to transfer (sectors are 512 bytes)
;   0x4E4  byte   W    command: 01h = read sector LBA into the buffer,
;                                02h = write the buffer to sector LBA
;                 R    status:  00h = ready, last command succeeded
;                               01h = last command failed (LBA past the end, no image)
;                      (a machine without this device floats the bus: reads give FFh)
;   0x4E6  word   R/W  data: 256 word reads (or writes) move the 512-byte buffer, in order;
;                      a command resets the buffer position to 0
;   0x4E8  dword  R    disk size in sectors (0 = no image attached; FFFFFFFFh = no device)
; Everything is synchronous: a command completes before the OUT returns.
; See README.md beside this file.
;
; ---- INT 13h geometry ---------------------------------------------------------------------
; CHS calls see a fixed translation: 16 heads, 63 sectors per track, cylinders = size /
; (16 * 63) rounded up (at least 1, at most 1024).
;
; ---- No disk device ---------------------------------------------------------------------------
; When the disk ports float (under QEMU with -bios, for instance) the BIOS runs a self-test
; of its own services instead of booting: it prints the E820 map and the A20 checks through
; INT 10h, then ends the run with a write of 7Eh to port 0xF4 (isa-debug-exit: exit status
; 0xFD). With a device but no bootable sector it prints why and halts.

        bits 16
        org 0

DISK_LBA    equ 0x4E0
DISK_CMD    equ 0x4E4
DISK_STATUS equ 0x4E4
DISK_DATA   equ 0x4E6
DISK_SIZE   equ 0x4E8

HEADS equ 16
SPT   equ 63

BDA_SEG equ 0x40

; BDA offsets (segment 40h)
BDA_EQUIP   equ 0x10
BDA_MEMKB   equ 0x13
BDA_EBDA    equ 0x0E
BDA_MODE    equ 0x49
BDA_COLS    equ 0x4A
BDA_TICKS   equ 0x6C
BDA_MIDNITE equ 0x70
BDA_NDISKS  equ 0x75

EBDA_SEG equ 0x9FC0

; ============================================================================================
reset:
        cli
        cld
        xor ax, ax
        mov ss, ax
        mov sp, 0x7C00
        mov ds, ax
        mov es, ax
        mov al, 0x01
        out 0x80, al                    ; POST 01: started

        ; IVT: every vector -> a plain IRET, then the ones we serve.
        xor di, di
        mov cx, 256
.ivt:   mov ax, dummy_iret
        stosw
        mov ax, 0xF000
        stosw
        loop .ivt
        mov si, vectors
.vec:   cs lodsw                        ; vector number (FFFF ends)
        cmp ax, 0xFFFF
        je .vdone
        mov di, ax
        shl di, 2
        cs lodsw
        mov [di], ax
        mov word [di + 2], 0xF000
        jmp .vec
.vdone:
        ; BIOS data area and the EBDA
        mov di, 0x400
        xor ax, ax
        mov cx, 0x80
        rep stosw
        mov ax, BDA_SEG
        mov ds, ax
        mov word [BDA_EQUIP], 0x0020    ; initial video 80x25 colour; no floppy, no FPU
        mov word [BDA_MEMKB], 639
        mov word [BDA_EBDA], EBDA_SEG
        mov byte [BDA_MODE], 3
        mov word [BDA_COLS], 80
        mov byte [BDA_NDISKS], 1
        mov ax, EBDA_SEG
        mov es, ax
        xor di, di
        xor ax, ax
        mov cx, 0x200
        rep stosw
        mov byte [es:0], 1              ; EBDA size in KiB
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov al, 0x02
        out 0x80, al                    ; POST 02: tables ready

        call pic_init
        call pit_init
        mov al, 0x03
        out 0x80, al                    ; POST 03: devices ready

        ; The disk: does the device exist, and is there an image?
%ifdef EMBED_DISK
        call disk_size
%else
        mov dx, DISK_SIZE
        in eax, dx
%endif
        cmp eax, 0xFFFFFFFF
        je selftest
        test eax, eax
        jz .nodisk
        ; read LBA 0 to 0000:7C00
        xor eax, eax
        mov bx, 0x7C00
        call disk_read_lba
        jc .readerr
        cmp word [0x7DFE], 0xAA55
        jne .nosig
        mov al, 0x04
        out 0x80, al                    ; POST 04: booting
        xor ax, ax
        xor bx, bx
        xor cx, cx
        xor si, si
        xor di, di
        xor bp, bp
        mov dx, 0x0080
        sti
        jmp 0x0000:0x7C00

.nodisk:
        mov si, msg_noimage
        jmp .stop
.readerr:
        mov si, msg_readerr
        jmp .stop
.nosig:
        mov si, msg_nosig
.stop:  call print
        mov al, 0xEE
        out 0x80, al
        cli
.h:     hlt
        jmp .h

; ============================================================================================
; Self-test (no disk device): exercise INT 10h, INT 15h E820/E801/88h/24xxh through the IVT.
selftest:
        sti
        mov si, msg_selftest
        call print
        ; E820 walk
        xor ebx, ebx
        mov di, 0x600                   ; buffer at 0000:0600
.e820:  mov eax, 0xE820
        mov edx, 0x534D4150
        mov ecx, 24
        int 0x15
        jc .e820bad
        cmp eax, 0x534D4150
        jne .e820bad
        push ebx
        mov si, msg_e820
        call print
        mov eax, [di + 4]
        call hex32
        mov eax, [di]
        call hex32
        call space
        mov eax, [di + 12]
        call hex32
        mov eax, [di + 8]
        call hex32
        call space
        mov eax, [di + 16]
        call hex8
        call newline
        pop ebx
        test ebx, ebx
        jnz .e820
        jmp .e801
.e820bad:
        mov si, msg_fail
        call print
.e801:  mov ax, 0xE801
        int 0x15
        mov si, msg_e801
        call print
        call hex16
        call space
        mov ax, bx
        call hex16
        call newline
        mov ah, 0x88
        int 0x15
        mov si, msg_88
        call print
        call hex16
        call newline
        ; A20 through INT 15h: disable, observe the wrap at 1 MiB, enable, observe none.
        mov ax, 0x2400
        int 0x15
        call a20_report
        mov ax, 0x2401
        int 0x15
        call a20_report
        mov ax, 0x2403
        int 0x15
        mov si, msg_a20sup
        call print
        mov ax, bx
        call hex16
        call newline
        ; INT 13h without a device: a read fails with CF set.
        mov ax, 0x0201
        mov cx, 0x0001
        mov dx, 0x0080
        mov bx, 0x800
        int 0x13
        mov si, msg_int13
        call print
        mov al, ah
        call hex8
        call newline
        mov si, msg_done
        call print
        mov al, 0x7E
        out 0xF4, al
        cli
.h:     hlt
        jmp .h

; Print "a20 status S wrap W": status from INT 15h AX=2402h; wrap = FFFF:0010 aliases 0:0000.
a20_report:
        mov ax, 0x2402
        int 0x15
        mov si, msg_a20
        call print
        call hex8
        push ds
        push es
        xor ax, ax
        mov ds, ax
        mov ax, 0xFFFF
        mov es, ax
        mov bx, [0x0000]                ; save 0:0000 (the INT 0 vector)
        mov word [0x0000], 0x1234
        mov word [es:0x0010], 0x5678    ; linear 0x100000, or 0x000000 with A20 off
        mov cx, [0x0000]
        mov [0x0000], bx
        pop es
        pop ds
        mov si, msg_wrap
        call print
        xor al, al
        cmp cx, 0x5678
        jne .p
        inc al
.p:     call hex8
        jmp newline

; ============================================================================================
; Devices
pic_init:
        mov al, 0x11                    ; ICW1: edge, cascade, ICW4
        out 0x20, al
        out 0xA0, al
        mov al, 0x08                    ; ICW2: IRQ 0-7 -> 08h-0Fh
        out 0x21, al
        mov al, 0x70                    ; IRQ 8-15 -> 70h-77h
        out 0xA1, al
        mov al, 0x04                    ; ICW3: slave on IR2
        out 0x21, al
        mov al, 0x02
        out 0xA1, al
        mov al, 0x01                    ; ICW4: 8086 mode
        out 0x21, al
        out 0xA1, al
        mov al, 0xFA                    ; unmask IRQ 0 (timer) and IRQ 2 (cascade)
        out 0x21, al
        mov al, 0xFF
        out 0xA1, al
        ret

pit_init:
        mov al, 0x36                    ; channel 0, lo/hi, mode 3, binary
        out 0x43, al
        xor al, al                      ; divisor 65536: 18.2 Hz
        out 0x40, al
        out 0x40, al
        ret

%ifdef EMBED_DISK
; ---- Test build: nasm -DEMBED_DISK='"image"' — the first EMBED_SECTORS sectors of a disk
; image are carried inside the ROM and stand in for the disk ports, so that the boot path
; and INT 13h can be tried under QEMU (which has no such ports). Sectors past those read
; as zeros; writes are refused; the size reported is the image's, up to EMBED_TOTAL.
%ifndef EMBED_SECTORS
%define EMBED_SECTORS 8
%endif
%ifndef EMBED_TOTAL
%define EMBED_TOTAL 1008
%endif
disk_read_lba:
        push si
        push di
        push cx
        push ds
        mov di, bx
        cmp eax, EMBED_TOTAL
        jae .err
        mov cx, 256
        cmp eax, EMBED_SECTORS
        jae .zero
        mov si, ax
        shl si, 9
        add si, embedded
        push cs
        pop ds
        rep movsw
        jmp .ok
.zero:  push ax
        xor ax, ax
        rep stosw
        pop ax
.ok:    clc
        jmp .r
.err:   stc
.r:     pop ds
        pop cx
        pop di
        pop si
        ret
disk_write_lba:
        stc
        ret
disk_size:
        mov eax, EMBED_TOTAL
        ret
embedded:
        incbin EMBED_DISK, 0, EMBED_SECTORS * 512
%else
; disk_read_lba: EAX = LBA, ES:BX = buffer (512 bytes). CF set on error.
disk_read_lba:
        push dx
        push cx
        push di
        mov dx, DISK_LBA
        out dx, eax
        mov dx, DISK_CMD
        mov al, 1
        out dx, al
        in al, dx
        test al, al
        jnz .err
        mov dx, DISK_DATA
        mov di, bx
        mov cx, 256
        rep insw
        clc
        jmp .r
.err:   stc
.r:     pop di
        pop cx
        pop dx
        ret

; disk_write_lba: EAX = LBA, ES:BX = buffer. CF set on error.
disk_write_lba:
        push dx
        push cx
        push si
        push ds
        mov dx, DISK_LBA
        out dx, eax
        push es
        pop ds
        mov si, bx
        mov dx, DISK_DATA
        mov cx, 256
        rep outsw
        pop ds
        mov dx, DISK_CMD
        mov al, 2
        out dx, al
        in al, dx
        test al, al
        jnz .err
        clc
        jmp .r
.err:   stc
.r:     pop si
        pop cx
        pop dx
        ret

; disk_size: EAX = sectors (0 if no device or no image)
disk_size:
        push dx
        mov dx, DISK_SIZE
        in eax, dx
        pop dx
        cmp eax, 0xFFFFFFFF
        jne .r
        xor eax, eax
.r:     ret

%endif

; cylinders: EAX = number of cylinders of the translated geometry (1..1024)
cylinders:
        push edx
        push ecx
        call disk_size
        add eax, HEADS * SPT - 1
        xor edx, edx
        mov ecx, HEADS * SPT
        div ecx
        cmp eax, 1
        jae .lo
        mov eax, 1
.lo:    cmp eax, 1024
        jbe .r
        mov eax, 1024
.r:     pop ecx
        pop edx
        ret

; ============================================================================================
; Output
putc:                                   ; AL
        out 0xE9, al
        ret
print:                                  ; CS:SI, zero-terminated
        push ax
.l:     cs lodsb
        test al, al
        jz .d
        mov ah, 0x0E
        int 0x10
        jmp .l
.d:     pop ax
        ret
newline:
        push ax
        mov ax, 0x0E0A
        int 0x10
        pop ax
        ret
space:
        push ax
        mov ax, 0x0E20
        int 0x10
        pop ax
        ret
hex32:  ror eax, 16
        call hex16
        ror eax, 16
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
.o:     push ax
        mov ah, 0x0E
        int 0x10
        pop ax
        ret

; ============================================================================================
; Interrupt services. Results in the caller's FLAGS (CF) are set through the IRET frame:
; after the handler's pushes, [bp + 6] is the caller's FLAGS word (bp = sp after push bp).
%macro SET_CF 0
        or word [bp + 6], 1
%endmacro
%macro CLEAR_CF 0
        and word [bp + 6], ~1
%endmacro

dummy_iret:
        iret

; ---- IRQ handlers ----------------------------------------------------------------------------
irq0:                                   ; INT 08h: timer tick
        push ds
        push ax
        mov ax, BDA_SEG
        mov ds, ax
        add word [BDA_TICKS], 1
        adc word [BDA_TICKS + 2], 0
        cmp word [BDA_TICKS + 2], 0x18  ; 0x1800B0 ticks = 24 hours
        jb .n
        cmp word [BDA_TICKS], 0xB0
        jb .n
        mov word [BDA_TICKS], 0
        mov word [BDA_TICKS + 2], 0
        mov byte [BDA_MIDNITE], 1
.n:     int 0x1C                        ; user timer hook
        mov al, 0x20
        out 0x20, al
        pop ax
        pop ds
        iret

irq_master:                             ; other master IRQs: acknowledge
        push ax
        mov al, 0x20
        out 0x20, al
        pop ax
        iret
irq_slave:                              ; slave IRQs: acknowledge both
        push ax
        mov al, 0x20
        out 0xA0, al
        out 0x20, al
        pop ax
        iret

; ---- INT 10h: video (text output to port 0xE9) --------------------------------------------------
int10:
        cmp ah, 0x0E
        je .tty
        cmp ah, 0x0F
        je .getmode
        cmp ah, 0x03
        je .getcursor
        cmp ah, 0x13
        je .string
        iret                            ; everything else: accepted, nothing to do
.tty:   out 0xE9, al
        iret
.getmode:
        mov ax, 0x5003                  ; 80 columns, mode 3
        mov bh, 0
        iret
.getcursor:
        xor cx, cx                      ; (no cursor shape)
        xor dx, dx                      ; row 0, column 0
        iret
.string:                                ; ES:BP = string, CX = length; AL bit 1: with attributes
        push si
        push cx
        push ax
        mov si, bp
        jcxz .sd
.sl:    mov al, [es:si]
        out 0xE9, al
        inc si
        test byte [esp], 2              ; (AL as pushed) string holds char/attribute pairs
        jz .sn
        inc si
.sn:    loop .sl
.sd:    pop ax
        pop cx
        pop si
        iret

; ---- INT 13h: disk ------------------------------------------------------------------------------
int13:
        push bp
        mov bp, sp
        cmp dl, 0x80
        jne .baddrive
        cmp ah, 0x00
        je .ok                          ; reset
        cmp ah, 0x01
        je .status
        cmp ah, 0x02
        je .read_chs
        cmp ah, 0x03
        je .write_chs
        cmp ah, 0x08
        je .params
        cmp ah, 0x15
        je .type
        cmp ah, 0x41
        je .ext_check
        cmp ah, 0x42
        je .ext_read
        cmp ah, 0x43
        je .ext_write
        cmp ah, 0x48
        je .ext_params
        mov ah, 0x01                    ; invalid function
        jmp .fail
.baddrive:
        mov ah, 0x01
        jmp .fail
.ok:    xor ah, ah
.okah:  CLEAR_CF
        pop bp
        iret
.fail:  SET_CF
        pop bp
        iret
.status:
        xor ah, ah
        jmp .okah

; AH=02h/03h: AL = count, CH = cylinder (low 8), CL = sector (bits 0-5) | cylinder bits 8-9
; (bits 6-7), DH = head, ES:BX = buffer. Returns AL = sectors transferred.
.read_chs:
        push word disk_read_lba
        jmp .chs
.write_chs:
        push word disk_write_lba
.chs:   push ebx
        push ecx
        push edx
        push si
        push di
        test al, al
        jz .chs_bad
        movzx di, al                    ; DI = sectors to transfer
        movzx esi, cl
        and si, 0x3F                    ; sector, 1-based
        jz .chs_bad
        cmp si, SPT
        ja .chs_bad
        movzx eax, cl
        shl ax, 2
        and ax, 0x300
        mov al, ch                      ; EAX = cylinder (CL bits 7-6 : CH)
        movzx edx, dh                   ; EDX = head
        cmp dx, HEADS
        jae .chs_bad
        imul eax, eax, HEADS            ; LBA = (cylinder * HEADS + head) * SPT + sector - 1
        add eax, edx
        imul eax, eax, SPT
        add eax, esi
        dec eax
        mov cx, di                      ; sectors to go
        xor si, si                      ; sectors done
.chs_loop:
        call [bp - 2]                   ; read or write one sector at EAX to ES:BX
        jc .chs_err
        inc si
        inc eax
        add bx, 512
        jnc .chs_next
        mov dx, es                      ; crossed 64 KiB: move ES on
        add dx, 0x1000
        mov es, dx
.chs_next:
        loop .chs_loop
        mov ax, si                      ; AL = count, AH = 0
        pop di
        pop si
        pop edx
        pop ecx
        pop ebx
        add sp, 2
        jmp .ok_keep_al
.chs_err:
        mov ax, si
        mov ah, 0x04                    ; sector not found
        jmp .chs_out
.chs_bad:
        mov ax, 0x0100                  ; invalid parameter, 0 transferred
.chs_out:
        pop di
        pop si
        pop edx
        pop ecx
        pop ebx
        add sp, 2
        jmp .fail
.ok_keep_al:
        xor ah, ah
        jmp .okah

; AH=08h: CH/CL = max cylinder/sector, DH = max head, DL = drives, BL = 0, ES:DI = 0
.params:
        call cylinders
        dec ax                          ; max cylinder
        mov ch, al
        mov cl, ah
        shl cl, 6
        or cl, SPT
        mov dh, HEADS - 1
        mov dl, 1
        xor bl, bl
        push 0
        pop es
        xor di, di
        xor ax, ax
        jmp .okah

; AH=15h: AH = 3 (fixed disk), CX:DX = sectors
.type:
        call disk_size
        mov dx, ax
        shr eax, 16
        mov cx, ax
        mov ah, 0x03
        CLEAR_CF
        pop bp
        iret

; AH=41h: BX = 55AAh in -> AA55h out, AH = 30h (version 3.0), CX = 1 (packet calls)
.ext_check:
        cmp bx, 0x55AA
        jne .baddrive
        mov bx, 0xAA55
        mov ah, 0x30
        mov cx, 1
        jmp .okah

; AH=42h/43h: DS:SI = disk address packet: size (10h), 0, count (word), buffer offset,
; buffer segment, LBA (qword). The count is updated to the sectors transferred.
.ext_read:
        push word disk_read_lba
        jmp .ext
.ext_write:
        push word disk_write_lba
.ext:   push eax
        push ebx
        push ecx
        push edx
        push es
        cmp byte [si], 0x10
        jb .ext_bad
        cmp dword [si + 12], 0          ; LBAs beyond 2^32 sectors: no
        jne .ext_bad
        mov cx, [si + 2]                ; count
        mov bx, [si + 4]                ; buffer offset
        mov es, [si + 6]                ; buffer segment
        mov eax, [si + 8]               ; LBA
        mov word [si + 2], 0
        jcxz .ext_done
.ext_loop:
        call [bp - 2]                   ; one sector at EAX <-> ES:BX
        jc .ext_err
        inc word [si + 2]
        inc eax
        add bx, 512
        jnc .ext_next
        mov dx, es                      ; crossed 64 KiB: move ES on
        add dx, 0x1000
        mov es, dx
.ext_next:
        loop .ext_loop
.ext_done:
        pop es
        pop edx
        pop ecx
        pop ebx
        pop eax
        add sp, 2
        jmp .ok
.ext_err:
        mov dl, 0x04                    ; sector not found
        jmp .ext_out
.ext_bad:
        mov dl, 0x01                    ; invalid parameter
.ext_out:
        pop es
        mov ah, dl
        pop edx
        pop ecx
        pop ebx
        mov [bp - 8], ah                ; (keep AH across POP EAX: stash in the dead slot)
        pop eax
        mov ah, [bp - 8]
        add sp, 2
        jmp .fail

; AH=48h: DS:SI = result buffer (size word first): fill the 1Ah-byte v1.x table.
.ext_params:
        push eax
        cmp word [si], 0x1A
        jb .ext_bad2
        mov word [si], 0x1A
        mov word [si + 2], 0x0002       ; flags: CHS information valid
        call cylinders
        mov [si + 4], eax
        mov dword [si + 8], HEADS
        mov dword [si + 12], SPT
        call disk_size
        mov [si + 16], eax
        mov dword [si + 20], 0
        mov word [si + 24], 512
        pop eax
        jmp .ok
.ext_bad2:
        pop eax
        mov ah, 0x01
        jmp .fail

; ---- INT 15h: system services ------------------------------------------------------------------
int15:
        push bp
        mov bp, sp
        cmp eax, 0xE820
        je .e820
        cmp ax, 0xE801
        je .e801
        cmp ah, 0x88
        je .ext88
        cmp ax, 0x2400
        je .a20off
        cmp ax, 0x2401
        je .a20on
        cmp ax, 0x2402
        je .a20status
        cmp ax, 0x2403
        je .a20support
        mov ah, 0x86                    ; function not supported
.fail:  SET_CF
        pop bp
        iret
.ok:    CLEAR_CF
        pop bp
        iret

; E820: EBX = continuation (entry index), ES:DI = buffer, ECX = its size (>= 20),
; EDX = 'SMAP'. Returns EAX = 'SMAP', ECX = 20, EBX = next index or 0 after the last.
.e820:
        cmp edx, 0x534D4150
        jne .e820bad
        cmp ecx, 20
        jb .e820bad
        cmp ebx, E820_COUNT
        jae .e820bad
        push si
        push edx
        mov si, bx
        imul si, si, 20
        add si, e820_table
        ; copy the fixed entry: base (8), length (8), type (4)
        mov eax, [cs:si]
        mov [es:di], eax
        mov eax, [cs:si + 4]
        mov [es:di + 4], eax
        mov eax, [cs:si + 8]
        mov [es:di + 8], eax
        mov eax, [cs:si + 12]
        mov [es:di + 12], eax
        mov eax, [cs:si + 16]
        mov [es:di + 16], eax
        cmp bx, E820_RAM_ENTRY          ; the RAM above 1 MiB: length from CMOS
        jne .e820n
        call ram_above_1m
        mov [es:di + 8], eax
.e820n: pop edx
        pop si
        inc ebx
        cmp ebx, E820_COUNT
        jb .e820more
        xor ebx, ebx
.e820more:
        mov eax, 0x534D4150
        mov ecx, 20
        jmp .ok
.e820bad:
        mov ah, 0x86
        jmp .fail

; E801: AX = CX = KiB from 1 MiB to 16 MiB (max 3C00h), BX = DX = 64 KiB blocks above 16 MiB
.e801:
        push ecx
        call ram_above_1m
        shr eax, 10                     ; KiB above 1 MiB
        cmp eax, 0x3C00
        jbe .e801a
        mov ecx, eax
        sub ecx, 0x3C00
        shr ecx, 6                      ; 64 KiB blocks above 16 MiB
        mov bx, cx
        mov ax, 0x3C00
        jmp .e801b
.e801a: xor bx, bx
.e801b: pop ecx
        mov cx, ax
        mov dx, bx
        jmp .ok

; 88h: AX = KiB above 1 MiB (CMOS 30h/31h, at most 0FFFFh)
.ext88:
        mov al, 0x31
        call cmos_read
        mov ah, al
        mov al, 0x30
        call cmos_read
        jmp .ok

.a20off:
        in al, 0x92
        and al, ~3
        out 0x92, al
        xor ah, ah
        jmp .ok
.a20on:
        in al, 0x92
        and al, ~1
        or al, 2
        out 0x92, al
        xor ah, ah
        jmp .ok
.a20status:
        in al, 0x92
        shr al, 1
        and al, 1
        xor ah, ah
        jmp .ok
.a20support:
        mov bx, 0x0002                  ; supported through port 92h
        xor ah, ah
        jmp .ok

; ram_above_1m: EAX = bytes of RAM from 1 MiB up, from CMOS: 34h/35h (64 KiB blocks above
; 16 MiB) when nonzero, else 30h/31h (KiB above 1 MiB).
ram_above_1m:
        push ecx
        mov al, 0x35
        call cmos_read
        mov ah, al
        mov al, 0x34
        call cmos_read
        movzx eax, ax
        test eax, eax
        jz .small
        shl eax, 16
        add eax, (16 - 1) << 20
        jmp .r
.small: mov al, 0x31
        call cmos_read
        mov ah, al
        mov al, 0x30
        call cmos_read
        movzx eax, ax
        shl eax, 10
.r:     pop ecx
        ret

cmos_read:                              ; AL = index -> AL = value
        out 0x70, al
        in al, 0x71
        ret

        align 4
; base, length, type: the fixed map (entry E820_RAM_ENTRY's length comes from CMOS)
e820_table:
        dq 0x00000000, 0x0009FC00
        dd 1                            ; conventional memory
        dq 0x0009FC00, 0x00000400
        dd 2                            ; EBDA
        dq 0x000F0000, 0x00010000
        dd 2                            ; this BIOS
        dq 0x00100000, 0
        dd 1                            ; RAM above 1 MiB
        dq 0xFFFF0000, 0x00010000
        dd 2                            ; this BIOS again, at the top of 4 GiB
E820_COUNT     equ 5
E820_RAM_ENTRY equ 3

; ---- INT 16h: keyboard (there is never a key) --------------------------------------------------
int16:
        cmp ah, 0x00
        je .wait
        cmp ah, 0x10
        je .wait
        cmp ah, 0x01
        je .none
        cmp ah, 0x11
        je .none
        cmp ah, 0x02
        je .shift
        cmp ah, 0x12
        je .shift
        iret
.wait:  sti                             ; wait for a key that never comes
        hlt
        jmp .wait
.none:  push bp                         ; ZF set: no key available
        mov bp, sp
        or word [bp + 6], 0x40
        pop bp
        iret
.shift: xor ax, ax
        iret

; ---- INT 1Ah: time -----------------------------------------------------------------------------
int1a:
        push bp
        mov bp, sp
        cmp ah, 0x00
        je .ticks
        cmp ah, 0x02
        je .time
        cmp ah, 0x04
        je .date
        SET_CF
        pop bp
        iret
.ticks: push ds
        mov ax, BDA_SEG
        mov ds, ax
        cli
        mov dx, [BDA_TICKS]
        mov cx, [BDA_TICKS + 2]
        mov al, [BDA_MIDNITE]
        mov byte [BDA_MIDNITE], 0
        sti
        pop ds
        CLEAR_CF
        pop bp
        iret
.time:  mov al, 0x04                    ; hours, minutes, seconds (BCD) from the RTC
        call cmos_read
        mov ch, al
        mov al, 0x02
        call cmos_read
        mov cl, al
        mov al, 0x00
        call cmos_read
        mov dh, al
        xor dl, dl
        CLEAR_CF
        pop bp
        iret
.date:  mov al, 0x32                    ; century, year, month, day
        call cmos_read
        mov ch, al
        mov al, 0x09
        call cmos_read
        mov cl, al
        mov al, 0x08
        call cmos_read
        mov dh, al
        mov al, 0x07
        call cmos_read
        mov dl, al
        CLEAR_CF
        pop bp
        iret

; ---- INT 11h/12h/19h ----------------------------------------------------------------------------
int11:                                  ; equipment word
        push ds
        mov ax, BDA_SEG
        mov ds, ax
        mov ax, [BDA_EQUIP]
        pop ds
        iret
int12:                                  ; conventional memory in KiB
        push ds
        mov ax, BDA_SEG
        mov ds, ax
        mov ax, [BDA_MEMKB]
        pop ds
        iret
int19:                                  ; bootstrap: start over
        jmp 0xF000:reset

; vector, handler pairs
vectors:
        dw 0x08, irq0
%assign v 0x09
%rep 7
        dw v, irq_master
%assign v v+1
%endrep
%assign v 0x70
%rep 8
        dw v, irq_slave
%assign v v+1
%endrep
        dw 0x10, int10
        dw 0x11, int11
        dw 0x12, int12
        dw 0x13, int13
        dw 0x15, int15
        dw 0x16, int16
        dw 0x19, int19
        dw 0x1A, int1a
        dw 0xFFFF

msg_selftest: db "ringside bios: no disk device at ports 4E0h-4EBh; self-test", 10, 0
msg_e820:     db "e820 ", 0
msg_e801:     db "e801 ", 0
msg_88:       db "int15/88 ", 0
msg_a20:      db "a20 ", 0
msg_wrap:     db " wrap ", 0
msg_a20sup:   db "a20 support ", 0
msg_int13:    db "int13 read, no device: ah=", 0
msg_fail:     db "e820 failed", 10, 0
msg_done:     db "ringside bios: self-test done", 10, 0
msg_noimage:  db "ringside bios: no disk image (use --disk IMAGE)", 10, 0
msg_readerr:  db "ringside bios: cannot read the boot sector", 10, 0
msg_nosig:    db "ringside bios: no boot signature 55AA in the boot sector", 10, 0

; ---- the reset vector -------------------------------------------------------------------------
        times 0xFFF0 - ($ - $$) db 0xFF
        jmp 0xF000:reset
        db "RINGSIDE"                   ; (where a BIOS date usually sits)
        times 0x10000 - ($ - $$) db 0xFF
