// The variables view over the CPU: scopes, their variables and setVariable, with fixed
// references (the register set does not change shape between stops).

import { DebugProtocol } from '@vscode/debugprotocol';
import type { SegmentCache } from '../src/machine/cpu/descriptors';
import type { DataLabel } from './runtime/data-labels';
import type { Runtime } from './runtime/runtime';
import { formatValue, hex } from './runtime/format';
import { BitField, CR0_BITS, CR4_BITS, EFLAGS_BITS, fieldOf, GPR32, SEGMENTS, withField, writeRegister } from './runtime/registers';

export const REF = {
  registers: 1,
  eflags: 2,
  segments: 3,
  system: 4,
  cr0: 5,
  cr4: 6,
  debug: 7,
  /** 10 + segment index (ES..GS), 16 LDTR, 17 TR. */
  segment: 10,
  ldtr: 16,
  tr: 17,
  gdtr: 18,
  idtr: 19,
  globals: 20,
} as const;

/** The registers whose bits are variables of their own, by scope: the register, its fields, its value. */
const BIT_REGISTERS = new Map<number, { reg: string; fields: BitField[]; value: (cpu: Runtime['cpu']) => number }>([
  [REF.eflags, { reg: 'eflags', fields: EFLAGS_BITS, value: (cpu) => cpu.flags.value }],
  [REF.cr0, { reg: 'cr0', fields: CR0_BITS, value: (cpu) => cpu.mmu.cr0 }],
  [REF.cr4, { reg: 'cr4', fields: CR4_BITS, value: (cpu) => cpu.mmu.cr4 }],
]);

export function scopes(): DebugProtocol.Scope[] {
  return [
    { name: 'Registers', variablesReference: REF.registers, expensive: false, presentationHint: 'registers' },
    { name: 'Segments', variablesReference: REF.segments, expensive: false },
    { name: 'Control & System', variablesReference: REF.system, expensive: false },
    { name: 'Globals', variablesReference: REF.globals, expensive: false },
  ];
}

type Var = DebugProtocol.Variable;

const linearRef = (v: number) => hex(v, 8);
const physicalRef = (v: number) => `phys:${hex(v, 8)}`;

function segmentType(s: SegmentCache): string {
  const ar = s.ar;
  if ((ar & 0x10) === 0) return `system type ${ar & 0xf}`;
  if (ar & 8) return `code${ar & 2 ? ', readable' : ''}${ar & 4 ? ', conforming' : ''}`;
  return `data${ar & 2 ? ', writable' : ''}${ar & 4 ? ', expand-down' : ''}`;
}

const SIZE_WORDS: Record<number, string> = { 1: 'byte', 2: 'word', 4: 'dword' };

/** A global variable's value: one item of its directive, little-endian. */
export function globalValue(rt: Runtime, g: DataLabel, decimal: boolean): string {
  const r = rt.memory.read('linear', g.address, g.size);
  if (r.unreadable > 0) return '<not mapped>';
  let v = 0n;
  for (let i = g.size - 1; i >= 0; i--) v = (v << 8n) | BigInt(r.data[i]);
  return decimal ? v.toString() : `0x${v.toString(16).padStart(g.size * 2, '0')}`;
}

export class VariablesView {
  constructor(private readonly runtime: () => Runtime) {}

  /** A global variable of the Globals scope by name. */
  global(name: string): DataLabel | undefined {
    return this.runtime().globals.find((g) => g.name === name);
  }

