; ring3-syscalls.asm — a ring-3 program making system calls through an INT 0x80 trap gate.
;
; What it shows
;   x86 protection has four rings; kernels use ring 0 and run programs in ring 3. A ring-3
;   program cannot execute privileged instructions or touch I/O ports (unless allowed),
;   so it asks the kernel through a gate: INT 0x80 goes through IDT entry 0x80, a *trap
;   gate* whose DPL is 3 (so ring 3 may use it) and whose target is ring-0 code. On the way
;   in, the CPU switches to the kernel stack named in the TSS (SS0:ESP0) and pushes the
;   user's SS, ESP, EFLAGS, CS and EIP; IRET pops them and drops back to ring 3.
;   A trap gate, unlike an interrupt gate, leaves IF alone, so the kernel could be
;   interrupted while serving the call.
;
; The "system call ABI" of this little kernel (like Linux's old i386 one)
;   EAX = call number, EBX/ECX = arguments, result in EAX.
;     1 write(EBX = string, ECX = length)  -> bytes written, or -1 if the buffer is not
;                                             entirely in user memory
;     2 getpid()                           -> 42
;     3 exit(EBX = status)                 -> does not return
;   Anything else returns -1.
;
; Pieces the kernel sets up: a GDT with ring-0 and ring-3 code/data segments and a TSS,
; the TSS itself (only SS0/ESP0 matter here), the IDT with the gate, and an IRET frame to
; enter ring 3 for the first time.

        bits 32
        org 0x100000

MB_MAGIC equ 0x1BADB002
MB_FLAGS equ 1 << 16
header: dd MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)
        dd header, 0x100000, 0, 0, start

KCODE equ 0x08                  ; ring-0 code   (GDT index 1, RPL 0)
KDATA equ 0x10                  ; ring-0 data   (index 2)
UCODE equ 0x18 | 3              ; ring-3 code   (index 3, RPL 3)
UDATA equ 0x20 | 3              ; ring-3 data   (index 4, RPL 3)
TSSEL equ 0x28                  ; the TSS       (index 5)

KSTACK equ 0x90000              ; kernel stack top (named in the TSS)
USTACK equ 0x80000              ; user stack top
USER_LO equ user_start          ; "user memory" for the pointer check: the user part
USER_HI equ user_end            ; of this image

start:
        mov esp, KSTACK
        ; Ring 3 will run with interrupts enabled (IF=1), and this kernel has no handlers
        ; for hardware interrupts, so mask every input of both 8259 PICs first (a loader or
        ; BIOS may have left the timer unmasked).
        mov al, 0xFF
        out 0x21, al
        out 0xA1, al
        ; Fill in the TSS descriptor's base (it is only known at assembly time as a label,
        ; and a descriptor scatters the base over three fields).
        mov eax, tss
        mov [gdt_tss + 2], ax
        shr eax, 16
        mov [gdt_tss + 4], al
        mov [gdt_tss + 7], ah
        lgdt [gdtr]
        jmp KCODE:.flush
