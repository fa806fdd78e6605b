// Control transfer: JMP, CALL, RET, Jcc, LOOP, JCXZ, INT, INTO, INT3, INT1, IRET, BOUND.

import { CONDITIONS } from '../../../arch/conditions';
import { DecodedInstruction } from '../../../arch/decoder';
import { CpuFault, Vector } from '../faults';
import { farCall, farJump, farReturn, interruptReturn } from '../far-transfers';
import { Reg, Seg } from '../state';
import type { Cpu } from '../cpu';
import { Width } from '../access';
import { Handler, HandlerGroup } from './handler';
import { counter, effectiveAddress, operandBytes, read } from './operands';

/** Sets EIP within CS, as near branches do (#GP(0) beyond the limit). */
function branchTo(cpu: Cpu, insn: DecodedInstruction, target: number): void {
  const eip = insn.operandSize === 16 ? target & 0xffff : target >>> 0;
  if (eip > cpu.segs[Seg.CS].limit) throw new CpuFault(Vector.GP, 0);
  cpu.eip = eip;
}

/** The target of operand 0: relative to the next instruction, or absolute from a register or memory. */
function nearTarget(cpu: Cpu, insn: DecodedInstruction): number {
  const op = insn.operands[0];
  return op.kind === 'rel' ? cpu.eip + op.value : read(cpu, insn, 0);
}

/** A far pointer: immediate (ptr16:16/32) or in memory (offset, then selector). */
function farPointer(cpu: Cpu, insn: DecodedInstruction): { selector: number; offset: number } {
  const op = insn.operands[0];
  if (op.kind === 'far') return { selector: op.selector, offset: op.value };
  const width = operandBytes(insn);
  const ea = effectiveAddress(cpu, insn, op);
  const offset = cpu.mem.read(op.seg as Seg, ea, width);
  const selector = cpu.mem.read(op.seg as Seg, (ea + width) >>> 0, 2);
  return { selector, offset };
}

const isFar = (insn: DecodedInstruction): boolean => {
  const t = insn.form!.operands[0];
  return t === 'far16' || t === 'far32' || t === 'mfar16' || t === 'mfar32';
};

const jmp: Handler = (cpu, insn) => {
  if (isFar(insn)) {
    const { selector, offset } = farPointer(cpu, insn);
    farJump(cpu, selector, insn.operandSize === 16 ? offset & 0xffff : offset);
  } else {
    branchTo(cpu, insn, nearTarget(cpu, insn));
  }
};

const call: Handler = (cpu, insn) => {
  const width = operandBytes(insn);
  if (isFar(insn)) {
    const { selector, offset } = farPointer(cpu, insn);
    farCall(cpu, selector, width === 2 ? offset & 0xffff : offset, width);
    return;
  }
  nearCall(cpu, nearTarget(cpu, insn), width);
};

/** A near CALL to `target` with the operand size `width` (2 or 4 bytes): push EIP, then jump. */
export function nearCall(cpu: Cpu, target: number, width: Width): void {
  const eip = width === 2 ? target & 0xffff : target >>> 0;
  if (eip > cpu.segs[Seg.CS].limit) throw new CpuFault(Vector.GP, 0);
  cpu.stack.push(cpu.eip, width);
  cpu.eip = eip;
}

/** A near RET popping `width` bytes of return address and then `release` bytes more. */
export function nearReturn(cpu: Cpu, width: Width, release: number): void {
  const target = cpu.stack.peek(0, width);
  if (target > cpu.segs[Seg.CS].limit) throw new CpuFault(Vector.GP, 0);
  cpu.stack.pointer += width + release;
  cpu.eip = target;
}

const ret: Handler = (cpu, insn) => nearReturn(cpu, operandBytes(insn), insn.operands.length > 0 ? read(cpu, insn, 0) : 0);

const retf: Handler = (cpu, insn) => farReturn(cpu, operandBytes(insn), insn.operands.length > 0 ? read(cpu, insn, 0) : 0);

/** Jcc for one condition code (the handler knows it, so the form is not consulted at run time). */
function jcc(cc: number): Handler {
  return (cpu, insn) => {
    if (cpu.flags.condition(cc)) branchTo(cpu, insn, nearTarget(cpu, insn));
  };
}

/** LOOP, LOOPE, LOOPNE: decrement (E)CX, then branch while it is not zero (and ZF agrees). */
function loop(zf: boolean | undefined): Handler {
  return (cpu, insn) => {
    const count = (counter(cpu, insn) - 1) & (insn.addressSize === 32 ? 0xffffffff : 0xffff);
    if (insn.addressSize === 32) cpu.gpr[Reg.ECX] = count;
    else cpu.gpr[Reg.ECX] = (cpu.gpr[Reg.ECX] & 0xffff0000) | count;
    if (count !== 0 && (zf === undefined || cpu.flags.zf === zf)) branchTo(cpu, insn, nearTarget(cpu, insn));
  };
}

const jcxz: Handler = (cpu, insn) => {
  if (counter(cpu, insn) === 0) branchTo(cpu, insn, nearTarget(cpu, insn));
};

const bound: Handler = (cpu, insn) => {
  const bits = insn.operandSize;
  const width = bits >>> 3;
  const signed = (v: number) => (bits === 32 ? v | 0 : (v << 16) >> 16);
  const index = signed(read(cpu, insn, 0));
  const op = insn.operands[1];
  const ea = effectiveAddress(cpu, insn, op);
  const lower = signed(cpu.mem.read(op.seg as Seg, ea, width as 2 | 4));
  const upper = signed(cpu.mem.read(op.seg as Seg, (ea + width) >>> 0, width as 2 | 4));
  if (index < lower || index > upper) throw new CpuFault(Vector.BR);
};

const conditionals: Record<string, Handler> = {};
CONDITIONS.forEach((names, cc) => (conditionals[`j${names[0]}`] = jcc(cc)));

const iret: Handler = (cpu, insn) => interruptReturn(cpu, operandBytes(insn));

export const CONTROL: HandlerGroup = {
  ...conditionals,
  jmp,
  call,
  ret, retn: ret, retw: ret, retd: ret, retnw: ret, retnd: ret,
  retf, retfw: retf, retfd: retf,
  loop: loop(undefined),
  loope: loop(true),
  loopne: loop(false),
  jcxz,
  jecxz: jcxz,
  int: (cpu, insn) => cpu.deliver({ vector: read(cpu, insn, 0), software: true, intN: true, returnEip: cpu.eip }),
  int3: (cpu) => cpu.deliver({ vector: Vector.BP, software: true, returnEip: cpu.eip }),
  into: (cpu) => {
    if (cpu.flags.of) cpu.deliver({ vector: Vector.OF, software: true, returnEip: cpu.eip });
  },
  // ICEBP raises #DB as a hardware event would: no DPL check.
  int1: (cpu) => cpu.deliver({ vector: Vector.DB, software: false, returnEip: cpu.eip }),
  iret,
  iretw: iret,
  iretd: iret,
  bound,
};
