// Building encoder requests together with the NASM source line that says the same thing,
// and running NASM over many such lines at once.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lookupRegister, Register, SEG } from '../../src/arch/registers';
import {
  BranchKind, FarOperand, ImmediateOperand, InstructionRequest, MemoryOperand, Operand, OperandSize, PrefixWord,
} from '../../src/asm/operands';

const SIZE_WORD: Record<number, string> = { 8: 'byte', 16: 'word', 32: 'dword', 64: 'qword', 80: 'tword', 128: 'oword' };

/** An operand for a test case: the encoder's operand, or a branch target relative to `$`. */
export type CaseOperand = Operand | { kind: 'here'; delta: number; branch?: BranchKind; size?: OperandSize };

export interface Case {
  bits: 16 | 32;
  mnemonic: string;
  operands: CaseOperand[];
  prefixes: PrefixWord[];
}

export function reg(name: string): Operand {
  const r = lookupRegister(name);
  if (!r) throw new Error(`no register ${name}`);
  return { kind: 'reg', reg: r };
}

export function imm(value: number, extra: Partial<ImmediateOperand> = {}): Operand {
  return { kind: 'imm', value, known: true, ...extra };
}

export function here(delta: number, extra: { branch?: BranchKind; size?: OperandSize } = {}): CaseOperand {
  return { kind: 'here', delta, ...extra };
}

export interface MemSpec extends Partial<Omit<MemoryOperand, 'base' | 'index' | 'seg'>> {
  base?: string;
  index?: string;
  seg?: keyof typeof SEG;
}

export function mem(spec: MemSpec = {}): Operand {
  const r = (n?: string): Register | undefined => (n === undefined ? undefined : (reg(n) as { reg: Register }).reg);
  return {
    ...spec,
    kind: 'mem',
    base: r(spec.base),
    index: r(spec.index),
    seg: spec.seg === undefined ? undefined : SEG[spec.seg],
    scale: spec.scale ?? 1,
    disp: spec.disp ?? 0,
    known: spec.known ?? true,
  };
}

export function far(selector: number, offset: number, size?: OperandSize): Operand {
  const op: FarOperand = { kind: 'far', selector, offset, known: true };
  if (size) op.size = size;
  return op;
}

export function ins(bits: 16 | 32, mnemonic: string, operands: CaseOperand[] = [], prefixes: PrefixWord[] = []): Case {
  return { bits, mnemonic, operands, prefixes };
}

