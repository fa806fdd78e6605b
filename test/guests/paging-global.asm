; paging-global.asm — global pages (CR4.PGE): a TLB entry for a page whose PTE has G set
; survives MOV CR3 (a non-global one does not); INVLPG drops it; clearing CR4.PGE flushes
; all global entries.
;
; QEMU 7.2 (TCG) flushes its whole TLB on every MOV CR3, global entries included, so under
; QEMU the global page reads 22222222 right after the CR3 reload. The SDM lets a processor
; keep global entries across MOV CR3 and real processors do (that is the point of PGE);
; the expectation is therefore the SDM/hardware behaviour: paging-global.sdm-expected.
%include "guest.inc"
%include "paging.inc"

main:
        call paging_setup
        ; global pages survive MOV CR3 when CR4.PGE is set
        mov eax, cr4
        or eax, 0x80                    ; PGE
        mov cr4, eax
        PRINT "global "
        HEX32 [GLB]
        PRINT " "
        HEX32 [TLB]
        SETPTE GLB, F2 | 0x103
        SETPTE TLB, F2 | 0x003
        mov eax, cr3
        mov cr3, eax
        PRINT " after cr3 "
        HEX32 [GLB]
        PRINT " "
        HEX32 [TLB]
        invlpg [GLB]
        PRINT " invlpg "
        HEX32 [GLB]
        NL
        ; clearing PGE flushes global entries too
        SETPTE GLB, F1 | 0x103
        mov eax, cr4
        and eax, ~0x80
        mov cr4, eax
        PRINT "pge off "
        HEX32 [GLB]
        NL

        EXIT 0
