// launch with each kind of program: .asm (assembled, with lines), a flat binary (no source: frames
// point at the disassembly), a ROM in real mode; guest output and the exit code; a breakpoint on
// the very first instruction.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assemble } from '../src/asm/assembler';
import { CALLS_GUEST, launch, launchStopped, lineOf, SAMPLES, startAdapter, stopAfter, topFrame, writeGuest } from './support/dap-harness';

test('a flat binary runs to its exit with its output on the console and its exit code', async () => {
  const built = assemble({ path: path.join(SAMPLES, 'hello.asm') });
  const bin = writeGuest('hello.bin', '');
  fs.writeFileSync(bin, built.bytes);
  const a = await startAdapter();
  try {
    await launch(a, bin, { boot: 'multiboot' });
    const out: string[] = [];
    a.dc.on('output', (e) => out.push(e.body.output));
    const [exited] = await Promise.all([a.dc.waitForEvent('exited'), a.dc.waitForEvent('terminated'), a.dc.configurationDoneRequest()]);
    assert.equal(exited.body.exitCode, 1);
    assert.ok(out.join('').includes('Hello from the guest!\n'), out.join(''));
  } finally {
    await a.close();
  }
});

test('a flat binary stopped on entry: frames without source, labelled with ring and mode; the disassembly instead', async () => {
  const built = assemble({ path: path.join(SAMPLES, 'hello.asm') });
  const bin = writeGuest('hello.bin', '');
  fs.writeFileSync(bin, built.bytes);
  const { a } = await launchStopped(bin, undefined, { stopOnEntry: true, memoryMB: 16 });
  try {
    const f = await topFrame(a);
    assert.equal(f.source, undefined);
    assert.match(f.name, /^0x001[0-9a-f]{5} \[ring 0, protected 32-bit\]$/);
    const dis = await a.dc.customRequest('disassemble', { memoryReference: f.instructionPointerReference, instructionCount: 1 });
    assert.equal(dis.body.instructions[0].instruction, 'cli');
    // without a line table a step is one instruction
    await stopAfter(a, () => a.dc.nextRequest({ threadId: 1 }));
    assert.match((await topFrame(a)).name, /^0x001[0-9a-f]{5} /);
    assert.equal((await a.dc.evaluateRequest({ expression: 'eip', context: 'watch' })).body.result, `0x${(Number(f.instructionPointerReference) + 1).toString(16).padStart(8, '0')}`);
  } finally {
    await a.close();
  }
});

test('a ROM starts in real mode at F000:FFF0', async () => {
  const rom = writeGuest('rom.asm', `
        bits 16
        org 0xf000
start:  mov al, 'R'
        out 0xe9, al
        hlt
        times 0xff0 - ($ - $$) db 0
reset:  jmp 0xf000:start
        times 0x1000 - ($ - $$) db 0
`);
  const { a } = await launchStopped(rom, undefined, { boot: 'rom', stopOnEntry: true });
  try {
    const f = await topFrame(a);
    assert.equal(f.instructionPointerReference, '0xfffffff0');
    assert.match(f.name, /reset \[ring 0, real mode\]/);
    assert.equal(f.line, lineOf(rom, 'reset:'));
    const dis = await a.dc.customRequest('disassemble', { memoryReference: f.instructionPointerReference, instructionCount: 1 });
    assert.match(dis.body.instructions[0].instruction, /^jmp 0xf000:0xf000$/);
    // a breakpoint on a ROM line stops at its alias below 1 MiB, where the code runs after the far jump
    await a.dc.setBreakpointsRequest({ source: { path: rom }, breakpoints: [{ line: lineOf(rom, "out 0xe9") }] });
    await stopAfter(a, () => a.dc.continueRequest({ threadId: 1 }));
    const g = await topFrame(a);
    assert.equal(g.instructionPointerReference, '0x000ff002');
    assert.match(g.name, /^start\+0x2 \[ring 0, real mode\]$/);
  } finally {
    await a.close();
  }
});

test('a breakpoint on the first instruction stops there without stopOnEntry', async () => {
  const file = writeGuest('calls.asm', CALLS_GUEST);
  const { a, stop } = await launchStopped(file, (a) => a.dc.setBreakpointsRequest({ source: { path: file }, breakpoints: [{ line: lineOf(file, '@entry') }] }));
  try {
    assert.equal(stop.body.reason, 'breakpoint');
    assert.equal((await topFrame(a)).line, lineOf(file, '@entry'));
  } finally {
    await a.close();
  }
});

test('args become the kernel command line (after the kernel path, as QEMU passes it)', async () => {
  const file = writeGuest('cmdline.asm', `
        bits 32
        org 0x100000
header: dd 0x1BADB002, 1 << 16, -(0x1BADB002 + (1 << 16))
        dd header, 0x100000, load_end, load_end, start
start:  mov esi, [ebx + 16]             ; multiboot info: cmdline
.next:  lodsb
        test al, al
        jz .done
        out 0xe9, al
        jmp .next
.done:  mov al, 0
        out 0xf4, al
load_end:
`);
  const a = await startAdapter();
  try {
    await launch(a, file, { args: 'console=ttyS0 quiet' });
    const out: string[] = [];
    a.dc.on('output', (e) => out.push(e.body.output));
    await Promise.all([a.dc.waitForEvent('terminated'), a.dc.configurationDoneRequest()]);
    assert.ok(out.join('').includes(`${file} console=ttyS0 quiet`), out.join(''));
  } finally {
    await a.close();
  }
});