function num(v: number): string {
  return v < 0 ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`;
}

function renderMem(m: MemoryOperand): string {
  const parts: string[] = [];
  if (m.base) parts.push(m.base.name);
  if (m.index) parts.push(`${m.index.name}*${m.scale}`);
  if (m.disp !== 0 || parts.length === 0) parts.push(num(m.disp));
  let inner = parts.join('+').replace(/\+-/g, '-');
  if (m.nosplit) inner = `nosplit ${inner}`;
  const innerSize = m.dispSize ?? m.addrSize;
  if (innerSize) inner = `${SIZE_WORD[innerSize]} ${inner}`;
  if (m.seg !== undefined) inner = `${Object.keys(SEG)[m.seg]}:${inner}`;
  const words = [m.branch, m.size ? SIZE_WORD[m.size] : undefined].filter(Boolean);
  return [...words, `[${inner}]`].join(' ');
}

function renderOperand(op: CaseOperand): string {
  switch (op.kind) {
    case 'reg': return op.reg.name;
    case 'mem': return renderMem(op);
    case 'far': return `${op.size ? SIZE_WORD[op.size] + ' ' : ''}${num(op.selector)}:${num(op.offset)}`;
    case 'imm':
    case 'here': {
      const words: string[] = [];
      if (op.branch) words.push(op.branch);
      if (op.kind === 'imm' && op.strict) words.push('strict');
      if (op.size) words.push(SIZE_WORD[op.size]);
      words.push(op.kind === 'imm' ? num(op.value) : `$${op.delta < 0 ? '-' : '+'}${Math.abs(op.delta)}`);
      return words.join(' ');
    }
  }
}

export function render(c: Case): string {
  const ops = c.operands.map(renderOperand).join(', ');
  return [...c.prefixes, c.mnemonic, ops].filter((s) => s !== '').join(' ');
}

/** The encoder's request for a case placed at `address`. */
export function request(c: Case, address: number): InstructionRequest {
  const operands = c.operands.map((op): Operand =>
    op.kind === 'here'
      ? { kind: 'imm', value: address + op.delta, known: true, branch: op.branch, size: op.size }
      : op,
  );
  return { mnemonic: c.mnemonic, operands, prefixes: c.prefixes, bits: c.bits, address };
}

export interface NasmRun {
  /** Bytes and start address of each line, when NASM accepted the whole batch. */
  lines?: { address: number; bytes: number[] }[];
  /** NASM's error messages by line index. */
  errors: Map<number, string>;
}

/** Assembles the lines (all in one BITS setting) with `nasm -f bin` in one run. */
export function nasmBatch(bits: 16 | 32, lines: readonly string[]): NasmRun {
  const dir = mkdtempSync(join(tmpdir(), 'ringside-enc-'));
  try {
    const src = [`bits ${bits}`, ...lines.map((l, i) => `L${i}: ${l}`), `L${lines.length}:`,
      `dd ${lines.map((_, i) => `L${i}`).join(', ')}${lines.length ? ', ' : ''}L${lines.length}`].join('\n');
    writeFileSync(join(dir, 'a.asm'), src + '\n');
    const r = spawnSync('nasm', ['-f', 'bin', '-o', join(dir, 'a.bin'), join(dir, 'a.asm')], { encoding: 'utf8' });
    const errors = new Map<number, string>();
    for (const m of r.stderr.matchAll(/a\.asm:(\d+): error: (.*)/g)) errors.set(Number(m[1]) - 2, m[2]);
    if (r.status !== 0) return { errors };
    const bin = readFileSync(join(dir, 'a.bin'));
    const table = bin.length - 4 * (lines.length + 1);
    const offset = (i: number) => bin.readUInt32LE(table + 4 * i);
    const out = lines.map((_, i) => ({ address: offset(i), bytes: [...bin.subarray(offset(i), offset(i + 1))] }));
    return { lines: out, errors };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function hex(bytes: readonly number[]): string {
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** Encodes every case and assembles its source line with NASM; returns the disagreements as text. */
export function compareWithNasm(
  cases: readonly Case[],
  encode: (req: InstructionRequest) => { ok: true; bytes: number[] } | { ok: false; error: string },
): string[] {
  const out: string[] = [];
  for (const bits of [16, 32] as const) {
    let batch = cases.filter((c) => c.bits === bits);
    let run = nasmBatch(bits, batch.map(render));
    // NASM stops reporting some errors after the first pass that fails: drop those lines and retry
    for (let round = 0; !run.lines && run.errors.size > 0 && round < 10; round++) {
      for (const [i, e] of run.errors) {
        const c = batch[i];
        const mine = c ? encode(request(c, 0)) : undefined;
        if (mine?.ok) out.push(`bits ${bits}: ${render(c)}: nasm says "${e}", encoder gives ${hex(mine.bytes)}`);
      }
      batch = batch.filter((_, i) => !run.errors.has(i));
      run = nasmBatch(bits, batch.map(render));
    }
    if (!run.lines) {
      out.push(`bits ${bits}: nasm fails: ${[...run.errors.values()].slice(0, 3).join('; ')}`);
      continue;
    }
    run.lines.forEach(({ address, bytes }, i) => {
      const mine = encode(request(batch[i], address));
      const text = `bits ${bits}: ${render(batch[i])}`;
      if (!mine.ok) out.push(`${text}: encoder error "${mine.error}", nasm ${hex(bytes)}`);
      else if (hex(mine.bytes) !== hex(bytes)) out.push(`${text}: encoder ${hex(mine.bytes)}, nasm ${hex(bytes)}`);
    });
  }
  return out;
}
