; Multi-line macros: parameters, %0, default and greedy parameters, macro-local labels,
; macros calling macros, and overloading by parameter count.
        bits 16
        org 0x7c00

%macro zero 1
        xor %1, %1
%endmacro

%macro print 1                          ; print a byte to port 0xe9
        mov al, %1
        out 0xe9, al
%endmacro

%macro prints 1+                        ; greedy: all the rest, commas included
        jmp %%after
%%text: db %1, 0
%%after:
        mov si, %%text
%endmacro

%macro delay 0-1 100                    ; optional count with a default
        mov cx, %1
%%spin: loop %%spin
%endmacro

%macro nargs 0-*
        db %0
%endmacro

%macro pair 2
        mov %1, %2
%endmacro
%macro pair 3                           ; same name, three parameters
        mov %1, %2
        mov %1, %3
%endmacro

%macro setup_segments 0
        zero ax
        mov ds, ax
        mov es, ax
%endmacro

start:  setup_segments
        print 'A'
        print 0x0a
        prints "two", " strings, one with a comma"
        prints 'x'
        delay
        delay 5
        nargs
        nargs 1, 2, 3
        nargs {1, 2}, 3                 ; braces group a parameter
        pair bx, 1
        pair cx, 2, 3
        jmp start
