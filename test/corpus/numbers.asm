; Every NASM number form and character constants.
        bits 16
        org 0

        dw 200, 0200, 0d200, 200d, 0t200                        ; decimal (a leading 0 is not octal)
        dw 0xc8, 0Xc8, 0hc8, 0c8h, 0C8H, $0c8, 0x_c8, 0xc_8     ; hexadecimal
        dw 0b11001000, 0B1100_1000, 11001000b, 0y11001000, 11001000y   ; binary
        dw 0o310, 0q310, 310o, 310q, 310Q                       ; octal
        dd 1_000_000, 0xdead_beef, 0ffffh
        dq 0x123456789abcdef0, 18446744073709551615
        dw -0x10, -0b1, -017q, ~0x0f

        db 'a', "b", `c`                                        ; character constants
        dw 'ab', "ab"                                           ; little-endian: 'a' first
        dd 'abc', 'abcd'
        mov ax, 'hi'
        mov eax, 'four'
        cmp al, 'Z' - 'A'
        db `\n\r\t\\\'\"\``, `\0`, `\x7f\177\e\a\b\f\v`
        db `\u00e9`, 'é'                                        ; UTF-8 either way
