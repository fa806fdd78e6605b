; Preprocessor features beyond the issue's list that kernels still use: %assign, %rep,
; %xdefine, %idefine, token pasting, %defstr, %strlen, %substr, %rotate.
        bits 32
        org 0

%define WIDTH 40
%assign n 1
%rep 5
        db n
%assign n n * 2
%endrep

%define lazy WIDTH
%xdefine eager WIDTH
%define WIDTH 10
        db lazy, eager                  ; 10, 40

%define CaseSensitive 1
%idefine shout 2
        db CaseSensitive, SHOUT, Shout

%define paste(a, b) a %+ b
paste(la, bel): db paste(0x, 2a)
        dw label
%defstr asstring WIDTH
        db asstring, 0

%strlen len "hello"
        db len
%substr first "hello" 1
        db first

%macro pushall 1-*
%rep %0
        push %1
%rotate 1
%endrep
%endmacro
        pushall eax, ebx, ecx

; an IDT stub table, the way kernels write it
%assign vec 0
%rep 4
isr %+ vec:
        push byte vec
        jmp isr_common
%assign vec vec + 1
%endrep
isr_common: iret
        dd isr0, isr1, isr2, isr3
