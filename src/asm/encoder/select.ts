// Which forms of a mnemonic can encode the operands, following NASM's rules for sizes.

import { InstructionForm, OperandType } from '../../arch/forms';
import { Operand } from '../operands';
import { fits, isSizedMemorySlot, statedSize, TYPE_WIDTH } from './match';

const SIZE_LINKED_REGISTERS = new Set<OperandType>(['r8', 'r16', 'r32', 'rm8', 'rm16', 'rm32', 'al', 'ax', 'eax']);
const IMMEDIATES = new Set<OperandType>(['imm8', 'imm16', 'imm32', 'simm8']);

/** What the selection needs to know about all forms of one mnemonic, computed once. */
interface MnemonicInfo {
  /** The forms the assembler may pick (not 'na'). */
  usable: InstructionForm[];
  /** Operand positions whose immediate type changes with the operation size (ADD's, not ROL's count). */
  linked: boolean[];
  /** Only a short branch form (LOOP, JCXZ): NASM refuses SHORT or NEAR on the target. */
  shortOnly: boolean;
}

const infoCache = new WeakMap<readonly InstructionForm[], MnemonicInfo>();

function mnemonicInfo(all: readonly InstructionForm[]): MnemonicInfo {
  let info = infoCache.get(all);
  if (!info) {
    const immTypes: Set<OperandType>[] = [];
    for (const f of all) {
      f.operands.forEach((t, i) => {
        if (IMMEDIATES.has(t)) (immTypes[i] ??= new Set()).add(t);
      });
    }
    const has = (t: OperandType) => all.some((f) => f.operands.includes(t));
    info = {
      usable: all.filter((f) => !f.flags.has('na')),
      linked: [0, 1, 2].map((i) => (immTypes[i]?.size ?? 0) > 1),
      shortOnly: has('rel8') && !has('rel16') && !has('rel32'),
    };
    infoCache.set(all, info);
  }
  return info;
}

/** NASM refuses size keywords on ENTER's and SHLD's immediates, and on a Jcc target without NEAR. */
function keywordsAllowed(f: InstructionForm, ops: readonly Operand[]): boolean {
  return !ops.some((op) => op.kind === 'imm' && op.size !== undefined &&
    (f.flags.has('bareimm') || (f.flags.has('nearsize') && op.branch !== 'near')));
}

function matches(f: InstructionForm, ops: readonly Operand[], ignoreSizes: boolean): boolean {
  return f.operands.length === ops.length && (ignoreSizes || keywordsAllowed(f, ops)) &&
    f.operands.every((t, i) => fits(t, ops[i], f, ignoreSizes));
}

/** Another operand of the form tells the width of the unsized memory operand at `at`. */
function confirmsWidth(f: InstructionForm, ops: readonly Operand[], at: number, linked: boolean[]): boolean {
  const width = TYPE_WIDTH[f.operands[at]];
  return ops.some((op, j) => {
    if (j === at) return false;
    const type = f.operands[j];
    if (op.kind === 'reg') return SIZE_LINKED_REGISTERS.has(type) && TYPE_WIDTH[type] === width;
    if (op.kind !== 'imm' || op.size !== width) return false;
    return type === 'simm8' ? f.osize === width : linked[j] && TYPE_WIDTH[type] === width;
  });
}

/** The operand size of the form is stated by an operand, or is the BITS default (o16/o32 only add 0x66). */
function justified(f: InstructionForm, ops: readonly Operand[], bits: 16 | 32): boolean {
  if (f.osize === undefined || f.osize === bits) return true;
  return ops.some((op) => statedSize(op) === f.osize);
}

export type Selection = { forms: InstructionForm[] } | { error: string };

export function selectForms(all: readonly InstructionForm[], ops: readonly Operand[], bits: 16 | 32): Selection {
  const info = mnemonicInfo(all);
  if (info.shortOnly && ops.some((op) => op.kind === 'imm' && op.branch !== undefined)) {
    return { error: 'mismatch in operand sizes' };
  }
  let forms = info.usable.filter((f) => matches(f, ops, false));
  if (forms.length === 0) {
    const loose = info.usable.some((f) => matches(f, ops, true));
    return { error: loose ? 'mismatch in operand sizes' : 'invalid combination of opcode and operands' };
  }

  const at = ops.findIndex((op) => op.kind === 'mem' && op.size === undefined);
  if (at >= 0) {
    const sure = forms.filter((f) => !isSizedMemorySlot(f.operands[at]) || confirmsWidth(f, ops, at, info.linked));
    if (sure.length > 0) {
      forms = sure;
    } else if (new Set(forms.map((f) => TYPE_WIDTH[f.operands[at]])).size > 1) {
      if (!forms.every((f) => f.flags.has('dsize'))) return { error: 'operation size not specified' };
      forms = forms.filter((f) => f.osize === undefined || f.osize === bits);
    }
  }

  const stated = forms.filter((f) => justified(f, ops, bits));
  return { forms: stated.length > 0 ? stated : forms };
}
