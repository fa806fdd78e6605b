// Bit instructions: BT BTS BTR BTC (CF = the bit; ZF kept; OF SF AF PF undefined and kept),
// BSF BSR (ZF = source is zero; the destination is kept then), SETcc.

import { CONDITIONS } from '../../../arch/conditions';
import { F } from '../flags';
import { Seg } from '../state';
import { signed } from './arithmetic';
import { Handler, HandlerGroup } from './handler';
import { effectiveAddress, read, readForWrite, write, writeBack } from './operands';

type BitOp = (value: number, mask: number) => number;

function bitTest(update: BitOp | undefined): Handler {
  return (cpu, insn) => {
    const bits = insn.operands[0].size;
    const src = read(cpu, insn, 1);
    const target = insn.operands[0];
    let index: number;
    if (target.kind === 'mem' && insn.operands[1].kind === 'reg') {
      // A register offset reaches bytes outside the operand: it is a signed bit string index.
      const offset = signed(src, bits);
      const ea = (effectiveAddress(cpu, insn, target) + Math.floor(offset / bits) * (bits >>> 3)) >>> 0;
      index = ((offset % bits) + bits) % bits;
      const width = (bits >>> 3) as 2 | 4;
      const value = update ? cpu.mem.readLinear(cpu.mem.linear(target.seg as Seg, ea, width, true), width, cpu.cpl === 3, true) : cpu.mem.read(target.seg as Seg, ea, width);
      cpu.flags.setFlag(F.CF, ((value >>> index) & 1) !== 0);
      if (update) cpu.mem.write(target.seg as Seg, ea, width, update(value, 1 << index));
      return;
    }
    index = src & (bits - 1);
    if (update) {
      const v = readForWrite(cpu, insn, 0);
      cpu.flags.setFlag(F.CF, ((v >>> index) & 1) !== 0);
      writeBack(cpu, insn, 0, update(v, 1 << index));
    } else {
      cpu.flags.setFlag(F.CF, ((read(cpu, insn, 0) >>> index) & 1) !== 0);
    }
  };
}

const bsf: Handler = (cpu, insn) => {
  const src = read(cpu, insn, 1);
  cpu.flags.setFlag(F.ZF, src === 0);
  if (src !== 0) write(cpu, insn, 0, 31 - Math.clz32(src & -src));
};

const bsr: Handler = (cpu, insn) => {
  const src = read(cpu, insn, 1);
  cpu.flags.setFlag(F.ZF, src === 0);
  if (src !== 0) write(cpu, insn, 0, 31 - Math.clz32(src));
};

const setcc: Handler = (cpu, insn) => write(cpu, insn, 0, cpu.flags.condition(insn.form!.cc!) ? 1 : 0);

const cmovcc: Handler = (cpu, insn) => {
  const src = read(cpu, insn, 1); // memory is read (and may fault) whatever the condition
  if (cpu.flags.condition(insn.form!.cc!)) write(cpu, insn, 0, src);
};

const conditional: Record<string, Handler> = {};
for (const names of CONDITIONS) {
  conditional[`set${names[0]}`] = setcc;
  conditional[`cmov${names[0]}`] = cmovcc;
}

export const BITS: HandlerGroup = {
  bt: bitTest(undefined),
  bts: bitTest((v, m) => v | m),
  btr: bitTest((v, m) => v & ~m),
  btc: bitTest((v, m) => v ^ m),
  bsf,
  bsr,
  ...conditional,
};
