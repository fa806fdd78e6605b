// Handlers made for one decoded instruction (see specialize.ts): Jcc, near JMP and near CALL to
// a relative target, and near RET, with the condition, displacement and operand size fixed at
// decode time. As the general handlers (control.ts), a target outside CS's limit raises #GP(0)
// and leaves EIP alone.

import { CONDITIONS } from '../../../arch/conditions';
import { DecodedInstruction } from '../../../arch/decoder';
import { CpuFault, Vector } from '../faults';
import { Seg } from '../state';
import type { Cpu } from '../cpu';
import { nearCall, nearReturn } from './control';
import { Handler } from './handler';
import { operandBytes } from './operands';

/** Jcc mnemonics (as the table spells them) by condition code. */
const CONDITION_OF = new Map(CONDITIONS.map((names, cc) => [`j${names[0]}`, cc]));

/** EIP + rel, cut to the operand size, checked against CS's limit. */
function jump(cpu: Cpu, rel: number, o16: boolean): void {
  const target = cpu.eip + rel;
  const eip = o16 ? target & 0xffff : target >>> 0;
  if (eip > cpu.segs[Seg.CS].limit) throw new CpuFault(Vector.GP, 0);
  cpu.eip = eip;
}

/** The table's spellings of near RET. */
const NEAR_RETURNS = new Set(['ret', 'retn', 'retw', 'retd', 'retnw', 'retnd']);

/** RET and RET imm16 (near). */
function specializeReturn(insn: DecodedInstruction, mnemonic: string): Handler | undefined {
  const ops = insn.operands;
  if (!NEAR_RETURNS.has(mnemonic) || (ops.length === 1 && ops[0].kind !== 'imm') || ops.length > 1) return undefined;
  const width = operandBytes(insn);
  const release = ops.length === 1 ? ops[0].value : 0;
  return (cpu) => nearReturn(cpu, width, release);
}

export function specializeBranch(insn: DecodedInstruction, mnemonic: string): Handler | undefined {
  if (insn.operands.length !== 1 || insn.operands[0].kind !== 'rel') return specializeReturn(insn, mnemonic);
  const rel = insn.operands[0].value;
  const o16 = insn.operandSize === 16;
  if (mnemonic === 'jmp') return (cpu) => jump(cpu, rel, o16);
  if (mnemonic === 'call') {
    const width = operandBytes(insn);
    return (cpu) => nearCall(cpu, cpu.eip + rel, width);
  }
  const cc = CONDITION_OF.get(mnemonic);
  if (cc === undefined) return undefined;
  return (cpu) => {
    if (cpu.flags.condition(cc)) jump(cpu, rel, o16);
  };
}
