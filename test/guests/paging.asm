; paging.asm — two-level paging with 4 KiB and 4 MiB pages:
;  - #PF error codes (P, W/R, U/S bits) and CR2 for not-present pages, a not-present PDE,
;    writes to read-only pages (ring 0 with CR0.WP clear succeeds, with WP set faults),
;    ring-3 access to supervisor pages and ring-3 writes to read-only user pages;
;  - accessed and dirty bits read back from the PTE (and from a 4 MiB PDE);
;  - the TLB: a PTE changed without INVLPG still translates the old way (a stale entry),
;    INVLPG drops it, MOV CR3 flushes it (global pages: see paging-global.asm);
;  - a 4 MiB page (CR4.PSE) aliasing physical 4 MiB at 8 MiB.
%include "guest.inc"

%include "paging.inc"

main:
        call paging_setup
        PRINT "paging on", 10

        PRINT "read not present "
        TRY mov eax, [NP + 0x123]
        PRINT "write not present "
        TRY mov dword [NP + 0xFFC], 1
        PRINT "pde not present "
        TRY mov eax, [0xC0001234]
        PRINT "ring0 write ro wp=0 "
        TRY mov dword [ROS + 8], 1
        mov eax, cr0
        or eax, 0x10000                 ; WP
        mov cr0, eax
        PRINT "ring0 write ro wp=1 "
        TRY mov dword [ROS + 12], 1
        PRINT "ring0 read ro "
        TRY mov eax, [ROS]

        ; accessed / dirty
        PRINT "A/D before "
        mov eax, [PTE + (AD >> 12) * 4]
        and eax, 0x60
        HEX8 eax
        mov eax, [AD]
        PRINT " after read "
        mov eax, [PTE + (AD >> 12) * 4]
        and eax, 0x60
        HEX8 eax
        mov dword [AD], 5
        PRINT " after write "
        mov eax, [PTE + (AD >> 12) * 4]
        and eax, 0x60
        HEX8 eax
        PRINT " pde0 "
        mov eax, [PD]
        and eax, 0x20
        HEX8 eax
        NL

        ; 4 MiB pages: write through the identity mapping, read through the alias
        mov dword [0x400000 + 0x1230], 0xCAFEF00D
        PRINT "4M alias "
        HEX32 [0x800000 + 0x1230]
        PRINT " pde2 A/D "
        mov eax, [PD + 2 * 4]
        and eax, 0x60
        HEX8 eax
        mov dword [0x800000 + 0x10], 1
        PRINT " after write "
        mov eax, [PD + 2 * 4]
        and eax, 0x60
        HEX8 eax
        NL

        ; stale TLB entry, INVLPG, MOV CR3
        PRINT "tlb "
        HEX32 [TLB]
        SETPTE TLB, F2 | 0x003
        PRINT " stale "
        HEX32 [TLB]
        invlpg [TLB]
        PRINT " invlpg "
        HEX32 [TLB]
        SETPTE TLB, F1 | 0x003
        PRINT " stale "
        HEX32 [TLB]
        mov eax, cr3
        mov cr3, eax
        PRINT " cr3 "
        HEX32 [TLB]
        NL

        ; (global pages: paging-global.asm)

        ; ring 3
        mov eax, 0x83
        mov ebx, back_to_ring0
        mov cx, SEL_CODE0
        mov dl, 0xEE
        call idt_set
        push dword SEL_DATA3
        push dword STACK3_TOP
        push dword 0x002
        push dword SEL_CODE3
        push dword ring3
        iretd
ring3:
        mov ax, SEL_DATA3
        mov ds, ax
        mov es, ax
        PRINT "user read supervisor "
        TRY mov eax, [ROS]
        PRINT "user read ro user "
        TRY mov eax, [ROU]
        PRINT "user write ro user "
        TRY mov dword [ROU], 1
        PRINT "user read not present "
        TRY mov eax, [NP]
        int 0x83

back_to_ring0:
        mov ax, SEL_DATA0
        mov ds, ax
        mov es, ax
        mov esp, STACK0_TOP
        ; a supervisor PDE makes every page under it supervisor, whatever the PTE says
        and dword [PD], ~4
        mov eax, cr3
        mov cr3, eax
        push dword SEL_DATA3
        push dword STACK3_TOP
        push dword 0x002
        push dword SEL_CODE3
        push dword ring3b
        mov dword [exc_site], ring3b
        mov dword [exc_resume], 0
        mov dword [exc_hook], fetch_fault
        PRINT "user fetch under supervisor pde "
        iretd
fetch_fault:                    ; print and stop instead of resuming
        pop eax                 ; (our return address)
        mov eax, [ebp + EXC_CODE]
        PRINT "#PF err="
        HEX16 eax
        PRINT " eip="
        mov eax, [ebp + EXC_EIP]
        cmp eax, ring3b
        jne .x
        PRINT "site"
.x:     PRINT " cr2="
        mov eax, cr2
        sub eax, ring3b
        HEX32 eax
        NL
        EXIT 0
ring3b:
        ; ring 3 now cannot even fetch: this faults on the first instruction
        nop
        EXIT 0x7C

        align 4
