// The bytes of one instruction form applied to its operands: prefixes, opcode, ModRM/SIB and
// displacement, then the immediate fields.

import { InstructionForm } from '../../arch/forms';
import { SEGMENT_PREFIX } from '../../arch/registers';
import { InstructionRequest, MemoryOperand, Operand } from '../operands';
import { addressSizeOf, encodeAddress, EffectiveAddress } from './address';
import { Prefixes } from './prefixes';
import { appendImmediates } from './immediates';
import { pushLittleEndian } from './values';

export type Emitted = { bytes: number[] } | { error: string } | { outOfRange: true };

function operandWithRole(form: InstructionForm, ops: readonly Operand[], roles: string): Operand | undefined {
  const i = form.roles.findIndex((r) => roles.includes(r));
  return i < 0 ? undefined : ops[i];
}

function registerNumber(op: Operand | undefined): number {
  return op?.kind === 'reg' ? op.reg.num : 0;
}

export function emitForm(form: InstructionForm, req: InstructionRequest, prefixes: Prefixes): Emitted {
  const ops = req.operands;
  const bits = req.bits;
  if (prefixes.rep === 0xf2 && form.flags.has('bnd')) return { error: `${prefixes.repWord} prefix is not allowed` };
  let addressSize: 16 | 32 = form.asize ?? prefixes.asize ?? bits;
  let ea: EffectiveAddress | undefined;
  let memory: MemoryOperand | undefined;

  const rmOp = operandWithRole(form, ops, 'mx');
  if (rmOp?.kind === 'mem') {
    const r = encodeAddress(rmOp, bits, prefixes.asize);
    if ('error' in r) return r;
    ea = r;
    memory = rmOp;
    addressSize = r.addressSize;
  }
  const moffsAt = form.operands.findIndex((t) => t.startsWith('moffs'));
  if (moffsAt >= 0) {
    memory = ops[moffsAt] as MemoryOperand;
    const size = addressSizeOf(memory, bits, prefixes.asize);
    if (typeof size !== 'number') return size;
    addressSize = size;
  }
  if (memory?.seg !== undefined && prefixes.seg !== undefined) {
    return { error: 'instruction has conflicting segment overrides' };
  }
  const seg = memory?.seg ?? prefixes.seg;

  const out: number[] = [];
  const leads = form.flags.has('leads');
  if (leads) out.push(...form.opcode);
  if (prefixes.rep !== undefined) out.push(prefixes.rep);
  if (prefixes.lock) out.push(0xf0);
  if (seg !== undefined) out.push(SEGMENT_PREFIX[seg]);
  // an o16/o32 prefix word replaces the form's operand size, as in NASM (o32 movsw is A5 in BITS 32)
  const osize = prefixes.osize ?? form.osize;
  if (osize !== undefined && osize !== bits) out.push(0x66);
  if (addressSize !== bits || (prefixes.asize !== undefined && prefixes.asize !== bits)) out.push(0x67);
  if (form.mandatoryPrefix !== undefined) out.push(form.mandatoryPrefix);

  if (!leads) out.push(...form.opcode);
  if (form.opcodeReg) out[out.length - 1] += registerNumber(operandWithRole(form, ops, 'o'));

  if (form.modrm !== undefined) {
    const reg = form.modrm === 'r' ? registerNumber(operandWithRole(form, ops, 'rx')) : form.modrm;
    if (ea) {
      out.push((ea.mod << 6) | (reg << 3) | ea.rm);
      if (ea.sib !== undefined) out.push(ea.sib);
      pushLittleEndian(out, ea.disp, ea.dispBytes);
    } else {
      out.push(0xc0 | (reg << 3) | registerNumber(rmOp));
    }
  }

  if (!appendImmediates(out, form, ops, req.address, addressSize)) return { outOfRange: true };
  return { bytes: out };
}
