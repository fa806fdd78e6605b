; scheduler.asm — a timer-driven scheduler switching two ring-3 tasks.
;
; What it shows
;   The 8254 PIT's channel 0 raises IRQ 0 a thousand times a second; the 8259 PIC turns
;   it into interrupt vector 0x20. The interrupt handler is the scheduler: it saves the
;   running task's registers on that task's own kernel stack, picks the other task,
;   switches to its kernel stack, tells the TSS where that stack is (ESP0, used on the
;   next ring 3 -> ring 0 entry), and returns with IRET into the other task. The tasks
;   never call the scheduler: they are *preempted*.
;
; Making the output deterministic
;   Where the timer interrupts a task depends on timing, so the tasks are written so
;   that this does not matter:
;   - printing is a system call (INT 0x80 through an interrupt gate, which clears IF), so
;     a line is never cut in half by a task switch;
;   - the kernel hands out the right to print one line at a time, alternately to A and
;     to B. A task asking out of turn is told "not now" (EAX = 0) and simply asks again;
;     it keeps spinning until the timer preempts it and the other task, scheduled in its
;     place, prints its line and passes the turn back.
;   So the output alternates A, B, A, B ... whatever the timer's exact moments are; the
;   timer is what makes progress possible at all, since neither task ever gives up the
;   CPU by itself.
;
; Per-task state
;   Each task has a kernel stack. While a task is not running, its stack holds, from the
;   top down: the IRET frame (SS, ESP, EFLAGS, CS, EIP), then the registers PUSHAD saved.
;   The scheduler keeps only the saved ESP. A new task's stack is prepared by hand to
;   look exactly like that, so the first switch to it "returns" to its entry point.

        bits 32
        org 0x100000

MB_MAGIC equ 0x1BADB002
MB_FLAGS equ 1 << 16
header: dd MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)
        dd header, 0x100000, 0, 0, start

KCODE equ 0x08
KDATA equ 0x10
UCODE equ 0x18 | 3
UDATA equ 0x20 | 3
TSSEL equ 0x28

LINES equ 4                     ; lines each task prints

; Task control blocks: saved kernel ESP, kernel stack top, the other task, finished flag.
TCB_ESP   equ 0
TCB_KTOP  equ 4
TCB_OTHER equ 8
TCB_DONE  equ 12

start:
        mov esp, 0x90000
        mov eax, tss                    ; TSS base into its descriptor
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
        ltr ax

        mov eax, 0x20                   ; IRQ 0 -> the scheduler (interrupt gate, DPL 0)
        mov ebx, timer_irq
        mov dx, 0x8E00
        call set_gate
        mov eax, 0x80                   ; system calls (interrupt gate, DPL 3: IF cleared)
        mov ebx, syscall
        mov dx, 0xEE00
        call set_gate
        lidt [idtr]

        ; The PICs: remap IRQ 0..7 to vectors 0x20..0x27 (the CPU's exceptions own
        ; 0..0x1F), IRQ 8..15 to 0x28..0x2F; then mask everything but IRQ 0.
        mov al, 0x11                    ; ICW1: edge triggered, cascade, ICW4 follows
        out 0x20, al
        out 0xA0, al
        mov al, 0x20                    ; ICW2: vector base
        out 0x21, al
        mov al, 0x28
        out 0xA1, al
        mov al, 0x04                    ; ICW3: slave on IR2 / slave id 2
        out 0x21, al
        mov al, 0x02
        out 0xA1, al
        mov al, 0x01                    ; ICW4: 8086 mode
        out 0x21, al
        out 0xA1, al
        mov al, 0xFE                    ; OCW1: only IRQ 0 unmasked
        out 0x21, al
        mov al, 0xFF
        out 0xA1, al

        ; The PIT: channel 0, rate generator (mode 2), divisor 1193 -> about 1000 Hz.
        mov al, 0x34                    ; channel 0, lo/hi byte, mode 2, binary
        out 0x43, al
        mov ax, 1193
        out 0x40, al
        mov al, ah
        out 0x40, al

        ; Build the two tasks' initial kernel stacks.
        mov esi, tcb_a
        mov ebx, task_a
        mov ecx, 0x70000                ; user stack of A
        call make_task
        mov esi, tcb_b
        mov ebx, task_b
        mov ecx, 0x68000
        call make_task

        mov esi, msg_start
        call kputs
        ; Start task A: switch to its prepared stack and "return" into it.
        mov dword [current], tcb_a
        mov esp, [tcb_a + TCB_ESP]
        mov eax, [tcb_a + TCB_KTOP]
        mov [tss + 4], eax              ; ESP0
        popad
        iretd                           ; into ring 3, IF=1: the timer starts preempting

; make_task: ESI = TCB, EBX = entry point, ECX = user stack top.
make_task:
        mov edi, [esi + TCB_KTOP]
        sub edi, 4 * 5 + 4 * 8          ; IRET frame + PUSHAD area
        mov [esi + TCB_ESP], edi
        push edi
        xor eax, eax                    ; PUSHAD area: all registers zero
        push ecx
        mov ecx, 8
        rep stosd
        pop ecx
        mov [edi], ebx                  ; EIP
        mov dword [edi + 4], UCODE      ; CS
        mov dword [edi + 8], 0x202      ; EFLAGS: IF
        mov [edi + 12], ecx             ; ESP
        mov dword [edi + 16], UDATA     ; SS
        pop edi
        ret

; ---- The scheduler ---------------------------------------------------------------------------
timer_irq:
        pushad                          ; complete the saved state on this task's stack
        mov al, 0x20                    ; EOI to the PIC: IRQ 0 handled
        out 0x20, al
        mov esi, [current]
        mov [esi + TCB_ESP], esp
        ; pick the other task, unless it has finished
        mov edi, [esi + TCB_OTHER]
        cmp dword [edi + TCB_DONE], 0
        je .switch
        cmp dword [esi + TCB_DONE], 0
        je .same
        ; both finished: the end
        mov esi, msg_end
        call kputs
        mov al, 0
        out 0xF4, al
        cli
        hlt
.same:  mov edi, esi
.switch:
        mov [current], edi
        mov esp, [edi + TCB_ESP]
        mov eax, [edi + TCB_KTOP]
        mov [tss + 4], eax              ; the next ring 3 -> 0 entry uses this stack
.resume:
        popad
        iretd

; ---- System calls ------------------------------------------------------------------------------
;   EAX = 1  print(EBX = string): EAX = 1 if printed, 0 if it is not this task's turn
;   EAX = 2  finish: this task is done (the call does not return)
syscall:
        push esi
        push edi
        mov esi, [current]
        cmp eax, 2
        je .finish
        xor eax, eax
        cmp esi, [turn]
        jne .ret                        ; not your turn: EAX = 0
        push esi
        mov esi, ebx
        call kputs
        pop esi
        call pass_turn
        mov eax, 1
.ret:   pop edi
        pop esi
        iretd
.finish:
        mov dword [esi + TCB_DONE], 1
        call pass_turn
        sti                             ; wait here (in ring 0, on this task's kernel
.idle:  hlt                             ; stack) until the scheduler ends the run
        jmp .idle

pass_turn:                              ; ESI = current TCB: the turn goes to the other
        mov edi, [esi + TCB_OTHER]      ; task unless that one has finished
        cmp dword [edi + TCB_DONE], 0
        jne .keep
        mov [turn], edi
.keep:  ret

kputs:  push eax
.l:     lodsb
        test al, al
        jz .d
        out 0xE9, al
        jmp .l
.d:     pop eax
        ret

set_gate:                               ; EAX = vector, EBX = handler, DX = type/DPL word
        mov [idt + eax * 8], bx
        mov word [idt + eax * 8 + 2], KCODE
        mov [idt + eax * 8 + 4], dx
        shr ebx, 16
        mov [idt + eax * 8 + 6], bx
        ret

; ---- The two user tasks (ring 3) --------------------------------------------------------------
; Both run the same loop with their own strings: ask to print a line until the kernel says
; yes, then go on to the next line.
%macro TASK 2           ; name, lines
task_%1:
        mov ax, UDATA
        mov ds, ax
        mov es, ax
        mov esi, %2
        mov ecx, LINES
%%line:
        mov eax, 1
        mov ebx, esi
        int 0x80                        ; print, if it is our turn
        test eax, eax
        jz %%line                       ; not yet: ask again (the timer will preempt us)
        add esi, 16                     ; next line (16 bytes each)
        loop %%line
        mov eax, 2
        int 0x80                        ; finished
%endmacro

        TASK a, lines_a
        TASK b, lines_b

msg_start: db "scheduler: starting; the PIT preempts every millisecond", 10, 0
msg_end:   db "scheduler: both tasks finished", 10, 0
; Each line sits in a 16-byte slot, so the tasks step through them with ADD ESI, 16.
%macro LINE 1
%%s:    db %1, 10, 0
        times 16 - ($ - %%s) db 0
%endmacro
lines_a:   LINE "A: line 1"
           LINE "A: line 2"
           LINE "A: line 3"
           LINE "A: line 4"
lines_b:   LINE "   B: line 1"
           LINE "   B: line 2"
           LINE "   B: line 3"
           LINE "   B: line 4"

current:   dd 0                         ; the running task's TCB
turn:      dd tcb_a                     ; whose turn it is to print
tcb_a:     dd 0, 0x88000, tcb_b, 0      ; saved ESP, kernel stack top, other task, done
tcb_b:     dd 0, 0x84000, tcb_a, 0

        align 8
gdt:    dq 0
        dq 0x00CF9A000000FFFF           ; 0x08 ring-0 code
        dq 0x00CF92000000FFFF           ; 0x10 ring-0 data
        dq 0x00CFFA000000FFFF           ; 0x18 ring-3 code
        dq 0x00CFF2000000FFFF           ; 0x20 ring-3 data
gdt_tss:
        dw tss_end - tss - 1
        dw 0
        db 0, 0x89, 0, 0
gdtr:   dw $ - gdt - 1
        dd gdt
tss:    dd 0
        dd 0                            ; ESP0: set by the scheduler on every switch
        dd KDATA                        ; SS0
        times 22 dd 0
        dw 0
        dw tss_end - tss                ; no I/O bitmap
tss_end:
idt:    times 256 dq 0
idtr:   dw 256 * 8 - 1
        dd idt
