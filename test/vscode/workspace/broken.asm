; A guest that does not assemble: an unknown instruction and an undefined label.
        bits 32
        org 0x100000
start:
        mov eax, 1
        frobnicate eax
        jmp nowhere
