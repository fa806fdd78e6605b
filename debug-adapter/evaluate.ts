// evaluate (watch, hover, REPL) and completions. Expressions are the runtime's language; the
// REPL also takes a few commands a Bochs or QEMU user knows.

import { DebugProtocol } from '@vscode/debugprotocol';
import { compile } from './runtime/expressions';
import { formatValue, hex, hex8 } from './runtime/format';
import { readRegister, GPR32, SEGMENTS, EFLAGS_BITS } from './runtime/registers';
import type { Runtime } from './runtime/runtime';
import { globalValue, REF } from './variables';
import { walk, walkText } from './paging-view';

type Body = DebugProtocol.EvaluateResponse['body'];

export const REPL_COMMANDS = ['info registers', 'info tlb', 'info gdt', 'info idt', 'info history', 'x/', 'pt '];
/** What `x/` completes to: the common counts, formats and units. */
const EXAMINE_FORMS = ['x/16xw ', 'x/16xb ', 'x/8xh ', 'x/4dw ', 'x/32cb '];

const HELP = `Expressions: registers (eax, al, eip, eflags, cr3, zf...), numbers (42, 0x2a, 2ah), labels,
memory ([esp+4], dword [label], byte [eax]), operators (+ - * / % << >> & | ^ ~ ! == != < <= > >= && ||).
Commands: info registers | info tlb | info gdt | info idt | info history | x/NFU ADDR (F: x d u c, U: b h w) | pt ADDR`;

function infoRegisters(rt: Runtime): string {
  const cpu = rt.cpu;
  const regs = GPR32.map((r, i) => `${r.toUpperCase()}=${hex(cpu.gpr[i], 8)}`);
  const flags = EFLAGS_BITS.filter((f) => f.width === 1 && (cpu.flags.value >>> f.bit) & 1).map((f) => f.name);
  return [
    regs.slice(0, 4).join(' '),
    regs.slice(4).join(' '),
    `EIP=${hex(cpu.eip, 8)} EFL=${hex(cpu.flags.value, 8)} [${flags.join(' ')}] CPL=${cpu.cpl}`,
    ...SEGMENTS.map((s, i) => `${s.toUpperCase()} =${hex(cpu.segs[i].selector, 4)} ${hex(cpu.segs[i].base, 8)} ${hex(cpu.segs[i].limit, 8)} ${hex(cpu.segs[i].ar, 4)}`),
    `GDT=     ${hex(cpu.gdtr.base, 8)} ${hex(cpu.gdtr.limit, 4)}`,
    `IDT=     ${hex(cpu.idtr.base, 8)} ${hex(cpu.idtr.limit, 4)}`,
    `CR0=${hex(cpu.mmu.cr0, 8)} CR2=${hex(cpu.cr2, 8)} CR3=${hex(cpu.mmu.cr3, 8)} CR4=${hex(cpu.mmu.cr4, 8)}`,
  ].join('\n');
}

/** The cached translations, one a line: linear page -> physical frame, with the rights the TLB keeps. */
function infoTlb(rt: Runtime): string {
  const mmu = rt.cpu.mmu;
  if (!mmu.pagingEnabled) return 'paging is off (CR0.PG = 0): the TLB is not used';
  const entries = mmu.entries();
  if (entries.length === 0) return 'the TLB is empty';
  const rows = entries.map((e) => {
    const flags = [e.writable ? 'W' : 'R', e.user ? 'U' : 'S', e.dirty ? 'D' : '', e.global ? 'G' : '', e.large ? '4M' : ''];
    return `${hex8(e.linear)} -> ${hex8(e.physical)} ${flags.filter((f) => f !== '').join(' ')}`;
  });
  return [`${entries.length} TLB entr${entries.length === 1 ? 'y' : 'ies'} (linear -> physical, W/R writable, U/S user, D dirty, G global, 4M large page):`, ...rows].join('\n');
}

function descriptors(rt: Runtime, base: number, limit: number, what: string): string {
  const lines: string[] = [];
  const n = Math.min(Math.floor((limit + 1) / 8), 256);
  for (let i = 0; i < n; i++) {
    const r = rt.memory.read('linear', base + i * 8, 8);
    if (r.unreadable > 0) {
      lines.push(`${what}[${i}]: not mapped`);
      break;
    }
    const lo = (r.data[0] | (r.data[1] << 8) | (r.data[2] << 16) | (r.data[3] << 24)) >>> 0;
    const hi = (r.data[4] | (r.data[5] << 8) | (r.data[6] << 16) | (r.data[7] << 24)) >>> 0;
    if (lo === 0 && hi === 0) continue;
    const present = (hi >>> 15) & 1;
    const dpl = (hi >>> 13) & 3;
    const type = (hi >>> 8) & 0x1f;
    if (what === 'IDT') {
      const offset = ((hi & 0xffff0000) | (lo & 0xffff)) >>> 0;
      lines.push(`IDT[${i}]: selector ${hex(lo >>> 16, 4)} offset ${hex8(offset)} type ${type & 0xf} DPL ${dpl}${present ? '' : ' not present'}`);
    } else {
      const b = ((hi & 0xff000000) | ((hi & 0xff) << 16) | (lo >>> 16)) >>> 0;
      let l = ((hi & 0xf0000) | (lo & 0xffff)) >>> 0;
      if (hi & 0x800000) l = ((l << 12) | 0xfff) >>> 0;
      const kind = type & 0x10 ? (type & 8 ? 'code' : 'data') : `system ${type & 0xf}`;
      lines.push(`GDT[${i}] sel ${hex(i * 8, 4)}: base ${hex8(b)} limit ${hex8(l)} ${kind} DPL ${dpl}${hi & 0x400000 ? ' 32-bit' : ''}${present ? '' : ' not present'}`);
    }
  }
  return lines.length > 0 ? lines.join('\n') : `${what} is empty`;
}

