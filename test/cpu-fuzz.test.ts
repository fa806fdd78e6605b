// No guest can crash the emulator (issue 3): random byte streams, run from random register and
// flag state on a full Pc in every mode the CPU has — real mode, 16- and 32-bit protected mode at
// CPL 0 and 3, virtual-8086 mode, and with paging on (random page permissions, page tables that
// partly live in random data) — must end every case in guest exceptions and clean stops:
// the instruction budget, a triple-fault shutdown, HLT, a debug exit or a reset request.
// Any host exception fails the test with the seed, case, mode and the bytes at CS:EIP.
//
// So that a case keeps executing diverse instructions instead of triple-faulting at once, the
// guest's IDT (and real-mode IVT) points at handlers that drop the error code, step the saved
// EIP one byte forward and IRET: faulting code is skipped a byte at a time. Ring-3 and
// virtual-8086 cases take their interrupts on the TSS's ring-0 stack; the TSS carries a random
// I/O permission bitmap; some cases run the PIT fast with IRQ 0 unmasked.
//
// Seeded and deterministic: the same seed gives the same instruction count, checked by running
// the first cases twice. RINGSIDE_FUZZ_SEED and RINGSIDE_FUZZ_INSTRUCTIONS override the defaults.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Pc } from '../src/machine/pc';
import { PcProcessor } from '../src/machine/cpu/processor';
import { Cpu } from '../src/machine/cpu/cpu';
import { Ar } from '../src/machine/cpu/descriptors';
import { Reg, Seg } from '../src/machine/cpu/state';

const SEED = Number(process.env.RINGSIDE_FUZZ_SEED ?? 0x5eed1);
const TARGET_INSTRUCTIONS = Number(process.env.RINGSIDE_FUZZ_INSTRUCTIONS ?? 1_200_000);
/** Instruction slots per case: long enough to wander, short enough for many starting states. */
const CASE_SLOTS = 4000;
const MEMORY_MB = 8;

// ---- memory layout ----
const RM_HANDLER = 0x0500;
const BOOT_STUB = 0x0600;
const GDT = 0x1000;
const IDT = 0x1800;
const PM_STUBS = 0x2000;
const TSS = 0x3000;
const TSS_LIMIT = 0x68 + 0x2000; // with an I/O bitmap for all 64 Ki ports (and the last byte)
const FRAME = 0x6000;
const RING0_STACK_TOP = 0x8000;
const PAGE_DIR = 0x10000;
const PAGE_TABLE = 0x11000;
const CODE = 0x20000;
const DATA = 0x30000;

// ---- selectors ----
const CODE32_0 = 0x08, DATA32_0 = 0x10, CODE32_3 = 0x1b, DATA32_3 = 0x23;
const CODE16_0 = 0x28, CODE16_3 = 0x33, DATA16_0 = 0x38, DATA16_3 = 0x43, TSS_SEL = 0x48;

const MODES = ['real', 'pm16-ring0', 'pm16-ring3', 'pm32-ring0', 'pm32-ring3', 'v86', 'paging-ring0', 'paging-ring3'] as const;
type Mode = (typeof MODES)[number];

/** mulberry32: small, fast, good enough to drive a fuzzer. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

class Random {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = rng(seed);
  }
  below(n: number): number {
    return this.next() % n;
  }
  chance(p: number): boolean {
    return this.next() / 0x100000000 < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += 4) {
      const v = this.next();
      out[i] = v;
      if (i + 1 < n) out[i + 1] = v >>> 8;
      if (i + 2 < n) out[i + 2] = v >>> 16;
      if (i + 3 < n) out[i + 3] = v >>> 24;
    }
    return out;
  }
  /** A register value: often an address in the code or data area, sometimes anything. */
  register(): number {
    switch (this.below(4)) {
      case 0:
        return this.next();
      case 1:
        return this.below(0x100);
      default:
        return (DATA + this.below(0x10000)) >>> 0;
    }
  }
}

