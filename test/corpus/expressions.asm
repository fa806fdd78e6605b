; NASM's expression operators and their precedence, lowest first:
;   ?:  ||  ^^  &&  comparisons (= == != <> < <= > >= <=>)  |  ^  &  << >> >>>  + -
;   * / // % %%  unary (- + ~ ! and SEG-less here)
        bits 32
        org 0x200

a       equ 7
b       equ -7
c       equ 3

        dd a / 2, a % c, a // 2, b // 2, a %% c, b %% c          ; unsigned and signed division
        dd 1 << 4 >> 2, 0x80000000 >> 4, 0x80000000 >>> 4, -16 >> 2 & 0xffffffff
        dq -16 >>> 2, -16 >> 2                                        ; logical shift of a 64-bit value
        dd 2 + 3 * 4, (2 + 3) * 4, 2 - 3 - 4, 100 / 10 / 5
        dd 1 | 6 & 3, (1 | 6) & 3, 1 ^ 3 & 2, 0xf0 | 0x0f ^ 0xff
        dd 1 + 2 << 3, 1 << 2 + 3, 3 * 4 << 1
        dd -a, +a, ~a, !a, !0, - -a, ~~a, -~a
        dd a > c, a < c, a >= 7, a <= 6, a == 7, a = 7, a != 7, a <> 7
        dd a <=> c, c <=> a, a <=> 7
        dd 1 && 0, 1 && 2, 0 || 0, 0 || 5, 1 ^^ 1, 1 ^^ 0
        dd 1 || 0 && 0, (1 || 0) && 0, 1 == 1 && 2 == 2
        dd a > c ? 100 : 200, a < c ? 100 : 200, 0 ? 1 : 0 ? 2 : 3
        dd a + b * c - (a - b) / c % 5
        dd (((((1 + 2) * 3) - 4) << 2) | 1) & 0xff
        dw 0xffff + 1 - 1, -1 & 0xffff
        db (a * 3) & 0xff, -a & 0xff, 0x1ff & 0xff

here:   dd $ - here, $$ - here, (here - $$) / 4
        dd end - here                                           ; forward reference
        mov eax, a * 4 + c
        mov ebx, [eax + a * 4 - c]
        lea ecx, [eax * 4 + ebx + (end - here)]
        add eax, -(a + c)
        cmp al, 'a' + 1
        mov eax, 'ab' << 8 | 'c'
end:
