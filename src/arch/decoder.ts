// The instruction decoder, derived from the table (decode/tables.ts builds its lookups from
// FORMS). Used by the CPU on its hot path: no strings, no regular expressions, one object per
// instruction and per memory or immediate operand (register operands are shared).

import { InstructionForm } from './forms';
import { SEG } from './registers';
import { DecodedInstruction, DecodedOperand, NO_OPERANDS } from './decode/types';
import { Step } from './decode/plan';
import { LOCKABLE, MAPS, PFX_66, PFX_F2, PFX_F3, PFX_NONE, PLANS, fitsSizes, slotOf } from './decode/tables';
import { byte, cursor, dword, Fetch, MAX_INSTRUCTION_LENGTH, word } from './decode/reader';
import { memory } from './decode/modrm';

export { DecodedInstruction, DecodedOperand, branchTarget } from './decode/types';
export type { OperandKind } from './decode/types';

export { MAX_INSTRUCTION_LENGTH } from './decode/reader';
export type { Fetch } from './decode/reader';

const UD = 6;
const GP = 13;

// prefix kinds by byte
const P_SEG = 1, P_OSIZE = 2, P_ASIZE = 3, P_LOCK = 4, P_REP = 5;
const PREFIX = new Uint8Array(256);
const SEG_OF_PREFIX = new Int8Array(256).fill(-1);
[0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65].forEach((b, seg) => {
  PREFIX[b] = P_SEG;
  SEG_OF_PREFIX[b] = seg;
});
PREFIX[0x66] = P_OSIZE;
PREFIX[0x67] = P_ASIZE;
PREFIX[0xf0] = P_LOCK;
PREFIX[0xf2] = P_REP;
PREFIX[0xf3] = P_REP;

const TOO_LONG = 'instruction longer than 15 bytes';

function fail(insn: DecodedInstruction, reason: string, fault: number): DecodedInstruction {
  // past the length limit every other reason is moot: the CPU raises #GP
  const tooLong = cursor.overLong;
  insn.form = null;
  insn.invalid = tooLong ? TOO_LONG : reason;
  insn.fault = tooLong ? GP : fault;
  insn.length = Math.min(cursor.pos, MAX_INSTRUCTION_LENGTH);
  return insn;
}

/** The constant 1 of the shift-by-one forms, shared like the register operands. */
const UNITY = new DecodedOperand('imm', 8);
UNITY.value = 1;

/**
 * Decodes the instruction whose bytes `fetch` returns, in 16- or 32-bit code. Never throws
 * except by letting an exception from `fetch` through; invalid encodings come back with
 * `form === null` and `invalid` set. `lenient` (for the disassembler) accepts encodings that
 * are well formed but fault when run: LOCK where it is not allowed, MOV to CS.
 */