function examine(rt: Runtime, spec: string, addressText: string): string {
  const m = /^(\d*)([xdcu]?)([bhw]?)$/.exec(spec);
  if (!m) throw new Error(`bad format '/${spec}': use x/NFU, F one of x d u c, U one of b h w`);
  const count = Math.min(Number(m[1] || 1), 1024);
  const fmt = m[2] || 'x';
  const size = ({ b: 1, h: 2, w: 4 } as Record<string, number>)[m[3] || 'w'];
  const address = compile(addressText).evaluate(rt.evalContext);
  const lines: string[] = [];
  let line: string[] = [];
  const perLine = 16 / size;
  for (let i = 0; i < count; i++) {
    const a = (address + i * size) >>> 0;
    if (i % perLine === 0) {
      if (line.length) lines.push(line.join(' '));
      line = [`${hex8(a)}:`];
    }
    const v = rt.memory.readValue(a, size as 1 | 2 | 4);
    line.push(fmt === 'd' || fmt === 'u' ? String(v) : fmt === 'c' ? JSON.stringify(String.fromCharCode(v & 0xff)) : hex(v, size * 2));
  }
  if (line.length) lines.push(line.join(' '));
  return lines.join('\n');
}

function command(rt: Runtime, text: string): string | undefined {
  const t = text.trim();
  if (t === 'help' || t === '?') return HELP;
  if (t === 'info registers' || t === 'info r') return infoRegisters(rt);
  if (t === 'info tlb') return infoTlb(rt);
  if (t === 'info history') return rt.describeHistory();
  if (t === 'info gdt') return descriptors(rt, rt.cpu.gdtr.base, rt.cpu.gdtr.limit, 'GDT');
  if (t === 'info idt') return descriptors(rt, rt.cpu.idtr.base, rt.cpu.idtr.limit, 'IDT');
  const x = /^x\/(\S*)\s+(.+)$/.exec(t);
  if (x) return examine(rt, x[1], x[2]);
  const pt = /^pt\s+(.+)$/.exec(t);
  if (pt) return walkText(walk(rt.cpu, rt.session.pc.memory, compile(pt[1]).evaluate(rt.evalContext)));
  return undefined;
}

export function evaluate(rt: Runtime, expression: string, context: string | undefined, decimal: boolean): Body {
  if (context === 'repl') {
    const out = command(rt, expression);
    if (out !== undefined) return { result: out, variablesReference: 0 };
  }
  // Hovering a global variable shows its value (a label alone evaluates to its address elsewhere)
  const global = context === 'hover' ? rt.globals.find((g) => g.name === expression.trim()) : undefined;
  if (global !== undefined) {
    return { result: globalValue(rt, global, decimal), type: `${global.directive} at ${hex8(global.address)}`, variablesReference: 0, memoryReference: hex8(global.address) };
  }
  const c = compile(expression);
  const value = c.evaluate(rt.evalContext);
  const body: Body = { result: formatValue(value, decimal, c.size ? c.size * 2 : 8), variablesReference: 0 };
  const name = expression.trim().toLowerCase();
  if (name === 'eflags') body.variablesReference = REF.eflags;
  if (c.address !== undefined) body.memoryReference = hex(c.address(rt.evalContext), 8);
  else if (readRegister(rt.cpu, name) !== undefined || rt.symbols.get(expression.trim()) !== undefined) body.memoryReference = hex(value, 8);
  if (name === 'cr3') body.memoryReference = `phys:${hex(value & 0xfffff000, 8)}`;
  return body;
}

/** Completions for the text before `column` (1-based); each item's `start` is 1-based too. */
export function completions(rt: Runtime | undefined, text: string, column: number): DebugProtocol.CompletionItem[] {
  const before = text.slice(0, Math.max(0, column - 1));
  const word = /[A-Za-z0-9_.$?@/ ]*$/.exec(before)?.[0].trimStart() ?? '';
  const last = /[A-Za-z0-9_.$?@]*$/.exec(before)?.[0] ?? '';
  const items: DebugProtocol.CompletionItem[] = [];
  const commands = word.startsWith('x/') ? EXAMINE_FORMS : [...REPL_COMMANDS, 'help'];
  for (const c of commands) if (c.startsWith(word) && word.length > 0) items.push({ label: c, type: 'keyword', start: before.length - word.length + 1, length: word.length });
  const names = [...GPR32, ...SEGMENTS, 'eip', 'eflags', 'cr0', 'cr2', 'cr3', 'cr4', ...(rt?.symbols.names() ?? [])];
  if (last.length > 0) for (const n of names) if (n.toLowerCase().startsWith(last.toLowerCase())) items.push({ label: n, type: GPR32.includes(n as never) ? 'variable' : 'reference', start: before.length - last.length + 1, length: last.length });
  return items;
}
