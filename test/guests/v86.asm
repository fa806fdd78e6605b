; v86.asm — virtual-8086 mode:
;  - entered by IRETD from ring 0 with EFLAGS.VM set (segment registers from the frame);
;  - real-mode style addressing: segment*16 + offset, FFFF:0010 reaches 0x100000 (no
;    wrap, A20 on), PUSHF shows IOPL;
;  - with IOPL 3: CLI/STI/PUSHF/POPF run; INT n goes through a DPL-3 IDT gate to a ring-0
;    monitor that sees VM in EFLAGS, the v86 segment registers in its frame and null
;    data segment registers; IN/OUT follow the TSS I/O bitmap only (port 0x80 is denied:
;    #GP(0), port 0xE9 is allowed);
;  - with IOPL 0: CLI, STI, PUSHF, POPF, INT n and IRET raise #GP(0) to the monitor.
%include "guest.inc"

V86_BASE equ 0x8000
V86_SEG  equ 0x0800
MBOX     equ 0x7F00         ; mailbox shared with the monitor: site, resume, count, exit
%define V(x) ((x) - v86_code)

main:
        mov esi, v86_code
        mov edi, V86_BASE
        mov ecx, v86_end - v86_code
        rep movsb
        mov dword [MBOX + 12], 0
        mov eax, 0x30
        mov ebx, mon_int30
        mov cx, SEL_CODE0
        mov dl, 0xEE                    ; interrupt gate, DPL 3
        call idt_set
        mov eax, 0x33
        mov ebx, mon_exit
        call idt_set
        mov dword [exc_hook], v86_hook

        PRINT "enter v86, iopl 3", 10
        push dword 0                    ; gs
        push dword 0                    ; fs
        push dword V86_SEG              ; ds
        push dword 0x1234               ; es
        push dword V86_SEG              ; ss
        push dword 0xFFF0               ; sp
        push dword EFL_VM | 0x3002      ; eflags: VM, IOPL 3
        push dword V86_SEG              ; cs
        push dword V(v86_phase1)        ; ip
        iretd

phase2:
        PRINT "enter v86, iopl 0", 10
        push dword 0
        push dword 0
        push dword V86_SEG
        push dword V86_SEG
        push dword V86_SEG
        push dword 0xFFF0
        push dword EFL_VM | 0x0002      ; IOPL 0
        push dword V86_SEG
        push dword V(v86_phase2)
        iretd

done:
        PRINT "back in ring 0", 10
        EXIT 0

; INT 0x30 from v86 (IOPL 3): print what the monitor sees, return.
mon_int30:
        push ebp
        mov ebp, esp
        push eax
        mov eax, ds                     ; the CPU cleared DS..GS on entry from v86
        push eax
        mov ax, SEL_DATA0
        mov ds, ax
        pop eax
        PRINT "monitor: ds="
        HEX16 eax
        PRINT " ip="
        HEX16 [ebp + 4]
        PRINT " cs="
        HEX16 [ebp + 8]
        PRINT " vm="
        mov eax, [ebp + 12]
        shr eax, 17
        and eax, 1
        HEX8 eax
        PRINT " sp="
        HEX16 [ebp + 16]
        PRINT " ss="
        HEX16 [ebp + 20]
        PRINT " es="
        HEX16 [ebp + 24]
        PRINT " ds="
        HEX16 [ebp + 28]
        PRINT " fs="
        HEX16 [ebp + 32]
        PRINT " ax="
        pop eax
        HEX16 eax
        NL
        pop ebp                         ; (IRETD to v86 reloads all segment registers)
        iretd

mon_exit:
        mov ax, SEL_DATA0
        mov ds, ax
        mov es, ax
        mov esp, STACK0_TOP
        jmp phase2

; Called by the common exception handler: faults from v86 use the mailbox for site/resume
; (16-bit offsets), or leave v86 for good when the guest asked to.
v86_hook:
        test dword [ebp + EXC_EFL], EFL_VM
        jz .r
        cmp dword [MBOX + 12], 1
        je .exit
        movzx eax, word [MBOX]
        mov [exc_site], eax
        movzx eax, word [MBOX + 4]
        mov [exc_resume], eax
        mov word [MBOX + 8], 1
.r:     ret
.exit:  mov esp, STACK0_TOP
        mov dword [exc_hook], 0
        jmp done

; ---- the v86 code, copied to V86_SEG:0 ----------------------------------------------------
%macro V_TRY 1+
        mov word [fs:MBOX], V(%%site)
        mov word [fs:MBOX + 4], V(%%resume)
        mov word [fs:MBOX + 8], 0
%%site:
        %1
%%resume:
        call v_tryend
%endmacro
%macro V_PRINT 1+
        call v_inline
        db %1, 0
%endmacro

        bits 16
v86_code:
v86_phase1:
        V_PRINT "v86: "
        mov ax, cs
        call v_hex
        V_PRINT " flags "
        pushf
        pop ax
        and ax, 0x7200                  ; NT IOPL IF
        call v_hex
        V_PRINT 10
        ; segment arithmetic: ES = 0x1234 from the IRET frame; write 1234:0010 = 0x12350
        mov word [es:0x10], 0xBEEF
        push ds
        mov ax, 0x1235
        mov ds, ax
        mov ax, [0]
        pop ds
        V_PRINT "1234:0010 = 1235:0000 = "
        call v_hex
        mov ax, 0xFFFF
        mov es, ax
        mov ax, [es:0x10]               ; linear 0x100000: the Multiboot magic's low word
        V_PRINT " FFFF:0010 = "
        call v_hex
        V_PRINT 10
        cli
        pushf
        pop ax
        and ax, 0x0200
        V_PRINT "cli if="
        call v_hex
        sti
        pushf
        pop ax
        and ax, 0x0200
        V_PRINT " sti if="
        call v_hex
        cli
        V_PRINT 10
        mov ax, 0x5A5A
        int 0x30
        V_PRINT "in 0x80 "
        V_TRY in al, 0x80
        V_PRINT "out 0xE9 "
        V_TRY out 0xE9, al
        int 0x33                        ; to the monitor, for good

v86_phase2:
        mov ax, 0
        mov fs, ax
        V_PRINT "cli "
        V_TRY cli
        V_PRINT "sti "
        V_TRY sti
        V_PRINT "pushf "
        V_TRY pushf
        V_PRINT "popf "
        V_TRY popf
        V_PRINT "int 0x30 "
        V_TRY int 0x30
        V_PRINT "iret "
        V_TRY iret
        V_PRINT "int3 "
        V_TRY int3
        V_PRINT "hlt "
        V_TRY hlt
        mov word [fs:MBOX + 12], 1      ; leave v86
        hlt

v_tryend:
        cmp word [fs:MBOX + 8], 0
        jne .f
        V_PRINT "nofault"
.f:     V_PRINT 10
        ret
v_inline:                               ; prints the string after the CALL (CS = DS)
        push bp
        mov bp, sp
        push si
        push ax
        mov si, [bp + 2]
.l:     mov al, [cs:si]
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
v_hex:                                  ; AX in hex
        push cx
        push ax
        mov cx, 4
.l:     rol ax, 4
        push ax
        and al, 15
        add al, '0'
        cmp al, '9'
        jbe .o
        add al, 7
.o:     out 0xE9, al
        pop ax
        loop .l
        pop ax
        pop cx
        ret
v86_end:
        bits 32
