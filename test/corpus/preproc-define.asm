; Single-line macros: plain, with parameters, nested, redefined, undefined, %assign, %xdefine.
        bits 16
        org 0

%define WIDTH 80
%define HEIGHT 25
%define CELLS (WIDTH * HEIGHT)
%define cell(row, col) ((row) * WIDTH + (col)) * 2
%define max(a, b) ((a) > (b) ? (a) : (b))
%define twice(x) x, x
%define regpair ax, bx

        mov di, cell(3, 4)
        mov cx, CELLS
        mov ax, max(3, 7)
        mov bx, max(WIDTH, HEIGHT)
        db twice(7), twice('a')
        mov regpair
        add [cell(1, 1) + 0x100], ax
        mov word [es:di + cell(24, 79)], 0x0741

%define WIDTH 40                        ; redefinition: later uses see the new value
        mov di, cell(3, 4)
%undef HEIGHT
%ifndef HEIGHT
        mov cx, 1
%endif

