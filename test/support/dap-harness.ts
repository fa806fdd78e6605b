// Drives `bin/ringside dap` (the built bundle) through DebugClient, and writes the small guests
// the adapter tests debug. Run `npm run build` first.

import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { DebugProtocol } from '@vscode/debugprotocol';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const BIN = path.join(ROOT, 'bin', 'ringside');
export const SAMPLES = path.join(ROOT, 'sample-guests');

export interface Adapter {
  dc: DebugClient;
  process: cp.ChildProcess;
  stderr: () => string;
  close(): Promise<void>;
}

export async function startAdapter(): Promise<Adapter> {
  const child = cp.spawn(process.execPath, [BIN, 'dap'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const dc = new DebugClient('node', BIN, 'ringside');
  dc.defaultTimeout = 10_000;
  // DebugClient spawns `runtime executable` with no arguments; we spawn `ringside dap` ourselves
  (dc as unknown as { connect(r: NodeJS.ReadableStream, w: NodeJS.WritableStream): void }).connect(child.stdout!, child.stdin!);
  return {
    dc,
    process: child,
    stderr: () => stderr,
    async close() {
      try {
        await Promise.race([dc.disconnectRequest({}), new Promise((r) => setTimeout(r, 1000))]);
      } catch {
        // the adapter may have gone already
      }
      child.kill();
    },
  };
}

const made: string[] = [];
process.on('exit', () => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** A guest file in a fresh temporary directory (removed when the tests end). */
export function writeGuest(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringside-dap-'));
  made.push(dir);
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** The 1-based line of the first line of `file` containing `marker`. */
export function lineOf(file: string, marker: string): number {
  const i = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(marker));
  if (i < 0) throw new Error(`no '${marker}' in ${file}`);
  return i + 1;
}

const MULTIBOOT_HEADER = `
        bits 32
        org 0x100000
MB_MAGIC equ 0x1BADB002
MB_FLAGS equ 1 << 16
header: dd MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)
        dd header, 0x100000, load_end, bss_end, start
`;

const TRAILER = `
load_end:
        section .bss
        alignb 16
stack:  resb 4096
stack_top:
bss_end:
`;

/** A Multiboot guest: `body` from `start:` on (it may use stack_top). */
export function multibootGuest(body: string): string {
  return `${MULTIBOOT_HEADER}\n${body}\n${TRAILER}`;
}

/** Functions with frame pointers, a loop that stores a counter, output and a clean exit. */
export const CALLS_GUEST = multibootGuest(`
start:
        mov esp, stack_top              ; @entry
        xor ebp, ebp
        xor ecx, ecx
loop_top:
        inc ecx                         ; @loop
        mov [counter], ecx              ; @store
        cmp ecx, 5
        jne loop_top
        push 7                          ; @push
        call square                     ; @call
        add esp, 4                      ; @after-call
        mov [result], eax               ; @result
        mov al, 'O'
        out 0xe9, al
        mov al, 'K'
        out 0xe9, al
        mov al, 0
        out 0xf4, al                    ; @exit
.halt:  hlt
        jmp .halt

square:
        push ebp                        ; @square
        mov ebp, esp
        mov eax, [ebp+8]
        call inner                      ; @call-inner
        imul eax, eax                   ; @after-inner
        pop ebp
        ret

inner:
        push ebp                        ; @inner
        mov ebp, esp
        nop                             ; @inner-body
        pop ebp
        ret

counter: dd 0
result:  dd 0
`);

/** Loads an LDT selector with no LDT: #GP with error code 0x1234. */
export const GP_GUEST = multibootGuest(`
start:
        mov esp, stack_top
        mov ax, 0x1234
        mov ds, ax                      ; @gp
        hlt
`);

/** Runs forever (for pause). */
export const SPIN_GUEST = multibootGuest(`
start:
        xor eax, eax
spin:   inc eax                         ; @spin
        jmp spin
`);

export async function launch(a: Adapter, program: string, extra: Record<string, unknown> = {}): Promise<void> {
  await a.dc.initializeRequest({ adapterID: 'ringside', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
  await Promise.all([a.dc.waitForEvent('initialized'), a.dc.launchRequest({ program, ...extra } as DebugProtocol.LaunchRequestArguments)]);
}

/**
 * A new adapter with `program` launched (`extra`: more launch attributes), configured by
 * `configure` (breakpoints, exception filters), and run to its first stop.
 */
export async function launchStopped(
  program: string,
  configure?: (a: Adapter) => Promise<unknown>,
  extra: Record<string, unknown> = {},
): Promise<{ a: Adapter; stop: DebugProtocol.StoppedEvent }> {
  const a = await startAdapter();
  try {
    await launch(a, program, extra);
    await configure?.(a);
    return { a, stop: await stopAfter(a, () => a.dc.configurationDoneRequest()) };
  } catch (e) {
    await a.close();
    throw e;
  }
}

export const PAGING = path.join(SAMPLES, 'paging-demand.asm');

/** paging-demand.asm stopped at its first #PF (the first touch of its demand-paged heap). */
export async function atFirstFault(): Promise<Adapter> {
  return (await launchStopped(PAGING, (a) => a.dc.setExceptionBreakpointsRequest({ filters: ['guest-exception'] }))).a;
}

export async function topFrame(a: Adapter): Promise<DebugProtocol.StackFrame> {
  const st = await a.dc.stackTraceRequest({ threadId: 1 });
  return st.body.stackFrames[0];
}

export async function registers(a: Adapter): Promise<Record<string, string>> {
  const v = await a.dc.variablesRequest({ variablesReference: 1 });
  return Object.fromEntries(v.body.variables.map((x) => [x.name, x.value]));
}

/** Sends a request and resolves with the stopped event that follows it. */
export async function stopAfter(a: Adapter, send: () => Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
  const [ev] = await Promise.all([a.dc.waitForEvent('stopped'), send()]);
  return ev as DebugProtocol.StoppedEvent;
}
