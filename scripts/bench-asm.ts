// Benchmark: assembles a generated 100,000-line NASM source and reports lines per second
// (median of several runs) and peak memory. Run with `npm run bench:asm`; not a test.

import { assemble } from '../src/asm/assembler';

const LINES = 100_000;
const RUNS = 5;

/** A realistic guest-like source: functions with branches, memory operands, data and macros. */
export function generateSource(lines: number): string {
  const out: string[] = [
    'bits 32',
    'org 0x100000',
    '%define PORT 0xe9',
    '%define SLOT(n) (n * 4 + 8)',
    '%macro outb 1',
    '  mov al, %1',
    '  out PORT, al',
    '%endmacro',
    '%macro prologue 1',
    '  push ebp',
    '  mov ebp, esp',
    '  sub esp, %1',
    '%endmacro',
    'STACK_TOP equ 0x90000',
  ];
  const body: ((f: number, k: number) => string)[] = [
    (_f, k) => `  mov eax, [ebp+SLOT(${k % 6})]`,
    (_f, k) => `  add eax, ${k * 3}`,
    (_f, k) => `  cmp eax, ${k & 0xff}`,
    (_f, k) => `  jne .skip${Math.floor(k / 14)}`,
    (_f, k) => `  lea esi, [ebx+ecx*4+${k}]`,
    (f, k) => `  mov dword [data_${f}+4], ${k}`,
    (_f, k) => `.skip${Math.floor(k / 14)}:`,
    (_f, k) => `  outb '${String.fromCharCode(65 + (k % 26))}'`,
    () => '  xor edx, edx ; clear',
    (f) => `  call func_${Math.max(0, f - 1)}`,
    () => '  movzx ecx, byte [esi+edi]',
    () => '  shl ecx, 2',
    () => '  test ecx, ecx',
    () => '  jz near .done',
  ];
  const fn = (f: number): string[] => {
    const lines = [`func_${f}:`, '  prologue 16'];
    for (let k = 0; k < 28; k++) lines.push(body[k % body.length](f, k));
    lines.push('.done:', '  mov esp, ebp', '  pop ebp', '  ret');
    lines.push(`data_${f}: dd 0, 1, 2, 3`, `  db 'function ${f}', 0`, '  align 4');
    return lines;
  };
  for (let f = 0; ; f++) {
    const next = fn(f);
    if (out.length + next.length > lines) break;
    out.push(...next);
  }
  while (out.length < lines) out.push('  nop');
  return out.join('\n') + '\n';
}

function main(): void {
  const text = generateSource(LINES);
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let peak = 0;
  let size = 0;
  let errors = 0;
  for (let r = 0; r < RUNS; r++) {
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    const result = assemble({ path: 'bench.asm', text });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu = process.cpuUsage(c0);
    times.push(ms);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
    size = result.bytes.length;
    errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
  const rate = (ms: number) => Math.round((LINES / ms) * 1000).toLocaleString('en-US');
  console.log(`assembled ${LINES} lines into ${size} bytes (${errors} errors)`);
  console.log(`runs (ms): ${times.map((t) => t.toFixed(0)).join(' ')}`);
  console.log(`median ${median(times).toFixed(0)} ms: ${rate(median(times))} lines/s`);
  // On a shared machine wall time includes waiting for a core; CPU time does not.
  console.log(`median CPU time ${median(cpuTimes).toFixed(0)} ms: ${rate(median(cpuTimes))} lines/s of CPU`);
  console.log(`peak memory (rss): ${(peak / 1048576).toFixed(0)} MiB`);
}

if (require.main === module) main();