.flush: mov ax, KDATA
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov ax, TSSEL
        ltr ax                          ; the CPU now knows where SS0:ESP0 are

        ; IDT entry 0x80: trap gate (type 0xF), DPL 3, present -> access byte 0xEF.
        mov eax, syscall_entry
        mov [idt + 0x80 * 8], ax
        mov word [idt + 0x80 * 8 + 2], KCODE
        mov word [idt + 0x80 * 8 + 4], 0xEF00
        shr eax, 16
        mov [idt + 0x80 * 8 + 6], ax
        ; Vector 13 (#GP) catches the user program's deliberate mistake below.
        mov eax, gp_fault
        mov [idt + 13 * 8], ax
        mov word [idt + 13 * 8 + 2], KCODE
        mov word [idt + 13 * 8 + 4], 0x8E00     ; interrupt gate, DPL 0
        shr eax, 16
        mov [idt + 13 * 8 + 6], ax
        lidt [idtr]

        mov esi, msg_kernel
        call kputs

        ; Enter ring 3: IRET pops EIP, CS, EFLAGS and - because the new CS has a lower
        ; privilege - ESP and SS too. IOPL stays 0, so ring 3 may not do I/O itself.
        push dword UDATA                ; SS
        push dword USTACK               ; ESP
        push dword 0x202                ; EFLAGS: IF set, IOPL 0
        push dword UCODE                ; CS
        push dword user_start           ; EIP
        iretd

; ---- Kernel side --------------------------------------------------------------------------
syscall_entry:
        ; The CPU switched to SS0:ESP0 and pushed: EIP, CS, EFLAGS, ESP, SS (user's).
        ; DS/ES still hold the user's selectors; they are flat too, so nothing to reload.
        cmp eax, 1
        je sys_write
        cmp eax, 2
        je sys_getpid
        cmp eax, 3
        je sys_exit
        mov eax, -1
        iretd

sys_write:
        ; Never trust a pointer from user space: the whole buffer must be user memory.
        cmp ebx, USER_LO
        jb .efault
        mov edx, ebx
        add edx, ecx
        jc .efault
        cmp edx, USER_HI
        ja .efault
        push ecx
        mov esi, ebx
.l:     jecxz .done
        lodsb
        out 0xE9, al                    ; the kernel may do I/O: CPL 0 <= IOPL
        dec ecx
        jmp .l
.done:  pop eax                         ; bytes written
        iretd
.efault:
        mov eax, -1
        iretd

sys_getpid:
        mov eax, 42
        iretd

sys_exit:
        mov esi, msg_exit
        call kputs
        mov al, bl
        add al, '0'
        out 0xE9, al
        mov al, 10
        out 0xE9, al
        mov al, bl
        out 0xF4, al                    ; exit status (EBX << 1) | 1
        cli
        hlt

gp_fault:
        ; #GP from ring 3: the CPU pushed an error code, then EIP, CS, EFLAGS, ESP, SS.
        mov esi, msg_gp
        call kputs
        add dword [esp + 4], 1          ; skip the 1-byte CLI that faulted
        add esp, 4                      ; drop the error code
        iretd

kputs:  lodsb
        test al, al
        jz .d
        out 0xE9, al
        jmp kputs
.d:     ret

msg_kernel: db "kernel: entering ring 3", 10, 0
msg_exit:   db "kernel: user exited with status ", 0
msg_gp:     db "kernel: #GP from ring 3 (CLI with IOPL 0), skipping it", 10, 0

; ---- User side (ring 3) ---------------------------------------------------------------------
user_start:
        mov ax, UDATA
        mov ds, ax
        mov es, ax

        mov eax, 1                      ; write(hello, hello_len)
        mov ebx, hello
        mov ecx, hello_len
        int 0x80

        mov eax, 2                      ; getpid()
        int 0x80
        mov [pid], eax
        ; format the pid in decimal into the message, then write it
        mov edi, pid_digits + 1
        mov ebx, 10
.dig:   xor edx, edx
        div ebx
        add dl, '0'
        mov [edi], dl
        dec edi
        cmp edi, pid_digits
        jae .dig
        mov eax, 1
        mov ebx, pid_msg
        mov ecx, pid_msg_len
        int 0x80

        mov eax, 1                      ; write() with a kernel pointer: refused
        mov ebx, msg_kernel
        mov ecx, 8
        int 0x80
        mov [result], eax
        mov eax, 1
        cmp dword [result], -1
        jne .accepted
        mov ebx, refused
        mov ecx, refused_len
        int 0x80
.accepted:
        cli                             ; privileged in ring 3 with IOPL 0: #GP

        mov eax, 3                      ; exit(0)
        mov ebx, 0
        int 0x80

hello:       db "user: hello from ring 3 via int 0x80", 10
hello_len    equ $ - hello
pid_msg:     db "user: getpid() = "
pid_digits:  db "??", 10
pid_msg_len  equ $ - pid_msg
refused:     db "user: write() of a kernel buffer was refused (-1)", 10
refused_len  equ $ - refused
pid:         dd 0
result:      dd 0
user_end:

; ---- Tables -----------------------------------------------------------------------------------
        align 8
gdt:    dq 0
        dq 0x00CF9A000000FFFF           ; 0x08 ring-0 code: DPL 0, execute/read, 4 GiB
        dq 0x00CF92000000FFFF           ; 0x10 ring-0 data
        dq 0x00CFFA000000FFFF           ; 0x18 ring-3 code: DPL 3
        dq 0x00CFF2000000FFFF           ; 0x20 ring-3 data
gdt_tss:
        dw tss_end - tss - 1            ; limit
        dw 0                            ; base 15..0   (filled in at start)
        db 0                            ; base 23..16  (filled in)
        db 0x89                         ; present, DPL 0, available 32-bit TSS
        db 0                            ; limit 19..16, flags
        db 0                            ; base 31..24  (filled in)
gdtr:   dw $ - gdt - 1
        dd gdt

tss:    dd 0                            ; previous task link
        dd KSTACK                       ; ESP0: the kernel stack for ring 3 -> 0
        dd KDATA                        ; SS0
        times 22 dd 0                   ; rings 1/2 stacks, saved registers: unused
        dw 0                            ; trap-on-switch flag
        dw tss_end - tss                ; I/O bitmap offset past the limit: no bitmap,
tss_end:                                ; so ring 3 gets no I/O ports at all

idt:    times 256 dq 0
idtr:   dw 256 * 8 - 1
        dd idt
