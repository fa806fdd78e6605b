// Representative operand texts (NASM syntax) for the generated form corpus: registers,
// memory operands in every addressing mode, boundary immediates, far pointers.

import { RegisterClass, registerName } from '../../src/arch/registers';

export type Bits = 16 | 32;

export function registersOf(cls: RegisterClass): string[] {
  const count = cls === 'sreg' ? 6 : 8;
  return Array.from({ length: count }, (_, i) => registerName(cls, i));
}

const R32 = registersOf('r32');
const BASES16 = ['bx+si', 'bx+di', 'bp+si', 'bp+di', 'si', 'di', 'bp', 'bx'];
// no displacement, disp8 (both signs, both edges), disp16 just past the disp8 edges, big disp16
const DISPS16 = ['', '+0x12', '-0x12', '+0x7f', '-0x80', '+0x80', '-0x81', '+0x1234', '-0x1234'];

/** 16-bit addressing: every base/index combination with each displacement, then the odd cases. */
function modes16(): string[] {
  const out: string[] = [];
  for (const b of BASES16) for (const d of DISPS16) out.push(`[${b}${d}]`);
  out.push(
    '[0x1234]', '[0]', '[0xffff]', '[si+bx]', '[di+bp+4]', '[word bx+4]', '[word bp]', '[bx+si+0x7fff]',
    '[bx+si+0]', '[bp+0]', '[0x10+bx]', '[2+di+bp-2]',
    '[es:bx]', '[cs:bx+si+0x12]', '[ss:bp+4]', '[ss:bx]', '[ds:bp]', '[ds:bp+di-2]', '[fs:si]', '[gs:0x1234]',
  );
  return out;
}

/** 32-bit addressing: every base (ESP needs a SIB, EBP a displacement), every scale, index only, overrides. */
function modes32(): string[] {
  const out: string[] = [];
  for (const r of R32) out.push(`[${r}]`);
  R32.forEach((r, i) => {
    for (const d of ['+0x12', '-0x80', '+0x80', '-0x12345678']) out.push(`[${r}${d}]`);
    if (i % 4 === 0 || r === 'ebp') out.push(`[${r}+0x7f]`, `[${r}-0x81]`, `[${r}+0x12345678]`);
  });
  const disps = ['', '+0x12', '-0x1234', '-4', '+0x7fffffff'];
  let n = 0;
  for (const scale of [1, 2, 4, 8]) {
    R32.forEach((base, i) => {
      let index = R32[(i + scale + 1) % 8];
      if (index === 'esp') index = 'esi';
      out.push(`[${base}+${index}*${scale}${disps[n++ % disps.length]}]`);
    });
  }
  out.push(
    '[eax*2]', '[ecx*4]', '[edx*8]', '[ebx*4+0x10]', '[esi*8-4]', '[ebp*2+0x12345678]', '[edi*1]', '[ecx*1+0x12]',
    '[nosplit eax*2]', '[ebx*3]', '[ebx*5]', '[esi*9+4]', '[2*ebx]', '[8+ebx*4]', '[ebx+0]', '[esp+0]', '[ebp-0]', '[ebp+eax]', '[eax+ebp]', '[eax+esp]', '[esp+eax*2]', '[ebp+ebp*2]',
    '[0x12345678]', '[0]', '[0xffffffff]', '[dword eax+4]', '[dword eax]', '[dword esp]', '[byte ebp]',
    '[es:eax]', '[cs:ebx+4]', '[ss:esp]', '[ss:ebp+8]', '[ds:ebp]', '[ds:esp+4]', '[fs:0]', '[gs:eax*4+8]',
    '[fs:0x12345678]',
  );
  return out;
}

/** The other address size, reached with a 0x67 prefix: a few of its modes. */
const CROSS: Record<Bits, string[]> = {
  16: ['[eax]', '[esp+4]', '[ebp]', '[eax+ebx*4+0x12]', '[dword 0x12345678]', '[fs:ecx*8-0x80]'],
  32: ['[bx+si]', '[bp]', '[bx+0x1234]', '[word 0x1234]', '[es:di-2]', '[ss:bp+si+0x7f]'],
};

const MODES: Record<Bits, string[]> = {
  16: [...modes16(), ...CROSS[16]],
  32: [...modes32(), ...CROSS[32]],
};

/** Every memory operand of the addressing-mode sweep for a BITS setting (brackets, no size). */
export function memoryModes(bits: Bits): readonly string[] {
  return MODES[bits];
}

/** A spread-out subset of the sweep, different for each `seed`. */
export function memorySample(bits: Bits, seed: number, count: number): string[] {
  const all = MODES[bits];
  return Array.from({ length: count }, (_, k) => all[(seed * 7 + k * 23) % all.length]);
}

/** Direct addresses for the accumulator moves (A0-A3), including a segment and the other address size. */
export function moffsModes(bits: Bits): string[] {
  return bits === 16
    ? ['[0x1234]', '[0]', '[0xffff]', '[es:0x10]', '[fs:0x1234]', '[cs:0x20]', '[dword 0x12345678]']
    : ['[0x12345678]', '[0]', '[0xffffffff]', '[es:0x10]', '[gs:0x12345678]', '[ss:0x20]', '[word 0x1234]'];
}

/** Immediates at the edges of each encoding. `signed8` adds negative bytes where NASM takes them quietly. */
export const IMMEDIATES = {
  imm8Unsigned: ['0', '1', '0x7f', '0x80', '0xff', '0x5a', '3'],
  imm8Signed: ['0', '1', '-1', '0x7f', '0x80', '-0x80', '0xff', '0x5a'],
  simm8: ['0', '1', '-1', '0x7f', '-0x80', '0x12'],
  imm16: ['0', '1', '-1', '0x7f', '0x80', '-0x80', '-0x81', '0x7fff', '0x8000', '0xffff', '-0x8000', '0x1234', '0xff80'],
  imm32: [
    '0', '1', '-1', '0x7f', '0x80', '-0x80', '-0x81', '0x7fff', '0x8000', '0xffff', '0x7fffffff',
    '0x80000000', '0xffffffff', '-0x80000000', '0x12345678', '0xffffff80',
  ],
} as const;

/** selector:offset far pointers for JMP/CALL ptr16:16 and ptr16:32. */
export const FAR_POINTERS = {
  far16: ['0x1234:0x5678', '0:0', '0xffff:0xffff', '0x8:0x7c00'],
  far32: ['0x10:0x12345678', '0x8:0x100000', '0xffff:0xffffffff', '0:0'],
} as const;
