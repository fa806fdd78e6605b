// Privilege levels over DAP, on the ring-3 sample guest: frames labelled with their ring and mode
// (a ring-0 handler's caller is the ring-3 or virtual-8086 code it interrupted, from the frame the
// CPU saved, and the EBP chain goes on in the caller's stack), stepping over INT n (by line and by
// instruction) from ring 3, stepping into the ring-0 handler and out again through IRET, a #GP
// from ring 3, and a user-mode #PF described exactly.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { DebugProtocol } from '@vscode/debugprotocol';
import { Adapter, launch, launchStopped, lineOf, multibootGuest, registers, SAMPLES, startAdapter, stopAfter, topFrame, writeGuest } from './support/dap-harness';

const RING3 = path.join(SAMPLES, 'ring3-syscalls.asm');
/** The source lines of ring3-syscalls.asm the tests stop at (1-based; checked below). */
const LINE = { writeCall: 176, getpidSetup: 178, getpidCall: 179, storePid: 180, cli: 208 };

async function atLine(line: number): Promise<{ a: Adapter; output: string[] }> {
  const a = await startAdapter();
  const output: string[] = [];
  a.dc.on('output', (e) => output.push(e.body.output));
  await launch(a, RING3);
  await a.dc.setBreakpointsRequest({ source: { path: RING3 }, breakpoints: [{ line }] });
  const stop = await stopAfter(a, () => a.dc.configurationDoneRequest());
  assert.equal(stop.body.reason, 'breakpoint');
  await a.dc.setBreakpointsRequest({ source: { path: RING3 }, breakpoints: [] });
  return { a, output };
}

const cpl = async (a: Adapter) => (await registers(a)).CPL;

const stack = async (a: Adapter) => (await a.dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
/** A frame's name without the offset from its label. */
const bare = (f: DebugProtocol.StackFrame) => f.name.replace(/\+0x[0-9a-f]+/, '');

/** `program` stopped at the first line containing `marker`, with its stack frames. */
async function framesAt(program: string, marker: string): Promise<{ a: Adapter; frames: DebugProtocol.StackFrame[] }> {
  const { a } = await launchStopped(program, (a) => a.dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: lineOf(program, marker) }] }));
  return { a, frames: await stack(a) };
}

test('the sample lines are where the tests expect them', async () => {
  const fs = await import('node:fs');
  const lines = fs.readFileSync(RING3, 'utf8').split('\n');
  assert.match(lines[LINE.writeCall - 1], /^\s+int 0x80/);
  assert.match(lines[LINE.getpidSetup - 1], /mov eax, 2/);
  assert.match(lines[LINE.getpidCall - 1], /^\s+int 0x80/);
  assert.match(lines[LINE.storePid - 1], /mov \[pid\], eax/);
  assert.match(lines[LINE.cli - 1], /^\s+cli/);
});

test('next steps over INT 0x80 from ring 3 (the kernel runs, its output arrives); frames say ring 3', async () => {
  const { a, output } = await atLine(LINE.writeCall);
  try {
    const f = await topFrame(a);
    assert.match(f.name, /^user_start\+0x[0-9a-f]+ \[ring 3, protected 32-bit\]$/);
    assert.equal(await cpl(a), '3');
    await stopAfter(a, () => a.dc.nextRequest({ threadId: 1 }));
    assert.equal((await topFrame(a)).line, LINE.getpidSetup);
    assert.equal(await cpl(a), '3');
    const hello = 'user: hello from ring 3 via int 0x80\n';
    assert.ok(output.join('').includes(hello), output.join(''));
    assert.equal(Number((await registers(a)).EAX), hello.length); // write() returns the bytes written
    // by instruction: mov eax, 2, then over the INT
    await stopAfter(a, () => a.dc.nextRequest({ threadId: 1, granularity: 'instruction' }));
    assert.equal((await topFrame(a)).line, LINE.getpidCall);
    const s = await stopAfter(a, () => a.dc.nextRequest({ threadId: 1, granularity: 'instruction' }));
    assert.match(s.body.description ?? '', /Stepped over int/);
    assert.equal((await topFrame(a)).line, LINE.storePid);
    assert.equal((await registers(a)).EAX, '0x0000002a'); // getpid() = 42
  } finally {
    await a.close();
  }
});

