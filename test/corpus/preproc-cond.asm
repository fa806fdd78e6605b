; defines: LEVEL=3 DEBUG=1 BASE=0x8000 FLAG= GREETING='hi!'
; Conditional assembly: %if with expressions, %ifdef/%ifndef, %elif/%else, nesting,
; and -D defines from the command line (the harness passes the header's defines to both).
        bits 32
        org BASE

%ifdef DEBUG
        db 'D'
%else
        db 'R'
%endif

%ifndef UNDEFINED_THING
        db 1
%endif

%ifdef FLAG                             ; defined, though empty
        db 2
%endif

%if LEVEL == 1
        db 0x11
%elif LEVEL == 2
        db 0x22
%elif LEVEL >= 3 && DEBUG
        db 0x33
  %if LEVEL > 4
        db 0x44
  %elif LEVEL * 2 == 6                  ; nested
        db 0x66
  %else
        db 0x77
  %endif
%else
        db 0x99
%endif

%if 0
        this line is never assembled, so it may be anything at all
%endif

%define FEATURE_A
%ifdef FEATURE_A
  %ifdef FEATURE_B
        db 0xab
  %else
        db 0x0a
  %endif
%endif

%if (LEVEL << 4 | 1) = 0x31
        mov eax, LEVEL
%endif
        db GREETING, 0
%ifdef GREETING
%elifdef LEVEL
        db 0xee
%endif
%ifndef NOPE
  %ifdef FLAG
        dd BASE, $
  %endif
%endif
