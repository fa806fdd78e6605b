// The immediate fields at the end of an instruction: data, far pointers, moffs offsets and
// relative branch displacements (measured from the end of the instruction).

import { ImmField, InstructionForm } from '../../arch/forms';
import { Operand } from '../operands';
import { pushLittleEndian, truncate } from './values';

const BYTES: Partial<Record<ImmField, number>> = { ib: 1, iw: 2, id: 4, jb: 1, jw: 2, jd: 4 };

/**
 * Appends the immediate fields of `form` to `out`, which holds the rest of the instruction.
 * Returns false when a short branch cannot reach a known target.
 */
export function appendImmediates(
  out: number[], form: InstructionForm, ops: readonly Operand[], address: number, addressSize: 16 | 32,
): boolean {
  const immOps = ops.filter((_, i) => form.roles[i] === 'i');
  let rel: { at: number; size: number; op: Operand } | undefined;
  form.imms.forEach((field, k) => {
    const op = immOps[k];
    switch (field) {
      case 'ib': case 'iw': case 'id':
        pushLittleEndian(out, op.kind === 'imm' ? op.value : 0, BYTES[field]!);
        break;
      case 'jb': case 'jw': case 'jd':
        rel = { at: out.length, size: BYTES[field]!, op };
        pushLittleEndian(out, 0, rel.size);
        break;
      case 'pw': case 'pd':
        if (op.kind === 'far') {
          pushLittleEndian(out, op.offset, field === 'pw' ? 2 : 4);
          pushLittleEndian(out, op.selector, 2);
        }
        break;
      case 'ia':
        pushLittleEndian(out, op.kind === 'mem' ? op.disp : 0, addressSize / 8);
        break;
    }
  });
  if (rel?.op.kind !== 'imm') return true;
  const distance = rel.op.value - (address + out.length);
  if (rel.size === 1 && rel.op.known && (distance < -128 || distance > 127)) return false;
  const encoded: number[] = [];
  pushLittleEndian(encoded, truncate(distance, rel.size * 8), rel.size);
  out.splice(rel.at, rel.size, ...encoded);
  return true;
}