test('stepIn at INT 0x80 enters the ring-0 handler; stepOut returns through IRET to ring 3', async () => {
  const { a } = await atLine(LINE.getpidCall);
  try {
    const userEsp = (await registers(a)).ESP;
    await stopAfter(a, () => a.dc.stepInRequest({ threadId: 1, granularity: 'instruction' }));
    const inside = await topFrame(a);
    assert.match(inside.name, /^syscall_entry \[ring 0, protected 32-bit\]$/);
    assert.equal(await cpl(a), '0');
    // a step in the handler, then out: the IRET changes stacks (ring 0 to 3), ESP is the user's again
    await stopAfter(a, () => a.dc.stepInRequest({ threadId: 1, granularity: 'instruction' }));
    const out = await stopAfter(a, () => a.dc.stepOutRequest({ threadId: 1, granularity: 'instruction' }));
    assert.equal(out.body.description, 'Stepped out');
    assert.equal((await topFrame(a)).line, LINE.storePid);
    assert.equal(await cpl(a), '3');
    assert.equal((await registers(a)).ESP, userEsp);
    assert.equal((await registers(a)).EAX, '0x0000002a');
  } finally {
    await a.close();
  }
});

test('in a ring-0 handler, the frame below is the ring-3 caller with its own ring and mode (INT 0x80, and #GP with its error code)', async () => {
  // the saved EIP is on top of the handler's stack, above the error code for #GP
  for (const [marker, callerLine, eipAt] of [['mov eax, 42', LINE.storePid, 'esp'], ['mov esi, msg_gp', LINE.cli, 'esp + 4']] as const) {
    const { a, frames } = await framesAt(RING3, marker);
    try {
      assert.equal(frames.length, 2, frames.map((f) => f.name).join(', '));
      assert.match(frames[0].name, /\[ring 0, protected 32-bit\]$/);
      assert.equal(frames[1].line, callerLine, marker);
      assert.match(frames[1].name, /^user_start(\.\w+)?(\+0x[0-9a-f]+)? \[ring 3, protected 32-bit\]$/);
      const eip = (await a.dc.evaluateRequest({ expression: `dword [${eipAt}]`, context: 'watch' })).body.result;
      assert.equal(frames[1].instructionPointerReference, eip);
    } finally {
      await a.close();
    }
  }
});

test('the frames of a ring-0 call chain come first, then the ring-3 code the handler was entered from', async () => {
  // kputs returns: first for the kernel's banner (no ring change below it), then in the #GP handler
  const { a, frames: banner } = await framesAt(RING3, '.d:     ret');
  try {
    assert.deepEqual(banner.map(bare), ['kputs.d [ring 0, protected 32-bit]', 'start.flush [ring 0, protected 32-bit]']);
    await stopAfter(a, () => a.dc.continueRequest({ threadId: 1 }));
    const frames = await stack(a);
    assert.deepEqual(frames.map(bare), [
      'kputs.d [ring 0, protected 32-bit]',
      'gp_fault [ring 0, protected 32-bit]',
      'user_start.accepted [ring 3, protected 32-bit]',
    ]);
    assert.equal(frames[2].line, LINE.cli);
  } finally {
    await a.close();
  }
});

/**
 * A Multiboot kernel with flat ring-0 (0x08, 0x10) and ring-3 (0x1b, 0x23) segments, a TSS (0x28)
 * whose ring-0 stack is kstack_top, and an empty IDT, all loaded; `body` runs from kernel_main on
 * (`set_gate VECTOR, HANDLER, ACCESS` fills an IDT entry).
 */