function descriptor(base: number, limit: number, access: number, flags: number): [number, number] {
  const lo = ((base & 0xffff) << 16) | (limit & 0xffff);
  const hi = (base & 0xff000000) | ((flags & 0xf) << 20) | (limit & 0xf0000) | ((access & 0xff) << 8) | ((base >>> 16) & 0xff);
  return [lo >>> 0, hi >>> 0];
}

const ERROR_CODE_VECTORS = new Set([8, 10, 11, 12, 13, 14, 17]);

/** The fixed part of every case: tables, handlers, the boot stub. */
function systemImage(): { address: number; bytes: Uint8Array }[] {
  const out: { address: number; bytes: Uint8Array }[] = [];
  const u32 = (values: number[]) => {
    const b = new Uint8Array(values.length * 4);
    const v = new DataView(b.buffer);
    values.forEach((x, i) => v.setUint32(i * 4, x >>> 0, true));
    return b;
  };
  // Real-mode IVT: every vector to 0000:0500. push bp; mov bp,sp; inc word [bp+2]; pop bp; iret
  out.push({ address: 0, bytes: u32(new Array(256).fill(RM_HANDLER)) });
  out.push({ address: RM_HANDLER, bytes: Uint8Array.of(0x55, 0x89, 0xe5, 0xff, 0x46, 0x02, 0x5d, 0xcf) });
  // Boot stub (32-bit, ring 0): pop gs; pop fs; pop es; pop ds; popad; iretd
  out.push({ address: BOOT_STUB, bytes: Uint8Array.of(0x0f, 0xa9, 0x0f, 0xa1, 0x07, 0x1f, 0x61, 0xcf) });
  const gdt = [
    [0, 0],
    descriptor(0, 0xfffff, 0x9a, 0xc),
    descriptor(0, 0xfffff, 0x92, 0xc),
    descriptor(0, 0xfffff, 0xfa, 0xc),
    descriptor(0, 0xfffff, 0xf2, 0xc),
    descriptor(CODE, 0xffff, 0x9a, 0),
    descriptor(CODE, 0xffff, 0xfa, 0),
    descriptor(CODE, 0xffff, 0x92, 0),
    descriptor(CODE, 0xffff, 0xf2, 0),
    descriptor(TSS, TSS_LIMIT, 0x8b, 0), // busy 32-bit TSS (TR is loaded)
    descriptor(DATA, 0xfff, 0x96, 0), // expand-down data
    descriptor(0, 0xfffff, 0xfe, 0xc), // conforming code, DPL 3
  ].flat();
  out.push({ address: GDT, bytes: u32(gdt) });
  // IDT: 32-bit interrupt gates, DPL 3 (INT n from ring 3 allowed), to one stub per vector.
  const idt: number[] = [];
  const stubs = new Uint8Array(256 * 16);
  for (let v = 0; v < 256; v++) {
    const stub = PM_STUBS + v * 16;
    idt.push(((CODE32_0 << 16) | (stub & 0xffff)) >>> 0, ((stub & 0xffff0000) | 0xee00) >>> 0);
    const code = ERROR_CODE_VECTORS.has(v) ? [0x83, 0xc4, 0x04] : []; // add esp, 4
    code.push(0xff, 0x04, 0x24, 0xcf); // inc dword [esp]; iretd
    stubs.set(code, v * 16);
  }
  out.push({ address: IDT, bytes: u32(idt) });
  out.push({ address: PM_STUBS, bytes: stubs });
  return out;
}

const SYSTEM = systemImage();

interface CaseResult {
  instructions: number;
  outcome: string;
  state: string;
}

/** One machine for all cases, returned to its power-on snapshot before each (a new Pc costs more than a case). */
interface Machine {
  pc: Pc;
  cpu: Cpu;
  pristine: ReturnType<Pc['snapshot']>;
  /** Events delivered, by vector. */
  vectors: number[];
}

function machine(): Machine {
  const pc = new Pc({ memoryMB: MEMORY_MB, instructionsPerSecond: 1_193_182 });
  const cpu = new PcProcessor(pc).cpu;
  const vectors = new Array<number>(256).fill(0);
  const originalDeliver = cpu.deliver.bind(cpu);
  cpu.deliver = (event) => {
    vectors[event.vector & 0xff]++;
    originalDeliver(event);
  };
  return { pc, cpu, pristine: pc.snapshot(), vectors };
}

