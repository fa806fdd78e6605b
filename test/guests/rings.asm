; rings.asm — privilege-level transitions:
;  - IRET from ring 0 to ring 3 (and ring 1); CPL read from CS;
;  - a 32-bit call gate (DPL 3, 2 parameters) from ring 3 to ring 0: stack switch to the
;    TSS's SS0:ESP0, parameters copied, RETF 8 back; ES holding a DPL-0 segment is nulled
;    on the return to ring 3;
;  - INT 0x80 through a DPL-3 trap gate (IF stays set) and INT 0x81 through a DPL-3
;    interrupt gate (IF cleared), from ring 3 and from ring 1 (both switch to ESP0);
;  - INT to a DPL-0 gate from ring 3: #GP(vector*8+2); INT3 through the default DPL-0 gate;
;  - privileged instructions in ring 3 (#GP(0), RDTSC too with CR4.TSD set), and the
;    sensitive but unprivileged ones that run there and reveal the truth (SGDT SIDT SMSW
;    STR SLDT PUSHFD: the classic virtualization holes);
;  - a conforming DPL-0 code segment called from ring 3 runs at CPL 3; a non-conforming
;    one cannot be called directly (#GP(selector)).
%include "guest.inc"

SEL_GATE  equ 0x50 | 3          ; call gate -> gate_target, DPL 3, 2 parameters
SEL_CONF  equ 0x58              ; conforming code, DPL 0
SEL_GATE1 equ 0x60 | 1          ; call gate -> gate_target, DPL 1, 0 parameters

%macro CPL 1
        PRINT %1, " cpl="
        push eax
        mov eax, cs
        and eax, 3
        call puthex8
        pop eax
%endmacro

main:
        mov eax, 10
        mov ebx, gate_target
        mov cx, SEL_CODE0
        mov dl, 0xEC                    ; present, DPL 3, 32-bit call gate
        mov dh, 2
        call gdt_gate
        mov eax, 11
        xor ebx, ebx
        mov ecx, 0xFFFFF
        mov dx, 0xC09E                  ; conforming code, DPL 0, 4 KiB granular
        call gdt_set
        mov eax, 12
        mov ebx, gate_target0
        mov cx, SEL_CODE0
        mov dl, 0xAC                    ; DPL 1 call gate, no parameters
        mov dh, 0
        call gdt_gate
        mov eax, 0x80
        mov ebx, int80
        mov cx, SEL_CODE0
        mov dl, 0xEF                    ; trap gate, DPL 3
        call idt_set
        mov eax, 0x81
        mov dl, 0xEE                    ; interrupt gate, DPL 3
        call idt_set
        mov eax, 0x82
        mov dl, 0x8E                    ; interrupt gate, DPL 0
        call idt_set
        mov eax, 0x83
        mov ebx, back_to_ring0
        mov dl, 0xEE
        call idt_set

        CPL "ring0"
        NL
        mov eax, cr4
        or eax, 4                       ; CR4.TSD: RDTSC privileged
        mov cr4, eax
        ; IRET to ring 3 with IF set (all PIC inputs are masked).
        push dword SEL_DATA3
        push dword STACK3_TOP
        push dword 0x202
        push dword SEL_CODE3
        push dword ring3
        iretd

ring3:
        mov ax, SEL_DATA3
        mov ds, ax
        mov es, ax
        CPL "ring3"
        NL
        push dword 0x1111
        push dword 0x2222
        call SEL_GATE:0                 ; offset is ignored for a call gate
        CPL "back"
        mov eax, esp
        sub eax, STACK3_TOP
        PRINT " esp-top="
        HEX32 eax
        PRINT " es="
        mov eax, es
        HEX16 eax
        NL
        mov ax, SEL_DATA3
        mov es, ax
        PRINT "int80 "
        int 0x80
        PRINT "int81 "
        int 0x81
        PRINT "int82 "
        TRY int 0x82
        PRINT "int3 "
        TRY int3
        PRINT "cli "
        TRY cli
        PRINT "hlt "
        TRY hlt
        PRINT "mov cr3 "
        TRY mov eax, cr3
        PRINT "lgdt "
        TRY lgdt [gdtr]
        PRINT "lidt "
        TRY lidt [idtr]
        PRINT "ltr "
        TRY ltr ax
        PRINT "mov cr0, eax "
        TRY mov cr0, eax
        PRINT "mov dr7 "
        TRY mov eax, dr7
        PRINT "clts "
        TRY clts
        PRINT "invlpg "
        TRY invlpg [scratch]
        PRINT "wbinvd "
        TRY wbinvd
        PRINT "rdmsr "
        TRY rdmsr
        PRINT "rdtsc (tsd set) "
        TRY rdtsc
        ; Sensitive but not privileged: these run in ring 3 and tell the truth.
        PRINT "sgdt "
        TRY sgdt [scratch]
        PRINT " limit="
        HEX16 [scratch]
        NL
        PRINT "sidt "
        TRY sidt [scratch]
        PRINT "smsw "
        TRY smsw eax
        PRINT " pe="
        and eax, 1
        HEX8 eax
        NL
        PRINT "str "
        TRY str ax
        PRINT " tr="
        HEX16 eax
        NL
        PRINT "sldt "
        TRY sldt ax
        PRINT "pushfd "
        TRY pushfd
        pop eax
        PRINT " iopl="
        shr eax, 12
        and eax, 3
        HEX8 eax
        NL
        PRINT "conforming "
        call SEL_CONF:conf_target
        NL
        PRINT "call ring0 code "
        TRY call SEL_CODE0:conf_target
        PRINT "call dpl1 gate "
        TRY call SEL_GATE1:0
        int 0x83                        ; back to ring 0 for the ring-1 part

ring0_again:
        CPL "ring0"
        NL
        push dword SEL_DATA1
        push dword STACK1_TOP
        push dword 0x202
        push dword SEL_CODE1
        push dword ring1
        iretd

ring1:
        mov ax, SEL_DATA1
        mov ds, ax
        CPL "ring1"
        NL
        PRINT "int80 "
        int 0x80
        PRINT "call dpl1 gate "
        call SEL_GATE1:0
        NL
        EXIT 0

gate_target:                            ; ring 0, entered through the call gate
        mov ebp, esp
        CPL "gate"
        PRINT " ss="
        mov eax, ss
        HEX16 eax
        PRINT " esp0-esp="
        mov eax, STACK0_TOP
        sub eax, esp
        HEX8 eax
        PRINT " params="
        HEX32 [ebp + 12]
        PRINT ","
        HEX32 [ebp + 8]
        PRINT " ret cs="
        HEX16 [ebp + 4]
        NL
        mov ax, SEL_DATA0
        mov es, ax                      ; DPL 0: must be nulled on return to ring 3
        retf 8

gate_target0:                           ; through the DPL-1 gate, no parameters
        CPL "gate1"
        PRINT " esp0-esp="
        mov eax, STACK0_TOP
        sub eax, esp
        HEX8 eax
        PRINT " ret cs="
        HEX16 [esp + 4 + 4]             ; (+4: HEX16 pushes EAX first)
        retf

int80:                                  ; trap gate or interrupt gate, DPL 3
        push ebp
        lea ebp, [esp + 4]
        CPL "handler"
        PRINT " if="
        pushfd
        pop eax
        shr eax, 9
        and eax, 1
        call puthex8
        PRINT " esp0-esp="
        mov eax, STACK0_TOP
        sub eax, ebp
        HEX8 eax
        PRINT " cs="
        HEX16 [ebp + 4]
        PRINT " ss="
        HEX16 [ebp + 16]
        PRINT " eflags="
        mov eax, [ebp + 8]
        and eax, ~EFL_ARITH             ; (flags from the caller's printing)
        HEX32 eax
        NL
        pop ebp
        iretd

conf_target:
        CPL "in conforming"
        PRINT " cs="
        mov eax, cs
        HEX16 eax
        retf

scratch: dd 0, 0

back_to_ring0:
        mov ax, SEL_DATA0
        mov ds, ax
        mov es, ax
        mov esp, STACK0_TOP
        jmp ring0_again