export function decode(fetch: Fetch, bits: 16 | 32, lenient = false): DecodedInstruction {
  const insn = new DecodedInstruction();
  cursor.pos = 0;
  cursor.overLong = false;
  let has66 = false;
  let has67 = false;
  let b = byte(fetch);
  for (;;) {
    const kind = PREFIX[b];
    if (kind === 0) break;
    if (kind === P_SEG) insn.segment = SEG_OF_PREFIX[b];
    else if (kind === P_OSIZE) has66 = true;
    else if (kind === P_ASIZE) has67 = true;
    else if (kind === P_LOCK) insn.lock = true;
    else insn.rep = b;
    b = byte(fetch);
    if (cursor.overLong) return fail(insn, TOO_LONG, GP);
  }
  insn.prefixCount = cursor.pos - 1;
  let map = 0;
  if (b === 0x0f) {
    b = byte(fetch);
    map = 1;
    if (b === 0x38) {
      b = byte(fetch);
      map = 2;
    }
  }
  const opcode = b;
  const entry = MAPS[map][opcode];
  if (entry === undefined) return fail(insn, 'undefined opcode', UD);

  let o32 = (bits === 32) !== has66 ? 1 : 0;
  const a32 = (bits === 32) !== has67 ? 1 : 0;
  const pfx = insn.rep === 0xf3 ? PFX_F3 : insn.rep === 0xf2 ? PFX_F2 : has66 ? PFX_66 : PFX_NONE;
  let form: InstructionForm | null = null;
  let modrm = -1;
  if (entry.fixed.length > 0) {
    const next = byte(fetch);
    for (const f of entry.fixed) {
      if (f.byte === next && fitsSizes(f.form, pfx, o32, a32)) {
        form = f.form;
        break;
      }
    }
    if (form === null) cursor.pos--;
  }
  if (form === null) {
    let slot = slotOf(pfx, o32, a32, 0, 0);
    if (entry.hasModrm) {
      modrm = byte(fetch);
      slot |= (modrm & 0x38) >> 2 | (modrm >= 0xc0 ? 1 : 0);
    }
    form = entry.forms[slot];
    if (form === null) return fail(insn, entry.reasons[slot]!, UD);
  }
  if (form.mandatoryPrefix === 0x66) o32 = bits === 32 ? 1 : 0;
  else if (form.mandatoryPrefix !== undefined) insn.rep = 0;
  insn.form = form;
  insn.modrm = modrm;
  insn.operandSize = o32 ? 32 : 16;
  insn.addressSize = a32 ? 32 : 16;
  if (insn.lock && !lenient && (!LOCKABLE[form.id] || modrm < 0 || modrm >= 0xc0)) {
    return fail(insn, 'LOCK prefix not allowed here', UD);
  }

  const plan = PLANS[form.id];
  const ops = plan.operands;
  const order = plan.order;
  const operands: DecodedOperand[] = ops.length === 0 ? NO_OPERANDS : new Array(ops.length);
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    const p = ops[i];
    let op: DecodedOperand;
    switch (p.step) {
      case Step.FixedReg:
        op = p.regs![p.num];
        break;
      case Step.RegField: {
        const num = (modrm >> 3) & 7;
        if (p.cls === 'sreg' && (num > 5 || (i === 0 && num === SEG.cs && !lenient))) {
          return fail(insn, 'invalid segment register', UD);
        }
        op = p.regs![num];
        break;
      }
      case Step.OpcodeReg:
        op = p.regs![opcode & 7];
        break;
      case Step.Rm:
        if (modrm >= 0xc0 || plan.modIgnored) op = p.regs![modrm & 7];
        else op = memory(fetch, insn, modrm, p.size);
        break;
      case Step.Imm:
        op = new DecodedOperand('imm', p.size);
        op.value = p.field === 'ib' ? byte(fetch) : p.field === 'iw' ? word(fetch) : dword(fetch);
        break;
      case Step.SImm8: {
        const v = (byte(fetch) << 24) >> 24;
        op = new DecodedOperand('imm', insn.operandSize);
        op.value = o32 ? v >>> 0 : v & 0xffff;
        break;
      }
      case Step.Rel:
        op = new DecodedOperand('rel', insn.operandSize);
        op.value = p.field === 'jb' ? (byte(fetch) << 24) >> 24 : p.field === 'jw' ? (word(fetch) << 16) >> 16 : dword(fetch) | 0;
        break;
      case Step.Far:
        op = new DecodedOperand('far', p.size);
        op.value = p.field === 'pw' ? word(fetch) : dword(fetch);
        op.selector = word(fetch);
        break;
      case Step.Moffs:
        op = new DecodedOperand('mem', p.size);
        op.disp = a32 ? dword(fetch) : word(fetch);
        op.seg = insn.segment >= 0 ? insn.segment : SEG.ds;
        insn.dispBytes = a32 ? 4 : 2;
        break;
      default:
        op = UNITY;
    }
    operands[i] = op;
  }
  if (cursor.overLong) return fail(insn, TOO_LONG, GP);
  insn.operands = operands;
  insn.length = cursor.pos;
  return insn;
}
