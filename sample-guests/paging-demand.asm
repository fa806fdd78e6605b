; paging-demand.asm — demand paging: pages appear the first time they are touched.
;
; What it shows
;   The kernel turns paging on with only its own first 4 MiB mapped. It then uses memory
;   at 0x40000000 and above, where nothing is mapped. Each first touch of such a page
;   raises a page fault (#PF, vector 14). The fault handler reads the faulting address
;   from CR2, takes a free physical frame, clears it, writes a page-table entry for it
;   (and first a whole page table, if the page directory has none there yet), and
;   returns. Returning from a fault re-executes the faulting instruction, which now
;   succeeds: the program never notices the pages were not there.
;
; Terms
;   Page directory (PD): 1024 entries, each covering 4 MiB; points at page tables.
;   Page table (PT): 1024 entries, each mapping one 4 KiB page to a physical frame.
;   Entry bits used here: P (bit 0, present), R/W (bit 1, writable), U/S (bit 2, user).
;   CR3 holds the physical address of the PD; CR0.PG (bit 31) turns paging on; CR2
;   receives the linear address that faulted; the CPU pushes an error code whose bit 0
;   says "the page was present" (a protection fault) and bit 1 "it was a write".
;
; Output (port 0xE9): one line per fault handled, then the data read back, then counts.
; Ends with exit status 1 (a write of 0 to port 0xF4).

        bits 32
        org 0x100000

MB_MAGIC equ 0x1BADB002
MB_FLAGS equ 1 << 16
header: dd MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)
        dd header, 0x100000, 0, 0, start        ; a.out kludge: load the whole file at 1 MiB

PD        equ 0x200000          ; page directory (physical = virtual: identity-mapped)
PT_LOW    equ 0x201000          ; page tables for 0..4 MiB and 4..8 MiB
FRAMES    equ 0x400000          ; free physical frames are handed out from 4 MiB up
HEAP      equ 0x40000000        ; the demand-paged region (1 GiB and up)

