// Whether an operand fits an operand type of a form, and what size information it carries.

import { InstructionForm, OperandType } from '../../arch/forms';
import { registerWidth } from '../../arch/registers';
import { Operand } from '../operands';
import { fitsSignedByte } from './values';

/** The data width an operand type stands for, where it has one. */
export const TYPE_WIDTH: Partial<Record<OperandType, number>> = {
  r8: 8, rm8: 8, m8: 8, imm8: 8, moffs8: 8, al: 8, cl: 8,
  r16: 16, rm16: 16, m16: 16, imm16: 16, moffs16: 16, ax: 16, cx: 16, dx: 16, sreg: 16,
  r32: 32, rm32: 32, m32: 32, imm32: 32, moffs32: 32, eax: 32, ecx: 32, creg: 32, dreg: 32, treg: 32,
  m64: 64, m128: 128, rel16: 16, rel32: 32, far16: 16, far32: 32, mfar16: 16, mfar32: 32,
};


/** The size an operand states by itself: a register's width or a size keyword. */
export function statedSize(op: Operand): number | undefined {
  return op.kind === 'reg' ? registerWidth(op.reg.cls) : op.size;
}

/** Memory slots that an unsized memory operand can fill only once its size is known. */
export function isSizedMemorySlot(type: OperandType): boolean {
  return type !== 'm' && TYPE_WIDTH[type] !== undefined && !type.startsWith('mfar');
}

const RM_REGISTER: Partial<Record<OperandType, string>> = { rm8: 'r8', rm16: 'r16', rm32: 'r32' };

/**
 * Whether `op` fits `type` in `form`. With `ignoreSizes`, size keywords are disregarded
 * (used only to tell "mismatch in operand sizes" from "invalid combination").
 */
export function fits(type: OperandType, op: Operand, form: InstructionForm, ignoreSizes = false): boolean {
  switch (type) {
    case 'r8': case 'r16': case 'r32': case 'sreg': case 'creg': case 'dreg': case 'treg':
      return op.kind === 'reg' && op.reg.cls === type;
    case 'rm8': case 'rm16': case 'rm32':
      if (op.kind === 'reg') return op.reg.cls === RM_REGISTER[type];
      return op.kind === 'mem' && (op.branch === undefined || op.branch === 'near') && sizeFits(type, op.size, ignoreSizes);
    case 'm':
      return op.kind === 'mem' && (ignoreSizes || ((op.branch === undefined || op.branch === 'near') &&
        (op.size === undefined || form.flags.has('anysize'))));
    case 'm8': case 'm16': case 'm32': case 'm64': case 'm128':
      return op.kind === 'mem' && (ignoreSizes || op.branch === undefined || op.branch === 'near') &&
        sizeFits(type, op.size, ignoreSizes);
    case 'mfar16': case 'mfar32':
      return op.kind === 'mem' && (ignoreSizes || op.branch === 'far') && sizeFits(type, op.size, ignoreSizes);
    case 'moffs8': case 'moffs16': case 'moffs32':
      return op.kind === 'mem' && op.branch === undefined && !op.base && !op.index && sizeFits(type, op.size, ignoreSizes);
    case 'imm8': case 'imm16': case 'imm32':
      return op.kind === 'imm' && op.branch === undefined && sizeFits(type, op.size, ignoreSizes);
    case 'simm8': {
      if (op.kind !== 'imm' || op.branch !== undefined) return false;
      const osize = form.osize ?? 16;
      if (op.size === 8 || ignoreSizes) return true;
      if (op.size !== undefined && (op.size !== osize || op.strict)) return false;
      return op.known && fitsSignedByte(op.value, osize);
    }
    case 'unity':
      return op.kind === 'imm' && op.branch === undefined && op.size === undefined && op.known && op.value === 1;
    case 'rel8':
      return op.kind === 'imm' && (ignoreSizes || (op.size === undefined && op.branch !== 'near' && op.branch !== 'far'));
    case 'rel16': case 'rel32':
      return op.kind === 'imm' && (ignoreSizes || (op.branch !== 'short' && op.branch !== 'far')) &&
        sizeFits(type, op.size, ignoreSizes);
    case 'far16': case 'far32':
      return op.kind === 'far' && sizeFits(type, op.size, ignoreSizes);
    default:
      // one particular register: al, ax, eax, cl, cx, ecx, dx or a segment register
      return op.kind === 'reg' && op.reg.name === type;
  }
}

function sizeFits(type: OperandType, size: number | undefined, ignoreSizes: boolean): boolean {
  return ignoreSizes || size === undefined || size === TYPE_WIDTH[type];
}
