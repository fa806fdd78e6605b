// A decoded instruction as NASM source, before it becomes text: the prefix words, the mnemonic
// and the operands as the assembler's parser would produce them from the text (so the encoder
// can check it), plus how each operand is spelled. Choices follow ndisasm; `strict` spells out
// every size, so that NASM cannot pick a shorter encoding than the one decoded.

import { branchTarget, DecodedInstruction, DecodedOperand } from '../arch/decoder';
import { InstructionForm, OperandType } from '../arch/forms';
import { lookupRegister, Register, registerName, RegisterClass, SEG } from '../arch/registers';
import { Operand, OperandSize, PrefixWord } from './operands';
import { counterSpelling, plainSpelling, sizedSpelling } from './disassembler-spelling';

export interface PrintedOperand {
  op: Operand;
  /** An immediate printed with its sign (`byte +0x5`). */
  signed?: boolean;
  /** A name printed instead of the number (branch target or absolute address). */
  symbol?: string;
  /** The literal 1 of the shift-by-one forms. */
  unity?: boolean;
  /** A memory operand whose encoding has a displacement, printed even when zero (`[eax+0x0]`). */
  dispShown?: boolean;
}

export interface Printed {
  prefixes: PrefixWord[];
  mnemonic: string;
  operands: PrintedOperand[];
}

const SEG_NAMES = Object.keys(SEG) as (keyof typeof SEG)[];

/** Immediates that ndisasm sizes: shift and bit-test counts (byte), PUSH and IMUL immediates. */
const COUNT_MNEMONICS = new Set(['rol', 'ror', 'rcl', 'rcr', 'shl', 'shr', 'sar', 'bt', 'bts', 'btr', 'btc']);
const SIZED_IMM_MNEMONICS = new Set(['push', 'imul']);

function reg(cls: RegisterClass, num: number): Register {
  return lookupRegister(registerName(cls, num))!;
}

export interface RenderContext {
  bits: 16 | 32;
  address: number;
  symbols?: ReadonlyMap<number, string>;
  strict: boolean;
  /** ndisasm's spelling; otherwise JMP and Jcc always say SHORT or NEAR, since NASM never shortens a jump to a constant address. */
  ndisasm: boolean;
}

/** Whether a general register operand of the form states the width of its memory operand. */
function sizeImplied(form: InstructionForm, width: number): boolean {
  return form.operands.some((t, i) => (form.roles[i] === 'r' || form.roles[i] === 'o') &&
    (t === 'r8' || t === 'r16' || t === 'r32') && Number(t.slice(1)) === width);
}

/** Whether ndisasm writes a size keyword on this form's memory operand. */
function memSizeShown(insn: DecodedInstruction, form: InstructionForm, type: OperandType, width: number, bits: number): boolean {
  if (form.flags.has('dsize')) return insn.operandSize !== bits;
  if (type.startsWith('moffs')) return false;
  if (form.flags.has('priv') || form.flags.has('sens') || form.flags.has('vmx')) {
    return form.flags.has('vmx') && type.startsWith('rm');
  }
  if (form.cc !== undefined && form.operands.length === 1) return false;
  if ((form.mnemonic === 'movzx' || form.mnemonic === 'movsx') && form.operands[0] === 'r16') return false;
  return !sizeImplied(form, width);
}

function memoryOperand(insn: DecodedInstruction, d: DecodedOperand, i: number, ctx: RenderContext): PrintedOperand {
  const form = insn.form!;
  const type = form.operands[i];
  const cls: RegisterClass = insn.addressSize === 16 ? 'r16' : 'r32';
  const far = type === 'mfar16' || type === 'mfar32';
  const width = far ? 0 : d.size;
  const op: Operand = {
    kind: 'mem', scale: d.scale as 1 | 2 | 4 | 8, disp: d.disp, known: true,
    base: d.base >= 0 ? reg(cls, d.base) : undefined,
    index: d.index >= 0 ? reg(cls, d.index) : undefined,
    seg: insn.segment >= 0 ? insn.segment : undefined,
  };
  if (op.index && !op.base && insn.dispBytes === 4) op.disp = d.disp | 0;
  if (far) {
    op.branch = 'far';
    if (insn.operandSize !== ctx.bits || ctx.strict) op.size = insn.operandSize;
  } else if (width > 0 && (ctx.strict || memSizeShown(insn, form, type, width, ctx.bits))) {
    op.size = width as OperandSize;
  }
  if (ctx.strict && (op.base || op.index) && insn.dispBytes > 0) op.dispSize = (insn.dispBytes * 8) as 8 | 16 | 32;
  // an absolute address states its width when it differs from the default, and always in a
  // 32-bit ModRM (ndisasm's spelling)
  const absolute = !op.base && !op.index;
  const moffs = type.startsWith('moffs');
  if (absolute && (insn.addressSize !== ctx.bits || (!moffs && insn.addressSize === 32))) op.dispSize = insn.addressSize;
  // NASM would turn [eax*2] into [eax+eax] and [eax*1] into [eax]
  if (!ctx.ndisasm && op.index && !op.base) op.nosplit = true;
  const p: PrintedOperand = { op, dispShown: insn.dispBytes > 0 };
  if (absolute) p.symbol = ctx.symbols?.get(d.disp);
  return p;
}