start:
        mov esp, 0x90000
        lgdt [gdtr]                     ; our own flat segments (the loader's may be gone)
        jmp 0x08:.reload
.reload:
        mov ax, 0x10
        mov ds, ax
        mov es, ax
        mov ss, ax

        ; IDT: only vector 14 (#PF) is needed; it points at page_fault.
        mov eax, page_fault
        mov [idt + 14 * 8], ax          ; offset 15..0
        mov word [idt + 14 * 8 + 2], 0x08       ; code selector
        mov word [idt + 14 * 8 + 4], 0x8E00     ; present, DPL 0, 32-bit interrupt gate
        shr eax, 16
        mov [idt + 14 * 8 + 6], ax      ; offset 31..16
        lidt [idtr]

        ; Page directory: all entries "not present"...
        mov edi, PD
        xor eax, eax
        mov ecx, 1024
        rep stosd
        ; ...except entries 0 and 1, which point at two page tables identity-mapping
        ; 0..8 MiB: virtual address = physical address there. So this code, its data,
        ; the page tables and the pool of free frames (4..8 MiB) stay reachable at their
        ; physical addresses, and the handler can clear a frame and fill a page table
        ; simply by writing to the frame's physical address.
        mov edi, PT_LOW
        mov eax, 0x003                  ; frame 0, present + writable
        mov ecx, 2048
.fill:  stosd
        add eax, 0x1000                 ; next 4 KiB frame
        loop .fill
        mov dword [PD], PT_LOW | 0x003
        mov dword [PD + 4], (PT_LOW + 0x1000) | 0x003

        mov eax, PD
        mov cr3, eax
        mov eax, cr0
        or eax, 0x80000000              ; CR0.PG
        mov cr0, eax                    ; from the next instruction on, addresses are virtual
        mov esi, msg_on
        call puts

        ; Touch memory that is not mapped. Every first touch of a page faults once.
        mov dword [HEAP], 0x11111111            ; page 0x40000000: needs a page table too
        mov dword [HEAP + 0x10], 0x22222222     ; same page: no fault
        mov dword [HEAP + 0x3000], 0x33333333   ; another page, same page table
        mov eax, [HEAP + 0x5008]                ; a read: the new page reads as zeros
        mov [value], eax
        mov dword [HEAP + 0x400000], 0x44444444 ; the next 4 MiB: another page table
        mov dword [HEAP + 0x1FFE], 0x55667788   ; straddles two pages: faults on the
                                                ; first, restarts, faults on the second

        ; Read everything back.
        mov esi, msg_back
        call puts
        mov eax, [HEAP]
        call puthex
        mov eax, [HEAP + 0x10]
        call puthex
        mov eax, [HEAP + 0x3000]
        call puthex
        mov eax, [value]
        call puthex
        mov eax, [HEAP + 0x400000]
        call puthex
        mov eax, [HEAP + 0x1FFE]
        call puthex
        mov al, 10
        out 0xE9, al

        mov esi, msg_faults
        call puts
        mov eax, [faults]
        call puthex
        mov esi, msg_frames
        call puts
        mov eax, [next_frame]
        sub eax, FRAMES
        shr eax, 12                     ; frames used (pages + page tables)
        call puthex
        mov al, 10
        out 0xE9, al

        mov al, 0
        out 0xF4, al
        cli
        hlt

; ---- The page-fault handler ----------------------------------------------------------------
; On entry the stack holds: error code, EIP, CS, EFLAGS (no privilege change here).
page_fault:
        pushad
        mov ebx, cr2                    ; the linear address that faulted
        inc dword [faults]
        mov esi, msg_fault
        call puts
        mov eax, ebx
        call puthex
        mov esi, msg_err
        call puts
        mov eax, [esp + 32]             ; the error code (above the 8 PUSHAD registers)
        call puthex

        ; Only the heap is demand-paged; anything else is a real bug: stop.
        cmp ebx, HEAP
        jb .bad
        test dword [esp + 32], 1        ; P set = protection violation, not a missing page
        jnz .bad

        ; Find the page-directory entry for this address (top 10 bits).
        mov edi, ebx
        shr edi, 22
        lea edi, [PD + edi * 4]
        test dword [edi], 1
        jnz .have_table
        call alloc_frame                ; a new page table, zero-filled = all not present
        or eax, 0x003
        mov [edi], eax
        mov esi, msg_table
        call puts
.have_table:
        ; The page-table entry (middle 10 bits). The table is a frame from the pool, which
        ; is identity-mapped, so its physical address can be used directly.
        mov edi, [edi]
        and edi, 0xFFFFF000
        mov eax, ebx
        shr eax, 12
        and eax, 0x3FF
        lea edi, [edi + eax * 4]
        call alloc_frame
        or eax, 0x003
        mov [edi], eax
        mov al, 10
        out 0xE9, al
        ; No INVLPG needed: a not-present entry is never cached in the TLB.
        popad
        add esp, 4                      ; drop the error code
        iretd                           ; re-execute the faulting instruction

.bad:   mov esi, msg_bad
        call puts
        mov al, 0x7F
        out 0xF4, al
        cli
        hlt

; alloc_frame: EAX = physical address of a fresh zeroed 4 KiB frame from the pool.
; (No check for running out: this demo uses a handful of frames out of 1024.)
alloc_frame:
        push ecx
        push edi
        mov eax, [next_frame]
        add dword [next_frame], 0x1000
        mov edi, eax                    ; identity-mapped: clear it where it is
        push eax
        xor eax, eax
        mov ecx, 1024
        rep stosd
        pop eax
        pop edi
        pop ecx
        ret

puts:   push eax
.l:     lodsb
        test al, al
        jz .d
        out 0xE9, al
        jmp .l
.d:     pop eax
        ret
puthex: push ecx
        push eax
        mov ecx, 8
.l:     rol eax, 4
        push eax
        and al, 15
        add al, '0'
        cmp al, '9'
        jbe .o
        add al, 'a' - '9' - 1
.o:     out 0xE9, al
        pop eax
        loop .l
        mov al, ' '
        out 0xE9, al
        pop eax
        pop ecx
        ret

msg_on:     db "paging on; touching unmapped memory at 0x40000000", 10, 0
msg_fault:  db "#PF at ", 0
msg_err:    db "error ", 0
msg_table:  db "(new page table) ", 0
msg_back:   db "read back: ", 0
msg_faults: db "faults handled: ", 0
msg_frames: db "frames used: ", 0
msg_bad:    db "unexpected page fault", 10, 0
faults:     dd 0
value:      dd 0
next_frame: dd FRAMES

        align 8
gdt:    dq 0
        dq 0x00CF9A000000FFFF           ; 0x08: code, base 0, limit 4 GiB
        dq 0x00CF92000000FFFF           ; 0x10: data, base 0, limit 4 GiB
gdtr:   dw $ - gdt - 1
        dd gdt
idt:    times 256 dq 0
idtr:   dw 256 * 8 - 1
        dd idt
