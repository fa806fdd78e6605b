// Privilege levels over DAP, on the ring-3 sample guest: frames labelled with their ring and mode,
// stepping over INT n (by line and by instruction) from ring 3, stepping into the ring-0 handler
// and out again through IRET, a #GP from ring 3, and a user-mode #PF described exactly.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { Adapter, launch, multibootGuest, registers, SAMPLES, startAdapter, stopAfter, topFrame, writeGuest } from './support/dap-harness';

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

test('#GP from ring 3 (CLI with IOPL 0) stops with its text and a ring-3 frame', async () => {
  const a = await startAdapter();
  try {
    await launch(a, RING3);
    await a.dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'guest-exception', condition: '#GP' }] });
    const stop = await stopAfter(a, () => a.dc.configurationDoneRequest());
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
const USER_PF_GUEST = multibootGuest(`
start:
        mov esp, stack_top
        lgdt [gdtr]
        jmp 0x08:.flush
.flush: mov ax, 0x10
        mov ds, ax
        mov es, ax
        mov ss, ax
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
        align 8
gdt:    dq 0
        dq 0x00CF9A000000FFFF
        dq 0x00CF92000000FFFF
        dq 0x00CFFA000000FFFF
        dq 0x00CFF2000000FFFF
gdtr:   dw $ - gdt - 1
        dd gdt
        align 4096
pd:     times 1024 dd 0
`);

test('a user-mode write to an unmapped page: #PF at 0x00401000, error code 0x6, CR2=0xdeadb000', async () => {
  const a = await startAdapter();
  try {
    await launch(a, writeGuest('user-pf.asm', USER_PF_GUEST));
    await a.dc.setExceptionBreakpointsRequest({ filters: ['guest-exception'] });
    const stop = await stopAfter(a, () => a.dc.configurationDoneRequest());
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