function ringsGuest(body: string): string {
  return multibootGuest(`
%macro set_gate 3
        mov eax, %2
        mov [idt + %1 * 8], ax
        mov word [idt + %1 * 8 + 2], 0x08
        mov word [idt + %1 * 8 + 4], %3
        shr eax, 16
        mov [idt + %1 * 8 + 6], ax
%endmacro
start:
        mov esp, kstack_top
        lgdt [gdtr]
        jmp 0x08:.flush
.flush: mov ax, 0x10
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov eax, tss
        mov [gdt_tss + 2], ax
        shr eax, 16
        mov [gdt_tss + 4], al
        mov [gdt_tss + 7], ah
        mov ax, 0x28
        ltr ax
        lidt [idtr]
        jmp kernel_main
${body}
        align 8
gdt:    dq 0
        dq 0x00CF9A000000FFFF
        dq 0x00CF92000000FFFF
        dq 0x00CFFA000000FFFF
        dq 0x00CFF2000000FFFF
gdt_tss: dw tss_end - tss - 1, 0
        db 0, 0x89, 0, 0
gdtr:   dw $ - gdt - 1
        dd gdt
tss:    dd 0, kstack_top, 0x10
        times 22 dd 0
        dw 0, tss_end - tss
tss_end:
idt:    times 256 dq 0
idtr:   dw 256 * 8 - 1
        dd idt
kstack: times 1024 db 0
kstack_top:
`);
}

/** Ring-3 functions with frame pointers make a system call from inside one; the ring-0 handler keeps a frame pointer too and calls a kernel function. */
const FRAMES_GUEST = ringsGuest(`
kernel_main:
        set_gate 0x80, handler, 0xEF00  ; trap gate, DPL 3
        push dword 0x23                 ; SS
        push dword stack_top            ; ESP
        push dword 0x002                ; EFLAGS
        push dword 0x1b                 ; CS
        push dword user_main            ; EIP
        iretd

handler:
        push ebp
        mov ebp, esp
        call kfunc
        pop ebp                         ; @after-kfunc
        iretd
kfunc:
        push ebp
        mov ebp, esp
        nop                             ; @kfunc-body
        pop ebp
        ret

user_main:
        xor ebp, ebp
        call ufunc
.spin:  jmp .spin                       ; @after-ufunc
ufunc:
        push ebp
        mov ebp, esp
        int 0x80
        pop ebp                         ; @after-syscall
        ret
`);

test('the EBP chain goes on from the ring-0 handler into the ring-3 functions that made the system call', async () => {
  const file = writeGuest('frames.asm', FRAMES_GUEST);
  const { a, frames } = await framesAt(file, '@kfunc-body');
  try {
    assert.deepEqual(frames.map((f) => [f.line, bare(f)]), [
      [lineOf(file, '@kfunc-body'), 'kfunc [ring 0, protected 32-bit]'],
      [lineOf(file, '@after-kfunc'), 'handler [ring 0, protected 32-bit]'],
      [lineOf(file, '@after-syscall'), 'ufunc [ring 3, protected 32-bit]'],
      [lineOf(file, '@after-ufunc'), 'user_main.spin [ring 3, protected 32-bit]'],
    ]);
  } finally {
    await a.close();
  }
});

/** Virtual-8086 code at 0800:0000 (copied below 1 MiB) runs CLI with IOPL 0: #GP to a ring-0 handler. */
const VM86_GUEST = ringsGuest(`
kernel_main:
        set_gate 13, gp_handler, 0x8E00 ; interrupt gate, DPL 0
        mov esi, v86_code
        mov edi, 0x8000
        mov ecx, v86_end - v86_code
        rep movsb
        push dword 0                    ; GS
        push dword 0                    ; FS
        push dword 0                    ; DS
        push dword 0                    ; ES
        push dword 0x0700               ; SS
        push dword 0x0ff0               ; SP
        push dword 0x20002              ; EFLAGS: VM, IOPL 0
        push dword 0x0800               ; CS
        push dword 0                    ; IP
        iretd

gp_handler:
        nop                             ; @gp-handler
        hlt

v86_code:
        cli
v86_end:
`);

