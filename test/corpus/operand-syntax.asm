; The many ways NASM lets one write an operand: displacement or scale first, repeated
; registers, zero displacements, labels and $ inside brackets, size keywords on either
; operand, upper case, tabs, and labels without colons.
        bits 32
        org 0x8000

base:   mov eax, [4 + ebx]
        mov eax, [2 * ebx]
        mov eax, [ebx * 2 + ecx]
        mov eax, [ecx + ebx * 1]
        mov eax, [ebx + ebx]
        mov eax, [ebx * 2 + ebx]
        mov eax, [ebx * 5]
        mov eax, [ebx * 9]
        mov eax, [ebx + 0]
        mov eax, [ebp + 0]
        mov eax, [esp + 0]
        mov eax, [eax + 0x10 - 0x10]
        mov eax, [(ebx + 8) * 2]
        mov eax, [esi + edi * 4 + table - base]
        mov eax, [table]
        mov eax, [table + 4]
        mov eax, [ebx + table]
        mov eax, [ecx * 4 + table]
        mov eax, [$]
        mov eax, [$ + 8]
        lea esi, [esi + 0]
        lea edi, [edi * 1]
        lea eax, [eax + eax * 2]

        mov word [ebx], 1
        mov [ebx], word 1
        mov dword [ebx], table
        add [ebx], byte 1
        add dword [ebx], byte -1
        push dword table
        push table
        mov eax, table + 4
        mov ax, table - base
        cmp eax, table

        MOV EAX, EBX
        Mov Ecx, [Edx]
        mov	eax,	ecx		; tabs
        mov eax,ebx;no spaces
        mov  eax ,  ebx

nocolon mov eax, ebx                    ; a label without a colon before an instruction
        bits 16
        mov ax, [bx + 0]
        mov ax, [si + 0]
        mov ax, [bp + 0]
        mov ax, [0 + bx + si]
        mov ax, [si + bx + 2]
        mov ax, [table]
        mov ax, [bx + table - base]
        mov ax, [es: bx]
        mov ax, [es:table]
        mov eax, [ebx]
        mov ax, [ebx + ecx * 2]
        bits 32

table:  dd 1, 2, 3, 4