/** An ELF32 kernel: one PT_LOAD segment at `address` holding `code`, and a symbol table. */
function elfWithSymbols(code: Uint8Array, address: number, symbols: { name: string; value: number }[]): Uint8Array {
  const strings = [0, ...symbols.flatMap((s) => [...Buffer.from(s.name), 0])];
  const codeAt = 52 + 32;
  const strAt = codeAt + code.length;
  const symAt = strAt + strings.length;
  const shAt = symAt + 16 * (symbols.length + 1);
  const out = new Uint8Array(shAt + 40 * 3);
  const v = new DataView(out.buffer);
  out.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]);
  v.setUint16(16, 2, true); // ET_EXEC
  v.setUint16(18, 3, true); // EM_386
  v.setUint32(20, 1, true);
  v.setUint32(24, address, true);
  v.setUint32(28, 52, true);
  v.setUint32(32, shAt, true);
  v.setUint16(40, 52, true);
  v.setUint16(42, 32, true);
  v.setUint16(44, 1, true);
  v.setUint16(46, 40, true);
  v.setUint16(48, 3, true);
  v.setUint32(52, 1, true); // PT_LOAD
  v.setUint32(56, codeAt, true);
  v.setUint32(60, address, true);
  v.setUint32(64, address, true);
  v.setUint32(68, code.length, true);
  v.setUint32(72, code.length + 0x2000, true); // and a stack after it
  v.setUint32(76, 7, true);
  out.set(code, codeAt);
  out.set(strings, strAt);
  let name = 1;
  symbols.forEach((s, i) => {
    const at = symAt + 16 * (i + 1);
    v.setUint32(at, name, true);
    v.setUint32(at + 4, s.value, true);
    out[at + 12] = 2; // STT_FUNC
    v.setUint16(at + 14, 1, true);
    name += Buffer.byteLength(s.name) + 1;
  });
  const section = (i: number, type: number, offset: number, size: number, link: number) => {
    const at = shAt + 40 * i;
    v.setUint32(at + 4, type, true);
    v.setUint32(at + 16, offset, true);
    v.setUint32(at + 20, size, true);
    v.setUint32(at + 24, link, true);
    v.setUint32(at + 36, type === 2 ? 16 : 0, true);
  };
  section(1, 3, strAt, strings.length, 0); // SHT_STRTAB
  section(2, 2, symAt, 16 * (symbols.length + 1), 1); // SHT_SYMTAB
  return out;
}

test('an ELF32 kernel: function breakpoints and stack frames by its symbol table', async () => {
  const src = writeGuest('kernel.asm', `
        bits 32
        org 0x200000
        jmp start
        align 4
        dd 0x1BADB002, 0, -0x1BADB002   ; Multiboot, ELF layout
start:  mov esp, 0x208000
        xor ebp, ebp
        call square
        mov al, 0
        out 0xf4, al
square: push ebp
        mov ebp, esp
        call inner
        pop ebp
        ret
inner:  push ebp
        mov ebp, esp
        nop
        pop ebp
        ret
`);
  const built = assemble({ path: src });
  const elf = writeGuest('kernel.elf', '');
  fs.writeFileSync(elf, elfWithSymbols(built.bytes, 0x200000, built.symbols.filter((s) => s.kind === 'label')));
  const a = await startAdapter();
  try {
    await launch(a, elf);
    const fb = await a.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'inner' }] });
    assert.equal(fb.body.breakpoints[0].verified, true);
    await stopAfter(a, () => a.dc.configurationDoneRequest());
    await stopAfter(a, () => a.dc.stepInRequest({ threadId: 1 })); // an instruction: no source lines
    await stopAfter(a, () => a.dc.stepInRequest({ threadId: 1 }));
    const st = await a.dc.stackTraceRequest({ threadId: 1 });
    assert.deepEqual(st.body.stackFrames.map((f) => f.name.replace(/ \[.*$/, '')), ['inner+0x3', 'square+0x8', 'start+0xc']);
    const dis = await a.dc.customRequest('disassemble', { memoryReference: st.body.stackFrames[0].instructionPointerReference, instructionOffset: -3, instructionCount: 4 });
    assert.deepEqual(dis.body.instructions.map((i: { symbol?: string }) => i.symbol), [undefined, 'inner', undefined, undefined]);
    assert.deepEqual(dis.body.instructions.map((i: { instruction: string }) => i.instruction), ['ret', 'push ebp', 'mov ebp,esp', 'nop']);
  } finally {
    await a.close();
  }
});
