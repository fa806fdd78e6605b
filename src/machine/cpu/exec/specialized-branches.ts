// Handlers made for one decoded instruction (see specialize.ts): Jcc and near JMP to a relative
// target, with the condition and displacement fixed at decode time. As the general handlers
// (control.ts), a target outside CS's limit raises #GP(0) and leaves EIP alone.

import { CONDITIONS } from '../../../arch/conditions';
import { DecodedInstruction } from '../../../arch/decoder';
import { CpuFault, Vector } from '../faults';
import { Seg } from '../state';
import type { Cpu } from '../cpu';
import { Handler } from './handler';

/** Jcc mnemonics (as the table spells them) by condition code. */
const CONDITION_OF = new Map(CONDITIONS.map((names, cc) => [`j${names[0]}`, cc]));

/** EIP + rel, cut to the operand size, checked against CS's limit. */
function jump(cpu: Cpu, rel: number, o16: boolean): void {
  const target = cpu.eip + rel;
  const eip = o16 ? target & 0xffff : target >>> 0;
  if (eip > cpu.segs[Seg.CS].limit) throw new CpuFault(Vector.GP, 0);
  cpu.eip = eip;
}

export function specializeBranch(insn: DecodedInstruction, mnemonic: string): Handler | undefined {
  if (insn.operands.length !== 1 || insn.operands[0].kind !== 'rel') return undefined;
  const rel = insn.operands[0].value;
  const o16 = insn.operandSize === 16;
  if (mnemonic === 'jmp') return (cpu) => jump(cpu, rel, o16);
  const cc = CONDITION_OF.get(mnemonic);
  if (cc === undefined) return undefined;
  return (cpu) => {
    if (cpu.flags.condition(cc)) jump(cpu, rel, o16);
  };
}
