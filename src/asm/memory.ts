// Turns the expression inside [...] into base, index, scale and displacement, choosing base and
// index as NASM does: an unscaled register is the base, [eax*3] is [eax+eax*2], and of two
// unscaled registers the one written with `*1` is the index.

import { Register } from '../arch/registers';
import { AsmError } from './diagnostics';
import { ABS, Expr } from './expressions';

export interface AddressParts {
  base?: Register;
  index?: Register;
  scale: 1 | 2 | 4 | 8;
  disp: Expr | null;
}

interface RegTerm {
  reg: Register;
  coeff: bigint;
  multiplied: boolean;
}

function hasRegister(e: Expr): boolean {
  switch (e.op) {
    case 'reg': return true;
    case 'un': return hasRegister(e.a);
    case 'bin': return hasRegister(e.a) || hasRegister(e.b);
    case 'cond': return hasRegister(e.c) || hasRegister(e.a) || hasRegister(e.b);
    default: return false;
  }
}

function collect(e: Expr, sign: bigint, regs: RegTerm[], rest: { e: Expr; k: bigint }[], col: number): void {
  if (e.op === 'reg') return addReg(regs, e.reg, sign, false);
  if (!hasRegister(e)) {
    rest.push({ e, k: sign });
    return;
  }
  if (e.op === 'bin' && (e.o === '+' || e.o === '-')) {
    collect(e.a, sign, regs, rest, col);
    collect(e.b, e.o === '-' ? -sign : sign, regs, rest, col);
    return;
  }
  if (e.op === 'un' && (e.o === '-' || e.o === '+')) {
    collect(e.a, e.o === '-' ? -sign : sign, regs, rest, col);
    return;
  }
  if (e.op === 'bin' && e.o === '*') {
    const [r, k] = e.b.op === 'num' ? [e.a, e.b] : [e.b, e.a];
    if (r.op === 'reg' && k.op === 'num') return addReg(regs, r.reg, sign * k.val.v, true);
    if (k.op === 'num') {
      // (ebx+8)*2: the constant multiplies every term
      const inner: RegTerm[] = [];
      collect(r, sign * k.val.v, inner, rest, col);
      for (const t of inner) addReg(regs, t.reg, t.coeff, true);
      return;
    }
  }
  throw new AsmError(col, 'invalid effective address: registers can only be added, or scaled by a constant');
}

function addReg(regs: RegTerm[], reg: Register, coeff: bigint, multiplied: boolean): void {
  const t = regs.find((r) => r.reg === reg);
  if (t !== undefined) {
    t.coeff += coeff;
    t.multiplied ||= multiplied;
  } else regs.push({ reg, coeff, multiplied });
}

function joinRest(rest: { e: Expr; k: bigint }[]): Expr | null {
  let out: Expr | null = null;
  for (const { e, k } of rest) {
    const mag = k < 0n ? -k : k;
    const term: Expr = mag === 1n ? e : { op: 'bin', o: '*', a: e, b: { op: 'num', val: { v: mag, s: ABS } }, col: 0 };
    if (out === null) out = k < 0n ? { op: 'un', o: '-', a: term, col: 0 } : term;
    else out = { op: 'bin', o: k < 0n ? '-' : '+', a: out, b: term, col: 0 };
  }
  return out;
}

const SCALES = new Set([1n, 2n, 4n, 8n]);

export function splitAddress(e: Expr, col: number): AddressParts {
  const regs: RegTerm[] = [];
  const rest: { e: Expr; k: bigint }[] = [];
  collect(e, 1n, regs, rest, col);
  const disp = joinRest(rest);
  const used = regs.filter((r) => r.coeff !== 0n);
  const bad = () => new AsmError(col, 'invalid effective address');
  if (used.length === 0) return { scale: 1, disp };
  if (used.length === 1) {
    const [{ reg, coeff, multiplied }] = used;
    if (coeff === 1n && !multiplied) return { base: reg, scale: 1, disp };
    if (SCALES.has(coeff)) return { index: reg, scale: Number(coeff) as 1 | 2 | 4 | 8, disp };
    if (coeff === 3n || coeff === 5n || coeff === 9n) {
      return { base: reg, index: reg, scale: Number(coeff - 1n) as 2 | 4 | 8, disp };
    }
    throw bad();
  }
  if (used.length > 2) throw bad();
  let [a, b] = used;
  if (a.coeff === 1n && b.coeff === 1n) {
    if (a.multiplied && !b.multiplied) [a, b] = [b, a];
  } else if (a.coeff !== 1n) [a, b] = [b, a];
  if (a.coeff !== 1n || !SCALES.has(b.coeff)) throw bad();
  return { base: a.reg, index: b.reg, scale: Number(b.coeff) as 1 | 2 | 4 | 8, disp };
}
