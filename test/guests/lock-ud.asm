; lock-ud.asm — LOCK prefix legality. Per the SDM (vol. 2, "LOCK"), LOCK is only allowed
; with ADD ADC AND BTC BTR BTS CMPXCHG CMPXCHG8B DEC INC NEG NOT OR SBB SUB XOR XADD XCHG
; and a memory destination; anything else raises #UD.
;
; QEMU 7.2 (TCG) gets three of these wrong: LOCK XADD with a register destination, LOCK MOV
; and LOCK BT run without #UD. The expectation is therefore the SDM's (lock-ud.sdm-expected)
; and this guest is left out of the QEMU check; QEMU prints "nofault" on lines 1, 4 and 9.
%include "guest.inc"
main:
        TRY lock xadd eax, ebx          ; register destination
        TRY lock add eax, ebx
        TRY lock nop
        TRY lock mov eax, ebx           ; MOV is not lockable
        TRY lock inc eax
        TRY lock cmpxchg eax, ebx
        TRY db 0xF0, 0x0F, 0xC7, 0xC8   ; lock cmpxchg8b with a register operand
        TRY db 0x0F, 0xC7, 0xC8         ; cmpxchg8b with a register operand: #UD even unlocked
        TRY lock bt dword [scratch], 1  ; BT is not lockable (BTS/BTR/BTC are)
        TRY lock bts dword [scratch], 1 ; fine
        TRY lock xchg [scratch], eax    ; fine
        EXIT 0
scratch: dd 0
