// Per-form operand plans: what the decoder does for each operand slot, worked out once from
// the form's operand types and roles so that decoding does no string work.

import { ImmField, InstructionForm, OperandType } from '../forms';
import { RegisterClass, lookupRegister, registerWidth } from '../registers';
import { DecodedOperand, REGISTER_OPERANDS } from './types';

export const enum Step {
  /** A register named by the form (AL, CL, DX, ES, ...). */
  FixedReg,
  /** A register in ModRM.reg. */
  RegField,
  /** A register in the low three bits of the opcode. */
  OpcodeReg,
  /** ModRM.rm: a register or a memory operand. */
  Rm,
  /** An immediate, zero-extended. */
  Imm,
  /** A byte immediate sign-extended to the operand size. */
  SImm8,
  /** A relative branch displacement. */
  Rel,
  /** A far pointer selector:offset. */
  Far,
  /** An address-sized offset: memory with no base or index. */
  Moffs,
  /** The constant 1 of the shift-by-one forms. */
  Unity,
}

export interface OperandPlan {
  step: Step;
  /** Register class for FixedReg, RegField, OpcodeReg, and Rm when it holds a register. */
  cls: RegisterClass | null;
  /** The shared operand objects of that class, indexed by register number. */
  regs: readonly DecodedOperand[] | null;
  /** FixedReg: the register number. */
  num: number;
  /** Width in bits of the operand (memory access size for Rm: 0 unsized, -1 when memory is not allowed). */
  size: number;
  /** Imm, SImm8, Rel, Far, Moffs: the immediate field read. */
  field: ImmField | null;
}

export interface FormPlan {
  operands: OperandPlan[];
  /** Operand indices in decoding order: ModRM.rm first, since its SIB and displacement come before immediates. */
  order: number[];
  /** Whether a register may stand in ModRM.rm, and whether memory may. */
  rmAllowsReg: boolean;
  rmAllowsMem: boolean;
  /** MOV to and from CR/DR/TR: ModRM.mod is ignored and rm always names a register. */
  modIgnored: boolean;
}

/** Register class (or null for memory only) and memory width of a ModRM.rm operand type. */
function rmType(type: OperandType): [RegisterClass | null, number] {
  if (type === 'r8' || type === 'r16' || type === 'r32') return [type, -1];
  if (type === 'mfar16') return [null, 32];
  if (type === 'mfar32') return [null, 48];
  const m = /^(rm|m)(\d*)$/.exec(type)!;
  const size = Number(m[2] || 0);
  return [m[1] === 'rm' ? (`r${size}` as RegisterClass) : null, size];
}

function width(type: OperandType, form: InstructionForm): number {
  const m = /(\d+)$/.exec(type);
  if (m) return Number(m[1]);
  return form.osize ?? 0;
}

export function planForm(form: InstructionForm): FormPlan {
  const operands: OperandPlan[] = [];
  let imm = 0;
  let rmAllowsReg = false;
  let rmAllowsMem = false;
  form.operands.forEach((type, i) => {
    const role = form.roles[i];
    const p: OperandPlan = { step: Step.FixedReg, cls: null, regs: null, num: 0, size: 0, field: null };
    if (role === 'r' || role === 'x' || role === 'o') {
      p.step = role === 'o' ? Step.OpcodeReg : Step.RegField;
      p.cls = type as RegisterClass;
    } else if (role === 'm') {
      const [cls, size] = rmType(type);
      p.step = Step.Rm;
      p.cls = cls;
      p.size = size;
      rmAllowsReg = cls !== null;
      rmAllowsMem = size >= 0;
    } else if (role === 'i') {
      p.field = form.imms[imm++];
      if (type === 'simm8') p.step = Step.SImm8;
      else if (type.startsWith('rel')) p.step = Step.Rel;
      else if (type.startsWith('far')) p.step = Step.Far;
      else if (type.startsWith('moffs')) p.step = Step.Moffs;
      else p.step = Step.Imm;
      p.size = width(type, form);
    } else if (type === 'unity') {
      p.step = Step.Unity;
      p.size = 8;
    } else {
      const reg = lookupRegister(type)!;
      p.cls = reg.cls;
      p.num = reg.num;
    }
    if (p.cls !== null) p.regs = REGISTER_OPERANDS.get(p.cls)!;
    if (p.step !== Step.Rm && p.cls !== null) p.size = registerWidth(p.cls);
    operands.push(p);
  });
  const modIgnored = rmAllowsReg && !rmAllowsMem &&
    form.operands.some((t) => t === 'creg' || t === 'dreg' || t === 'treg');
  if (modIgnored) rmAllowsMem = true;
  if (form.roles.includes('x')) rmAllowsReg = true;
  const order = operands.map((_, i) => i).sort((a, b) =>
    Number(operands[b].step === Step.Rm) - Number(operands[a].step === Step.Rm));
  return { operands, order, rmAllowsReg, rmAllowsMem, modIgnored };
}