/** Sets up one case on the machine and runs it. */
function runCase(m: Machine, seed: number, index: number): CaseResult & { mode: Mode } {
  const r = new Random((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const mode = MODES[index % MODES.length];
  const { pc, cpu } = m;
  pc.restore(m.pristine);
  const before = cpu.instructions;
  for (const s of SYSTEM) pc.memory.poke(s.address, s.bytes);
  pc.memory.poke(CODE, r.bytes(0x10000));
  pc.memory.poke(DATA, r.bytes(0x10000));
  if (r.chance(0.25)) fastTimer(pc, r);

  if (mode === 'real') setupReal(cpu, r);
  else setupProtected(pc, cpu, r, mode);

  let outcome: string;
  try {
    const result = pc.run(CASE_SLOTS);
    outcome = result.reason === 'cpu' ? (result.detail.startsWith('triple fault') ? 'triple fault' : 'halted') : result.reason === 'exit' ? result.request.kind : 'limit';
  } catch (e) {
    const cs = cpu.segs[Seg.CS];
    const at = pc.memory.peek((cs.base + cpu.eip) >>> 0, 16);
    const bytes = [...at].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const err = e as Error;
    assert.fail(
      `host exception in case ${index} (seed 0x${seed.toString(16)}, mode ${mode}) at ${cs.selector.toString(16)}:${cpu.eip.toString(16)} ` +
        `cpl ${cpu.cpl} cr0 ${cpu.cr0.toString(16)} eflags ${cpu.flags.value.toString(16)}, bytes ${bytes}\n${err.stack ?? err}`,
    );
  }
  const state = [...cpu.gpr, cpu.eip, cpu.flags.value, cpu.cr0, ...cpu.segs.map((s) => s.selector)].map((x) => x.toString(16)).join(',');
  return { mode, instructions: cpu.instructions - before, outcome, state };
}

/** PICs at vectors 0x20/0x28 with IRQ 0 open, and the PIT firing every few hundred instructions. */
function fastTimer(pc: Pc, r: Random): void {
  const out = (port: number, v: number) => pc.io.write(port, 1, v);
  [0x11, 0x20, 0x04, 0x01].forEach((v, i) => out(i === 0 ? 0x20 : 0x21, v));
  [0x11, 0x28, 0x02, 0x01].forEach((v, i) => out(i === 0 ? 0xa0 : 0xa1, v));
  out(0x21, 0xfe);
  out(0xa1, 0xff);
  const count = 100 + r.below(1500);
  out(0x43, 0x34);
  out(0x40, count & 0xff);
  out(0x40, count >>> 8);
}

function randomFlags(r: Random): number {
  let f = (r.next() & 0x8d5) | 0x2; // CF PF AF ZF SF OF
  if (r.chance(0.5)) f |= 0x400; // DF
  if (r.chance(0.5)) f |= 0x200; // IF
  if (r.chance(0.05)) f |= 0x100; // TF
  if (r.chance(0.3)) f |= 0x40000; // AC
  if (r.chance(0.02)) f |= 0x4000; // NT
  f |= r.below(4) << 12; // IOPL
  return f;
}

function setupReal(cpu: Cpu, r: Random): void {
  cpu.reset();
  for (let i = 0; i < 8; i++) cpu.gpr[i] = r.register();
  cpu.gpr[Reg.ESP] = r.chance(0.8) ? 0x8000 + r.below(0x7000) : r.next();
  const segs = [0x2000, 0x3000, 0x0000, 0x0600];
  for (const s of [Seg.ES, Seg.SS, Seg.DS, Seg.FS, Seg.GS]) cpu.segs[s].loadReal(r.chance(0.8) ? r.pick(segs) : r.below(0x10000));
  cpu.segs[Seg.CS].loadReal(CODE >>> 4);
  cpu.eip = r.below(0xf000);
  cpu.flags.value = randomFlags(r) & ~0x4000;
}

function setupProtected(pc: Pc, cpu: Cpu, r: Random, mode: Mode): void {
  const ring3 = mode.endsWith('ring3') || mode === 'v86';
  const paging = mode.startsWith('paging');
  const bits16 = mode.startsWith('pm16');

  // The TSS: ring-0 stack and a random I/O permission bitmap.
  const tss = new Uint8Array(TSS_LIMIT + 1);
  const tv = new DataView(tss.buffer);
  tv.setUint32(4, RING0_STACK_TOP, true);
  tv.setUint32(8, DATA32_0, true);
  tv.setUint16(0x66, 0x68, true);
  tss.set(r.chance(0.5) ? r.bytes(0x2000) : new Uint8Array(0x2000).fill(r.chance(0.5) ? 0 : 0xff), 0x68);
  tss[TSS_LIMIT] = 0xff;
  pc.memory.poke(TSS, tss);

  cpu.reset();
  cpu.mmu.cr0 = 0x11 | (r.chance(0.3) ? 0x40000 : 0) | (r.chance(0.5) ? 0x10000 : 0); // PE ET, AM, WP
  cpu.mmu.cr4 = (r.chance(0.5) ? 0x10 : 0) | (r.chance(0.3) ? 0x80 : 0) | (r.chance(0.1) ? 0x4 : 0); // PSE PGE TSD
  if (paging) {
    buildPageTables(pc, r);
    cpu.mmu.cr3 = PAGE_DIR;
    cpu.mmu.cr0 |= 0x80000000;
  }
  cpu.mmu.flushAll();
  cpu.gdtr.base = GDT;
  cpu.gdtr.limit = 12 * 8 - 1;
  cpu.idtr.base = IDT;
  cpu.idtr.limit = 256 * 8 - 1;
  Object.assign(cpu.tr, { selector: TSS_SEL, base: TSS, limit: TSS_LIMIT, ar: Ar.Present | 11 });
  const flat = Ar.Present | Ar.S | Ar.Big | Ar.Granularity | Ar.Accessed;
  for (const s of cpu.segs) Object.assign(s, { selector: DATA32_0, base: 0, limit: 0xffffffff, ar: flat | Ar.ReadWrite });
  Object.assign(cpu.segs[Seg.CS], { selector: CODE32_0, ar: flat | Ar.Code | Ar.ReadWrite });
  cpu.cpl = 0;
  cpu.eip = BOOT_STUB;
  cpu.gpr[Reg.ESP] = FRAME;

  // The stack the boot stub pops: GS FS ES DS, the POPAD block, then the IRET frame.
  const frame: number[] = [];
  const dataSels = ring3 ? [DATA32_3, DATA16_3, 0] : [DATA32_0, DATA16_0, DATA32_3, 0, 0x50];
  for (let i = 0; i < 4; i++) frame.push(mode === 'v86' ? DATA32_0 : r.pick(dataSels));
  for (let i = 0; i < 8; i++) frame.push(r.register());
  let flags = randomFlags(r);
  if (mode === 'v86') {
    flags |= 0x20000;
    flags &= ~0x4000;
    frame.push(r.below(0xf000), CODE >>> 4, flags, r.below(0x10000), r.pick([0x2000, 0x3000, 0x0700, r.below(0x10000)]));
    for (let i = 0; i < 4; i++) frame.push(r.chance(0.7) ? r.pick([0x2000, 0x3000, 0]) : r.below(0x10000));
  } else {
    const eip = bits16 ? r.below(0xf000) : CODE + r.below(0xf000);
    const cs = bits16 ? (ring3 ? CODE16_3 : CODE16_0) : ring3 ? CODE32_3 : CODE32_0;
    frame.push(eip, cs, flags & ~0x4000); // NT in the frame would make the stub's IRET a task return
    if (ring3) {
      const ss = bits16 ? DATA16_3 : DATA32_3;
      frame.push(bits16 ? r.below(0x10000) : r.chance(0.8) ? DATA + r.below(0x10000) : r.next(), ss);
    }
    if (flags & 0x4000) pc.memory.poke(TSS, Uint8Array.of(0x48, 0)); // a back link for a later IRET with NT
  }
  const bytes = new Uint8Array(frame.length * 4);
  const v = new DataView(bytes.buffer);
  frame.forEach((x, i) => v.setUint32(i * 4, x >>> 0, true));
  pc.memory.poke(FRAME, bytes);
}

/** Identity-mapped system pages; random permissions elsewhere; some tables made of random data. */
function buildPageTables(pc: Pc, r: Random): void {
  const pd = new Uint32Array(1024);
  const pt = new Uint32Array(1024);
  pd[0] = PAGE_TABLE | 0x7;
  for (let i = 0; i < 1024; i++) {
    const address = i * 0x1000;
    if (address < CODE) pt[i] = address | 0x3; // system pages: supervisor, writable
    else if (address < DATA + 0x10000) pt[i] = address | (r.chance(0.92) ? 1 : 0) | (r.chance(0.7) ? 2 : 0) | (r.chance(0.85) ? 4 : 0) | (r.chance(0.2) ? 0x100 : 0);
    else pt[i] = r.chance(0.3) ? address | (r.next() & 0x167) : 0;
  }
  for (let i = 1; i < 1024; i++) {
    if (!r.chance(0.02)) continue;
    // A large page, or a page table whose entries are the random bytes of the data area.
    pd[i] = r.chance(0.5) ? ((i << 22) | 0x80 | (r.next() & 0x167)) >>> 0 : ((DATA + r.below(16) * 0x1000) | (r.next() & 0x67)) >>> 0;
  }
  pc.memory.poke(PAGE_DIR, new Uint8Array(pd.buffer));
  pc.memory.poke(PAGE_TABLE, new Uint8Array(pt.buffer));
}

test('a million random instructions in every mode end only in guest exceptions and clean stops', (t) => {
  const started = Date.now();
  const m = machine();
  const outcomes: Record<string, number> = {};
  const byMode: Record<string, number> = {};
  let total = 0;
  let cases = 0;
  const firstRuns: CaseResult[] = [];
  while (total < TARGET_INSTRUCTIONS) {
    const c = runCase(m, SEED, cases);
    if (cases < 40) firstRuns.push(c);
    total += c.instructions;
    outcomes[c.outcome] = (outcomes[c.outcome] ?? 0) + 1;
    byMode[c.mode] = (byMode[c.mode] ?? 0) + c.instructions;
    cases++;
  }
  const seconds = (Date.now() - started) / 1000;

  // Deterministic: the same seed gives the same cases.
  const vectors = [...m.vectors];
  const fresh = machine();
  firstRuns.forEach((c, i) => {
    const again = runCase(fresh, SEED, i);
    assert.deepEqual([again.instructions, again.outcome, again.state], [c.instructions, c.outcome, c.state], `case ${i} again`);
  });

  const exceptions = vectors.slice(0, 32).reduce((a, b) => a + b, 0);
  t.diagnostic(`${total} instructions in ${cases} cases, ${seconds.toFixed(1)} s (${(total / seconds / 1e6).toFixed(2)} MIPS)`);
  t.diagnostic(`outcomes ${JSON.stringify(outcomes)}; instructions by mode ${JSON.stringify(byMode)}`);
  t.diagnostic(`events delivered: ${exceptions} exceptions (vectors 0-31), ${vectors.slice(32).reduce((a, b) => a + b, 0)} others; ` +
    `by vector ${vectors.map((n, v) => (n && v < 32 ? `${v}:${n}` : '')).filter(Boolean).join(' ')}`);
  assert.ok(total >= TARGET_INSTRUCTIONS);
  for (const m of MODES) assert.ok((byMode[m] ?? 0) > TARGET_INSTRUCTIONS / MODES.length / 10, `mode ${m} ran too little: ${byMode[m] ?? 0}`);
  assert.ok(exceptions > cases, 'the random streams raised exceptions and the handlers recovered from them');
});