  variables(ref: number, decimal: boolean): Var[] | undefined {
    const rt = this.runtime();
    const cpu = rt.cpu;
    const v = (name: string, value: number, extra: Partial<Var> = {}, digits = 8): Var => ({
      name,
      value: formatValue(value, decimal, digits),
      variablesReference: 0,
      ...extra,
    });
    const bits = (value: number, fields: BitField[]): Var[] =>
      fields.map((f) => ({ name: f.name, value: String(fieldOf(value, f)), type: f.description, variablesReference: 0 }));
    const seg = (s: SegmentCache): Var[] => [
      v('selector', s.selector, {}, 4),
      v('base', s.base, { memoryReference: linearRef(s.base) }),
      v('limit', s.limit),
      { name: 'type', value: segmentType(s), variablesReference: 0 },
      { name: 'DPL', value: String(s.dpl), variablesReference: 0 },
      { name: 'present', value: String((s.ar & 0x80) !== 0), variablesReference: 0 },
      { name: 'D/B', value: s.big ? '32-bit' : '16-bit', variablesReference: 0 },
      v('access rights', s.ar, {}, 4),
    ];
    if (ref === REF.registers) {
      return [
        ...GPR32.map((name, i) => v(name.toUpperCase(), cpu.gpr[i], { memoryReference: linearRef(cpu.gpr[i]), evaluateName: name })),
        v('EIP', cpu.eip, { memoryReference: linearRef((cpu.segs[1].base + cpu.eip) >>> 0), evaluateName: 'eip' }),
        v('EFLAGS', cpu.flags.value, { variablesReference: REF.eflags, evaluateName: 'eflags' }),
        { name: 'CPL', value: String(cpu.cpl), variablesReference: 0, evaluateName: 'cpl' },
      ];
    }
    if (ref === REF.eflags) return bits(cpu.flags.value, EFLAGS_BITS).map((b) => ({ ...b, evaluateName: b.name.toLowerCase() }));
    if (ref === REF.segments) {
      return [
        ...SEGMENTS.map((name, i) => v(name.toUpperCase(), cpu.segs[i].selector, { variablesReference: REF.segment + i, evaluateName: name }, 4)),
        v('LDTR', cpu.ldtr.selector, { variablesReference: REF.ldtr }, 4),
        v('TR', cpu.tr.selector, { variablesReference: REF.tr }, 4),
      ];
    }
    if (ref >= REF.segment && ref < REF.segment + 6) return seg(cpu.segs[ref - REF.segment]);
    if (ref === REF.ldtr) return seg(cpu.ldtr);
    if (ref === REF.tr) return seg(cpu.tr);
    if (ref === REF.system) {
      return [
        v('CR0', cpu.mmu.cr0, { variablesReference: REF.cr0, evaluateName: 'cr0' }),
        v('CR2', cpu.cr2, { memoryReference: linearRef(cpu.cr2), evaluateName: 'cr2' }),
        v('CR3', cpu.mmu.cr3, { memoryReference: physicalRef(cpu.mmu.cr3 & 0xfffff000), evaluateName: 'cr3' }),
        v('CR4', cpu.mmu.cr4, { variablesReference: REF.cr4, evaluateName: 'cr4' }),
        { name: 'GDTR', value: `base ${hex(cpu.gdtr.base, 8)} limit ${hex(cpu.gdtr.limit, 4)}`, variablesReference: REF.gdtr, memoryReference: linearRef(cpu.gdtr.base) },
        { name: 'IDTR', value: `base ${hex(cpu.idtr.base, 8)} limit ${hex(cpu.idtr.limit, 4)}`, variablesReference: REF.idtr, memoryReference: linearRef(cpu.idtr.base) },
        { name: 'Debug registers', value: `DR7=${hex(cpu.dr[7], 8)}`, variablesReference: REF.debug },
      ];
    }
    if (ref === REF.cr0) return bits(cpu.mmu.cr0, CR0_BITS);
    if (ref === REF.cr4) return bits(cpu.mmu.cr4, CR4_BITS);
    if (ref === REF.gdtr || ref === REF.idtr) {
      const t = ref === REF.gdtr ? cpu.gdtr : cpu.idtr;
      return [v('base', t.base, { memoryReference: linearRef(t.base) }), v('limit', t.limit, {}, 4)];
    }
    if (ref === REF.globals) {
      return rt.globals.map((g) => ({
        name: g.name,
        value: globalValue(rt, g, decimal),
        type: g.directive,
        variablesReference: 0,
        memoryReference: linearRef(g.address),
        ...(SIZE_WORDS[g.size] ? { evaluateName: `${SIZE_WORDS[g.size]} [${g.name}]` } : {}),
      }));
    }
    if (ref === REF.debug) return [0, 1, 2, 3, 6, 7].map((i) => v(`DR${i}`, cpu.dr[i], i < 4 ? { memoryReference: linearRef(cpu.dr[i]), evaluateName: `dr${i}` } : { evaluateName: `dr${i}` }));
    return undefined;
  }

  /** Sets a register or a bit; returns the variable's new text, or throws with the reason. */
  set(ref: number, name: string, value: number, decimal: boolean): string {
    const rt = this.runtime();
    const cpu = rt.cpu;
    const bitRegister = BIT_REGISTERS.get(ref);
    if (bitRegister !== undefined) {
      const f = bitRegister.fields.find((x) => x.name === name);
      if (f === undefined) throw new Error(`no bit '${name}'`);
      if (value >= 1 << f.width) throw new Error(`${name} is ${f.width} bit(s) wide`);
      const result = withField(bitRegister.value(cpu), f, value);
      if (!writeRegister(cpu, bitRegister.reg, result)) throw new Error(`${name} cannot be set`);
      return String(fieldOf(result, f));
    }
    const reg = name.toLowerCase();
    switch (ref) {
      case REF.registers:
        if (reg === 'cpl') throw new Error('CPL follows CS: it cannot be set on its own');
        break;
      case REF.system:
        if (!/^cr[0234]$/.test(reg)) throw new Error(`${name} cannot be set here`);
        break;
      case REF.debug:
        break;
      case REF.globals: {
        const g = this.global(name);
        if (g === undefined) throw new Error(`no global '${name}'`);
        if (g.size > 4) throw new Error(`${name} is ${g.size} bytes: write it in a memory view`);
        const bytes = Uint8Array.from({ length: g.size }, (_, i) => (value >>> (8 * i)) & 0xff);
        if (rt.writeMemory('linear', g.address, bytes) < g.size) throw new Error(`${name} at ${linearRef(g.address)} is not writable RAM`);
        return globalValue(rt, g, decimal);
      }
      default:
        throw new Error(`${name} cannot be set: segment registers and descriptor caches change only by loading a selector`);
    }
    if (!writeRegister(cpu, reg, value)) throw new Error(`${name} cannot be set`);
    return formatValue(value, decimal);
  }
}
