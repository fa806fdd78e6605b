; roundtrip: bits=32 org=0x100000
; Code only: 32-bit kernel routines (memory and string functions, port I/O, paging and
; control registers, CPUID, MSRs, a spinlock, VMX bring-up), for the disassembly roundtrip.
        bits 32
        org 0x100000

; memcpy(dst = [esp+4], src = [esp+8], n = [esp+12])
memcpy: push esi
        push edi
        mov edi, [esp + 12]
        mov esi, [esp + 16]
        mov ecx, [esp + 20]
        mov eax, edi
        mov edx, ecx
        shr ecx, 2
        rep movsd
        mov ecx, edx
        and ecx, 3
        rep movsb
        pop edi
        pop esi
        ret

memset: push edi
        mov edi, [esp + 8]
        movzx eax, byte [esp + 12]
        imul eax, eax, 0x01010101
        mov ecx, [esp + 16]
        rep stosb
        mov eax, [esp + 8]
        pop edi
        ret

strlen: mov edx, [esp + 4]
        xor eax, eax
.next:  cmp byte [edx + eax], 0
        je .done
        inc eax
        jmp .next
.done:  ret

spin_lock:
        mov edx, [esp + 4]
.retry: mov eax, 1
        xchg eax, [edx]
        test eax, eax
        jz .got
.wait:  pause
        cmp dword [edx], 0
        jne .wait
        jmp .retry
.got:   ret

spin_unlock:
        mov edx, [esp + 4]
        mov dword [edx], 0
        ret

atomic_add:
        mov edx, [esp + 4]
        mov eax, [esp + 8]
        lock xadd [edx], eax
        ret

cas64:  push ebx
        push esi
        mov esi, [esp + 12]
        mov eax, [esp + 16]
        mov edx, [esp + 20]
        mov ebx, [esp + 24]
        mov ecx, [esp + 28]
        lock cmpxchg8b [esi]
        setz al
        movzx eax, al
        pop esi
        pop ebx
        ret

enable_paging:
        mov eax, [esp + 4]
        mov cr3, eax
        mov eax, cr4
        or eax, 1 << 4                  ; PSE
        mov cr4, eax
        mov eax, cr0
        or eax, 0x80000000              ; PG
        mov cr0, eax
        jmp .flush
.flush: ret

flush_tlb_page:
        mov eax, [esp + 4]
        invlpg [eax]
        ret

cpu_info:
        push ebx
        xor eax, eax
        cpuid
        mov eax, 1
        cpuid
        bt ecx, 5                       ; VMX
        setc al
        pop ebx
        ret

rdmsr64:
        mov ecx, [esp + 4]
        rdmsr
        ret

wrmsr64:
        mov ecx, [esp + 4]
        mov eax, [esp + 8]
        mov edx, [esp + 12]
        wrmsr
        ret

tsc:    rdtsc
        ret

outb:   mov edx, [esp + 4]
        mov eax, [esp + 8]
        out dx, al
        ret

inb:    mov edx, [esp + 4]
        xor eax, eax
        in al, dx
        ret

vmx_on: mov eax, cr4
        bts eax, 13                     ; CR4.VMXE
        mov cr4, eax
        vmxon [esp + 4]
        jbe .fail
        vmclear [esp + 12]
        vmptrld [esp + 12]
        mov eax, 0x681e                 ; GUEST_RIP
        vmwrite eax, [esp + 20]
        vmread edx, eax
        vmlaunch
.fail:  vmxoff
        ret

irq_stub:
        pushad
        push ds
        push es
        cld
        mov ax, 0x10
        mov ds, ax
        mov es, ax
        call dword [handlers + 4 * 0]
        pop es
        pop ds
        popad
        iretd

handlers equ 0x200000
