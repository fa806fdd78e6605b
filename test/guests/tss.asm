; tss.asm — hardware task switches through 32-bit TSSs:
;  - JMP to a TSS: no back link, NT clear, the old task's TSS becomes available (busy bit
;    read back with LAR), its registers are saved (EIP = the instruction after the JMP);
;  - CALL to a TSS: back link = caller, NT set, both busy; IRET with NT returns to the
;    caller and frees the callee; the callee resumes after its IRET next time;
;  - INT through a task gate in the IDT; registers loaded from the new TSS;
;  - CALL to a busy TSS: #GP(selector).
%include "guest.inc"

SEL_B    equ 0x50
SEL_C    equ 0x58

%macro NEWTSS 3         ; label, EIP, ESP
%1:
        dd 0                            ; back link
        dd 0, 0, 0, 0, 0, 0             ; esp0 ss0 esp1 ss1 esp2 ss2
        dd 0                            ; cr3 (paging is off)
        dd %2                           ; eip
        dd 0x00000002                   ; eflags
        dd 0xA0A0A0A0, 0, 0, 0          ; eax ecx edx ebx
        dd %3, 0, 0, 0                  ; esp ebp esi edi
        dd SEL_DATA0, SEL_CODE0, SEL_DATA0, SEL_DATA0, SEL_DATA0, SEL_DATA0  ; es cs ss ds fs gs
        dd 0                            ; ldt
        dw 0, 0x68                      ; T, I/O map base (= limit + 1: no bitmap)
%endmacro

; print "name nt=N link=LLLL busy(A,B,C)=..." from inside a task
%macro STATE 1
        PRINT %1, " nt="
        pushfd
        pop eax
        shr eax, 14
        and eax, 1
        HEX8 eax
        PRINT " eax="
        HEX32 [task_eax]
        PRINT " busy="
        mov bx, SEL_TSS
        call busy
        mov bx, SEL_B
        call busy
        mov bx, SEL_C
        call busy
        NL
%endmacro

main:
        mov eax, 10
        mov ebx, tss_b
        mov ecx, 0x67
        mov dx, 0x0089
        call gdt_set
        mov eax, 11
        mov ebx, tss_c
        call gdt_set
        mov eax, 0x90
        xor ebx, ebx
        mov cx, SEL_C
        mov dl, 0x85                    ; task gate, DPL 0
        call idt_set

        mov dword [task_eax], eax
        STATE "A"
        jmp SEL_B:0
after_jmp:
        STATE "A back"
        PRINT "A's saved eip = after jmp: "
        mov eax, [tss + 0x20]
        cmp eax, after_jmp
        sete al
        HEX8 eax
        PRINT " B's saved eip = after its jmp: "
        mov eax, [tss_b + 0x20]
        cmp eax, b_after_jmp
        sete al
        HEX8 eax
        NL
        mov eax, 0xAAAA0001             ; kept in A's TSS across the call
        call SEL_B:0
        mov [task_eax], eax
        STATE "A after call"
        PRINT "B link="
        HEX16 [tss_b]
        NL
        int 0x90
        STATE "A after int"
        int 0x90
        STATE "A after int 2"
        PRINT "call busy: "
        TRY call SEL_TSS:0
        EXIT 0

task_b:
        mov [task_eax], eax
        STATE "B"
        jmp SEL_TSS:0
b_after_jmp:
        mov dword [task_eax], 0
        STATE "B called"
        PRINT "B link="
        HEX16 [tss_b]
        NL
        mov eax, 0x12345678             ; saved into B's TSS, not seen by A
        iretd
        PRINT "B not reached", 10
        EXIT 0x7B

task_c:
        mov [task_eax], eax
.again:
        STATE "C"
        PRINT "C link="
        HEX16 [tss_c]
        NL
        iretd
        mov eax, [task_eax]             ; second entry: resumes here
        add eax, 1
        mov [task_eax], eax
        jmp .again

busy:                                   ; BX = TSS selector; prints 'B' if busy, 'a' if not
        lar eax, bx
        test eax, 0x200
        mov al, 'a'
        jz .p
        mov al, 'B'
.p:     jmp putc

task_eax: dd 0
        align 16
        NEWTSS tss_b, task_b, 0x50000
        NEWTSS tss_c, task_c, 0x48000
