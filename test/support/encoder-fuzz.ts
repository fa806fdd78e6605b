// Random instructions built from the table's forms (seeded, so a failure reproduces):
// random registers, addressing forms, immediates at the edges of their ranges, size
// keywords, branch kinds and prefixes.

import { FORMS } from '../../src/arch/instructions';
import { PrefixWord } from '../../src/asm/operands';
import { Case, CaseOperand, far, here, imm, ins, mem, MemSpec, reg } from './encoder-cases';

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REGS: Record<string, string[]> = {
  r8: ['al', 'cl', 'dl', 'bl', 'ah', 'ch', 'dh', 'bh'],
  r16: ['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di'],
  r32: ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'],
  sreg: ['es', 'cs', 'ss', 'ds', 'fs', 'gs'],
  creg: ['cr0', 'cr2', 'cr3', 'cr4'],
  dreg: ['dr0', 'dr1', 'dr2', 'dr3', 'dr6', 'dr7'],
  treg: ['tr3', 'tr4', 'tr5', 'tr6', 'tr7'],
};
const VALUES = [0, 1, 2, -1, 127, 128, -128, -129, 255, 256, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff];
const DISTANCES = [0, 2, 100, 127, 128, 129, 130, -126, -127, -128, -129, -130, 0x300, -0x300];
const COMBOS16 = [[], ['bx'], ['bp'], ['si'], ['di'], ['bx', 'si'], ['bx', 'di'], ['bp', 'si'], ['bp', 'di']];
const PREFIXES: PrefixWord[] = ['lock', 'rep', 'repe', 'o16', 'o32', 'a16', 'a32', 'es', 'fs'];

export function fuzzCases(seed: number, count: number): Case[] {
  const rnd = random(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)];
  const maybe = (p: number) => rnd() < p;

  const memory = (): MemSpec => {
    const spec: MemSpec = {};
    const wide = maybe(0.5);
    if (wide) {
      if (maybe(0.8)) spec.base = pick(REGS.r32);
      if (maybe(0.5)) {
        spec.index = pick(REGS.r32.filter((r) => r !== 'esp'));
        spec.scale = pick([1, 2, 4, 8] as const);
      }
    } else {
      [spec.base, spec.index] = pick(COMBOS16);
    }
    if (maybe(0.7)) spec.disp = pick([0, 1, -1, 0x7f, 0x80, -0x80, -0x81, 0x1234, 0xffff, 0x12345678]);
    if (maybe(0.15)) spec.seg = pick(['es', 'cs', 'ss', 'ds', 'fs', 'gs'] as const);
    if (maybe(0.1) && spec.base) spec.dispSize = pick([8, wide ? 32 : 16] as const);
    if (maybe(0.5)) spec.size = pick([8, 16, 32, 64] as const);
    return spec;
  };

  const operand = (t: string): CaseOperand => {
    if (REGS[t]) return reg(pick(REGS[t]));
    if (t === 'rm8' || t === 'rm16' || t === 'rm32') return maybe(0.5) ? reg(pick(REGS[`r${t.slice(2)}`])) : mem(memory());
    if (t.startsWith('moffs')) return mem({ disp: pick(VALUES), seg: maybe(0.3) ? pick(['es', 'fs'] as const) : undefined });
    if (t.startsWith('mfar')) return mem({ ...memory(), branch: 'far' });
    if (t.startsWith('m')) return mem(memory());
    if (t.startsWith('imm') || t === 'simm8' || t === 'unity') {
      const size = pick([undefined, undefined, undefined, 8, 16, 32] as const);
      return imm(pick(VALUES), size ? { size, strict: maybe(0.3) } : {});
    }
    if (t.startsWith('rel')) {
      const r = rnd();
      const branch = r < 0.2 ? 'short' as const : r < 0.3 ? 'near' as const : undefined;
      return here(pick(DISTANCES), { branch, size: maybe(0.2) ? pick([16, 32] as const) : undefined });
    }
    if (t.startsWith('far')) return far(pick([0x08, 0x10]), pick(VALUES), pick([undefined, 16, 32] as const));
    return reg(t);
  };

  const forms = FORMS.filter((f) => !f.flags.has('na'));
  const cases: Case[] = [];
  for (let i = 0; i < count; i++) {
    const f = pick(forms);
    const prefixes = maybe(0.15) ? [pick(PREFIXES)] : [];
    cases.push(ins(pick([16, 32] as const), f.mnemonic, f.operands.map(operand), prefixes));
  }
  return cases;
}
