// Whether a data write the CPU reports is the write half of a read-modify-write instruction
// (`inc dword [x]`, `add [x], eax`, `xchg [x], ecx`, a shift of memory...), which reads the same
// bytes first. The CPU reports such an access once, as a write (debug registers have no "read
// only" kind, so that is all they need); a read data breakpoint counts it as a read too.
//
// The instruction being executed (cpu.current) says it: a form that takes LOCK (the SDM's list
// of read-modify-write instructions with a memory destination) or a shift or rotate, whose
// memory operand is where the write goes. The address check keeps out the stack pushes of an
// exception that such an instruction raised, which come while it is still cpu.current.

import type { Cpu } from '../../src/machine/cpu/cpu';
import { effectiveAddress } from '../../src/machine/cpu/exec/operands';

const SHIFTS = new Set(['rol', 'ror', 'rcl', 'rcr', 'shl', 'shr', 'sar', 'shld', 'shrd']);
/** A register bit offset takes BTS, BTR and BTC anywhere in a bit string, not at the operand. */
const BIT_STRINGS = new Set(['bts', 'btr', 'btc']);

export function isReadModifyWrite(cpu: Cpu, linear: number): boolean {
  const insn = cpu.current;
  const form = insn?.form;
  if (insn === undefined || form == null) return false;
  if (!form.flags.has('lock') && !SHIFTS.has(form.mnemonic)) return false;
  const op = insn.operands.find((o) => o.kind === 'mem');
  if (op === undefined) return false;
  if (BIT_STRINGS.has(form.mnemonic) && insn.operands[1]?.kind === 'reg') return true;
  return ((cpu.segs[op.seg].base + effectiveAddress(cpu, insn, op)) >>> 0) === linear >>> 0;
}