test('a ring-0 handler entered from virtual-8086 mode: the frame below is the V86 code, at CS * 16 + IP', async () => {
  const { a, frames } = await framesAt(writeGuest('vm86.asm', VM86_GUEST), '@gp-handler');
  try {
    assert.deepEqual(frames.map(bare), ['gp_handler [ring 0, protected 32-bit]', '0x00008000 [ring 3, virtual-8086]']);
    assert.equal(frames[1].instructionPointerReference, '0x00008000');
  } finally {
    await a.close();
  }
});

test('#GP from ring 3 (CLI with IOPL 0) stops with its text and a ring-3 frame', async () => {
  const { a, stop } = await launchStopped(RING3, (a) => a.dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'guest-exception', condition: '#GP' }] }));
  try {
    assert.equal(stop.body.reason, 'exception');
    assert.match(stop.body.text ?? '', /^#GP at 0x[0-9a-f]{8}, error code 0x0$/);
    const f = await topFrame(a);
    assert.equal(f.line, LINE.cli);
    assert.match(f.name, /\[ring 3, protected 32-bit\]$/);
    const info = await a.dc.exceptionInfoRequest({ threadId: 1 });
    assert.equal(info.body.exceptionId, '#GP');
    assert.equal(info.body.description, stop.body.text);
  } finally {
    await a.close();
  }
});

/**
 * Ring-3 code copied to physical 0x1000 and run at linear 0x00401000 (a 4 MiB user page maps
 * 4..8 MiB onto 0..4 MiB); it writes to 0xdeadb000, which nothing maps.
 */
const USER_PF_GUEST = ringsGuest(`
kernel_main:
        mov esi, user_code
        mov edi, 0x1000
        mov ecx, user_end - user_code
        rep movsb
        mov eax, cr4
        or eax, 0x10                    ; CR4.PSE
        mov cr4, eax
        mov dword [pd], 0x87            ; 0..4 MiB: present, writable, user, 4 MiB
        mov dword [pd + 4], 0x87        ; 4..8 MiB: the same frames
        mov eax, pd
        mov cr3, eax
        mov eax, cr0
        or eax, 0x80000000
        mov cr0, eax
        mov ax, 0x23                    ; DS: ring-3 data (kept by the IRET to ring 3)
        mov ds, ax
        push dword 0x23                 ; SS: ring-3 data
        push dword 0x400f00             ; ESP
        push dword 0x002                ; EFLAGS
        push dword 0x1b                 ; CS: ring-3 code
        push dword 0x401000             ; EIP
        iretd
user_code:
        mov dword [0xdeadb000], 1
user_end:
        align 4096
pd:     times 1024 dd 0
`);

test('a user-mode write to an unmapped page: #PF at 0x00401000, error code 0x6, CR2=0xdeadb000', async () => {
  const { a, stop } = await launchStopped(writeGuest('user-pf.asm', USER_PF_GUEST), (a) => a.dc.setExceptionBreakpointsRequest({ filters: ['guest-exception'] }));
  try {
    assert.equal(stop.body.reason, 'exception');
    assert.equal(stop.body.text, '#PF at 0x00401000, error code 0x6, CR2=0xdeadb000');
    assert.equal(stop.body.description, 'Exception #PF at 0x00401000, error code 0x6, CR2=0xdeadb000');
    const f = await topFrame(a);
    assert.equal(f.instructionPointerReference, '0x00401000');
    assert.match(f.name, /^0x00401000 \[ring 3, protected 32-bit, paging\]$/);
    const dis = await a.dc.customRequest('disassemble', { memoryReference: '0x00401000', instructionCount: 1 });
    assert.match(dis.body.instructions[0].instruction, /^mov dword \[(dword )?0xdeadb000\],0x1$/);
  } finally {
    await a.close();
  }
});