function immediateOperand(insn: DecodedInstruction, d: DecodedOperand, i: number, ctx: RenderContext): PrintedOperand {
  const form = insn.form!;
  const type = form.operands[i];
  const field = form.imms[form.roles.slice(0, i).filter((r) => r === 'i').length];
  if (type === 'simm8') {
    const v = d.size === 16 ? (d.value << 16) >> 16 : d.value | 0;
    return { op: { kind: 'imm', value: v, known: true, size: 8 }, signed: true };
  }
  const op: Operand = { kind: 'imm', value: d.value, known: true };
  if (type === 'imm8' && COUNT_MNEMONICS.has(form.mnemonic)) op.size = 8;
  else if (SIZED_IMM_MNEMONICS.has(form.mnemonic) && type !== 'imm8') op.size = d.size as OperandSize;
  if (ctx.strict && field !== 'ib') {
    op.size = d.size as OperandSize;
    op.strict = true;
  }
  return { op };
}

function branchOperand(insn: DecodedInstruction, d: DecodedOperand, ctx: RenderContext): PrintedOperand {
  const form = insn.form!;
  const target = branchTarget(insn, d, ctx.address);
  const op: Operand = { kind: 'imm', value: target, known: true };
  const short = form.imms[0] === 'jb';
  const jump = form.mnemonic === 'jmp' || form.cc !== undefined;
  if (short) {
    if (form.mnemonic === 'jmp' || (jump && !ctx.ndisasm) || ctx.strict) op.branch = 'short';
  } else {
    // NASM takes a sized Jcc only as NEAR WORD/DWORD, though ndisasm prints it without NEAR
    if (insn.operandSize !== ctx.bits) op.size = insn.operandSize;
    const sized = op.size !== undefined;
    if ((form.cc !== undefined && !(sized && ctx.ndisasm)) || (jump && !sized && !ctx.ndisasm) || ctx.strict) op.branch = 'near';
  }
  return { op, symbol: ctx.symbols?.get(target) };
}

function operand(insn: DecodedInstruction, d: DecodedOperand, i: number, ctx: RenderContext): PrintedOperand {
  switch (d.kind) {
    case 'reg': {
      // MOV Sreg,r16 with a 32-bit operand size reads the same bits; ndisasm names the 32-bit register
      const wide = d.cls === 'r16' && insn.operandSize === 32 && insn.form!.operands.includes('sreg');
      return { op: { kind: 'reg', reg: reg(wide ? 'r32' : d.cls!, d.reg) } };
    }
    case 'mem':
      return memoryOperand(insn, d, i, ctx);
    case 'rel':
      return branchOperand(insn, d, ctx);
    case 'far': {
      const op: Operand = { kind: 'far', selector: d.selector, offset: d.value, known: true };
      if (insn.operandSize !== ctx.bits) op.size = insn.operandSize;
      return { op };
    }
    default:
      if (insn.form!.operands[i] === 'unity') return { op: { kind: 'imm', value: 1, known: true }, unity: true };
      return immediateOperand(insn, d, i, ctx);
  }
}

/** Whether the text of the operands already says the operand size (a 16/32-bit register, a sized word). */
function statesOperandSize(form: InstructionForm, ops: PrintedOperand[], size: number): boolean {
  // in a form of no particular operand size, fixed registers (IN AL,DX) say nothing about it
  return ops.some(({ op }, i) => {
    if (op.kind !== 'reg') return op.size === size;
    const width = op.reg.cls === 'r16' ? 16 : op.reg.cls === 'r32' ? 32 : 0;
    return width === size && (form.osize !== undefined || form.roles[i] !== '-');
  });
}

export function printInstruction(insn: DecodedInstruction, ctx: RenderContext): Printed {
  const form = insn.form!;
  const operands = insn.operands.map((d, i) => operand(insn, d, i, ctx));
  let mnemonic = form.mnemonic;
  const prefixes: PrefixWord[] = [];
  const hasMemory = insn.operands.some((d) => d.kind === 'mem');
  if (insn.segment >= 0 && !hasMemory) prefixes.push(SEG_NAMES[insn.segment]);
  if (insn.lock) prefixes.push('lock');
  if (insn.rep === 0xf2) prefixes.push('repne');
  else if (insn.rep === 0xf3) prefixes.push(form.flags.has('repe') ? 'repe' : 'rep');

  const osizeChanged = insn.operandSize !== ctx.bits && form.mandatoryPrefix !== 0x66;
  if (osizeChanged && form.osize === undefined) {
    const sized = sizedSpelling(form, insn.operandSize);
    if (sized) mnemonic = sized;
    else if (!statesOperandSize(form, operands, insn.operandSize)) prefixes.push(insn.operandSize === 16 ? 'o16' : 'o32');
  } else if (osizeChanged && form.operands.length > 0 && !statesOperandSize(form, operands, insn.operandSize)) {
    prefixes.push(insn.operandSize === 16 ? 'o16' : 'o32');
  } else if (!osizeChanged && form.osize !== undefined) {
    mnemonic = plainSpelling(form) ?? mnemonic;
  }
  // ndisasm leaves out an address-size prefix that nothing uses; NASM needs it written
  const usesAddressSize = !ctx.ndisasm || form.flags.has('rep') || form.flags.has('repe') || form.mnemonic === 'xlatb';
  const counter = insn.addressSize !== ctx.bits ? counterSpelling(form, insn.addressSize) : undefined;
  if (counter) {
    const type = counter.operands[counter.operands.length - 1];
    operands.push({ op: { kind: 'reg', reg: lookupRegister(type)! } });
  } else if (insn.addressSize !== ctx.bits && form.asize === undefined && !hasMemory && usesAddressSize) {
    prefixes.push(insn.addressSize === 16 ? 'a16' : 'a32');
  }
  return { prefixes, mnemonic, operands };
}
