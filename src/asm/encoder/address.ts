// Effective addresses: the ModRM mod/rm fields, the SIB byte and the displacement,
// chosen as NASM chooses them, in 16- and 32-bit addressing.

import { Register } from '../../arch/registers';
import { MemoryOperand } from '../operands';
import { signed, truncate } from './values';

export interface EffectiveAddress {
  addressSize: 16 | 32;
  mod: number;
  rm: number;
  sib?: number;
  disp: number;
  dispBytes: 0 | 1 | 2 | 4;
}

export type AddressResult = EffectiveAddress | { error: string };

const ESP = 4;
const EBP = 5;
const SCALE_BITS: Record<number, number> = { 1: 0, 2: 1, 4: 2, 8: 3 };

/** The address size a memory operand uses, or an error. `prefix` is an a16/a32 prefix word. */
export function addressSizeOf(m: MemoryOperand, bits: 16 | 32, prefix?: 16 | 32): 16 | 32 | { error: string } {
  const regs = [m.base, m.index].filter((r): r is Register => r !== undefined);
  for (const r of regs) {
    if (r.cls !== 'r16' && r.cls !== 'r32') return { error: 'invalid effective address' };
  }
  const sizes = new Set(regs.map((r) => (r.cls === 'r16' ? 16 : 32)));
  if (sizes.size > 1) return { error: 'impossible combination of address sizes' };
  const regSize = regs.length ? (regs[0].cls === 'r16' ? 16 : 32) : undefined;
  // [word ...] and [dword ...] state the address size (and, with registers, a full displacement)
  const asked = m.addrSize ?? (m.dispSize !== 8 ? m.dispSize : undefined);
  if (regSize !== undefined) {
    if (asked !== undefined && asked !== regSize) return { error: `invalid ${bits}-bit effective address` };
    if (prefix !== undefined && prefix !== regSize) return { error: 'impossible combination of address sizes' };
    return regSize;
  }
  if (asked !== undefined && prefix !== undefined && asked !== prefix) {
    return { error: 'impossible combination of address sizes' };
  }
  return asked ?? prefix ?? bits;
}

/** mod for a displacement after a base register: 0 (none), 1 (disp8) or 2 (full). */
function dispMode(m: MemoryOperand, size: 16 | 32, baseNeedsDisp: boolean): number {
  if (m.dispSize === 8) return 1;
  if (m.dispSize === size) return 2;
  if (!m.known) return 2;
  const d = signed(m.disp, size);
  if (d === 0 && !baseNeedsDisp) return 0;
  return d >= -128 && d <= 127 ? 1 : 2;
}

function withDisp(m: MemoryOperand, size: 16 | 32, mod: number, rm: number, sib?: number): EffectiveAddress {
  const dispBytes = mod === 1 ? 1 : mod === 2 ? (size / 8) as 2 | 4 : 0;
  return { addressSize: size, mod, rm, sib, disp: truncate(m.disp, size), dispBytes };
}

function encode32(m: MemoryOperand, bits: 16 | 32): AddressResult {
  let base = m.base;
  let index = m.index;
  let scale: number = index ? m.scale : 1;
  if (index && !base && !m.nosplit && (scale === 1 || scale === 2)) {
    // [eax*1] is [eax]; [eax*2] becomes [eax+eax]
    base = index;
    if (scale === 1) index = undefined;
    else scale = 1;
  }
  if (index && index.num === ESP) {
    if (scale !== 1 || !base || base.num === ESP) return { error: `invalid ${bits}-bit effective address` };
    [base, index] = [index, base];
  }
  if (!base && !index) return { addressSize: 32, mod: 0, rm: 5, disp: truncate(m.disp, 32), dispBytes: 4 };
  if (!base) {
    const sib = (SCALE_BITS[scale] << 6) | (index!.num << 3) | 5;
    return { addressSize: 32, mod: 0, rm: 4, sib, disp: truncate(m.disp, 32), dispBytes: 4 };
  }
  const mod = dispMode(m, 32, base.num === EBP);
  if (index || base.num === ESP) {
    const sib = (SCALE_BITS[scale] << 6) | ((index ? index.num : ESP) << 3) | base.num;
    return withDisp(m, 32, mod, 4, sib);
  }
  return withDisp(m, 32, mod, base.num);
}

// rm values of the 16-bit register combinations, keyed by the sorted register names
const RM16: Record<string, number> = {
  'bx+si': 0, 'bx+di': 1, 'bp+si': 2, 'bp+di': 3, si: 4, di: 5, bp: 6, bx: 7,
};

function encode16(m: MemoryOperand, bits: 16 | 32): AddressResult {
  const regs = [m.base, m.index].filter((r): r is Register => r !== undefined);
  if (m.index && m.scale !== 1) return { error: `invalid ${bits}-bit effective address` };
  if (regs.length === 0) return { addressSize: 16, mod: 0, rm: 6, disp: truncate(m.disp, 16), dispBytes: 2 };
  const rm = RM16[regs.map((r) => r.name).sort().join('+')];
  if (rm === undefined) return { error: `invalid ${bits}-bit effective address` };
  return withDisp(m, 16, dispMode(m, 16, rm === 6), rm);
}

export function encodeAddress(m: MemoryOperand, bits: 16 | 32, prefix?: 16 | 32): AddressResult {
  const size = addressSizeOf(m, bits, prefix);
  if (typeof size !== 'number') return size;
  return size === 32 ? encode32(m, bits) : encode16(m, bits);
}
