; compute.asm — the CPU benchmark guest (`npm run bench`, scripts/bench-cpu.ts).
;
; A Multiboot v1 kernel that does nothing but compute: each round of its main loop mixes the
; kinds of work an ordinary kernel or program does, in roughly the proportions compiled code
; has them, then it prints a checksum of everything it computed to port 0xE9 and exits through
; QEMU's isa-debug-exit (port 0xF4, status 1). The same file boots under both:
;
;   bin/ringside run test/bench/compute.asm                       (ITERATIONS defaults to 1000)
;   nasm -f bin -D ITERATIONS=20000 test/bench/compute.asm -o compute.bin
;   qemu-system-i386 -kernel compute.bin -debugcon stdio -device isa-debug-exit,iobase=0xf4,iosize=4 -display none
;
; The round count comes from the ITERATIONS define, so the benchmark can build two sizes and
; time the difference between them: start-up (QEMU's, or ringside's assembling and booting)
; cancels, and what is left is the cost of ITERATIONS2 - ITERATIONS1 rounds.
;
; One round (about 1,600 instructions, and 256 string-element moves and compares):
;   1. ALU: a xorshift generator and a multiply-add hash (ADD ADC SUB XOR AND OR SHL SHR ROL
;      IMUL LEA), with DIV once per round;
;   2. memory: a read-modify-write pass over a 64-entry table with scaled-index addressing;
;   3. stack and calls: a recursive function (PUSH/POP, CALL/RET, a stack frame with EBP);
;   4. strings: REP MOVSD a 64-dword block, REPE CMPSD it back, REP STOSB a tail;
;   5. branches: counting bits with a data-dependent branch per bit, and a bounded search.

        bits 32
        org 0x100000

%ifndef ITERATIONS
%define ITERATIONS 1000
%endif

MB_MAGIC        equ 0x1badb002
MB_FLAGS        equ 1 << 16             ; a.out kludge: the address fields below are valid
DEBUG_PORT      equ 0xe9
EXIT_PORT       equ 0xf4
TABLE_ENTRIES   equ 64
BLOCK_DWORDS    equ 64

multiboot_header:
        dd MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)
        dd multiboot_header             ; header_addr
        dd multiboot_header             ; load_addr
        dd load_end                     ; load_end_addr
        dd bss_end                      ; bss_end_addr: the tables and stack below are zeroed
        dd start                        ; entry_addr

start:
        cli
        mov esp, stack_top
        cld
        mov dword [seed], 0x2545f491
        mov dword [checksum], 0
        mov dword [rounds], ITERATIONS

round:
        ; ---- 1. ALU: xorshift32 for fresh input, folded into a multiply-add hash ----------
        mov ecx, 16
        mov eax, [seed]
        mov ebx, [checksum]
.alu:   mov edx, eax                    ; x ^= x << 13; x ^= x >> 17; x ^= x << 5
        shl edx, 13
        xor eax, edx
        mov edx, eax
        shr edx, 17
        xor eax, edx
        mov edx, eax
        shl edx, 5
        xor eax, edx
        imul ebx, ebx, 31               ; h = h * 31 + x, with carries folded in
        add ebx, eax
        adc ebx, 0
        rol ebx, 3
        lea esi, [ebx + eax*2 + 7]
        sub esi, ecx
        and esi, 0x0fffffff
        or ebx, esi
        xor ebx, eax
        dec ecx
        jnz .alu
        mov [seed], eax
        xor edx, edx                    ; one division a round: h mod 1,000,003
        mov esi, ebx
        mov ecx, 1000003
        div ecx
        lea ebx, [esi + edx]
        mov [checksum], ebx

        ; ---- 2. memory: table[i] = table[i] * 3 + table[(i + 7) % 64] ^ seed ---------------
        xor ecx, ecx
        mov edi, [seed]
.mem:   mov eax, [table + ecx*4]
        lea eax, [eax + eax*2]
        lea edx, [ecx + 7]
        and edx, TABLE_ENTRIES - 1
        add eax, [table + edx*4]
        xor eax, edi
        mov [table + ecx*4], eax
        add [checksum], eax
        inc ecx
        cmp ecx, TABLE_ENTRIES
        jb .mem

        ; ---- 3. stack and calls: sum(n) = n + sum(n - 1) through a real stack frame --------
        push dword 24
        call sum
        add esp, 4
        add [checksum], eax

        ; ---- 4. strings: copy the table out and back, compare, clear a tail ----------------
        mov esi, table
        mov edi, block
        mov ecx, BLOCK_DWORDS
        rep movsd
        mov esi, table
        mov edi, block
        mov ecx, BLOCK_DWORDS
        repe cmpsd                      ; equal all the way: ECX ends at 0
        add [checksum], ecx
        mov edi, block + BLOCK_DWORDS * 2
        mov al, [seed]
        mov ecx, BLOCK_DWORDS * 2
        rep stosb
        mov eax, [block + BLOCK_DWORDS * 3]
        add [checksum], eax

        ; ---- 5. branches: popcount of the checksum one bit at a time, then a search -------
        mov eax, [checksum]
        xor edx, edx
.bits:  test eax, 1
        jz .zero
        inc edx
.zero:  shr eax, 1
        jnz .bits
        mov ecx, TABLE_ENTRIES          ; find the first table entry whose low byte is small
        mov esi, table
.find:  movzx eax, byte [esi]
        cmp eax, 0x20
        jb .found
        add esi, 4
        loop .find
.found: add edx, ecx
        add [checksum], edx

        dec dword [rounds]
        jnz round

        ; ---- print "checksum XXXXXXXX\n" and exit ------------------------------------------
        mov esi, label
.label: lodsb
        test al, al
        jz .hex
        out DEBUG_PORT, al
        jmp .label
.hex:   mov ebx, [checksum]
        mov ecx, 8
.digit: rol ebx, 4
        mov eax, ebx
        and eax, 0xf
        mov al, [digits + eax]
        out DEBUG_PORT, al
        loop .digit
        mov al, 10
        out DEBUG_PORT, al
        mov al, 0                       ; QEMU exits with status (0 << 1) | 1
        out EXIT_PORT, al
.halt:  hlt
        jmp .halt

; sum(n): n + (n - 1) + ... + 1, recursively, with a frame and a saved register.
sum:    push ebp
        mov ebp, esp
        push ebx
        mov ebx, [ebp + 8]
        xor eax, eax
        test ebx, ebx
        jz .done
        lea eax, [ebx - 1]
        push eax
        call sum
        add esp, 4
        add eax, ebx
.done:  pop ebx
        pop ebp
        ret

label:  db "checksum ", 0
digits: db "0123456789abcdef"

load_end:

        section .bss
        alignb 4096
table:  resd TABLE_ENTRIES
block:  resd BLOCK_DWORDS
seed:   resd 1
checksum: resd 1
rounds: resd 1
        alignb 16
stack:  resb 4096
stack_top:
bss_end:
