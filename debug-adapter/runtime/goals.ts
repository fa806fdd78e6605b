// When a step is over. Each goal is consulted before every instruction while it runs
// (DebugObserver's slow path); it sees the CPU before the instruction at `linear` executes.

import { decode, DecodedInstruction } from '../../src/arch/decoder';
import type { Cpu } from '../../src/machine/cpu/cpu';
import { lineAt, LineEntry } from '../../src/asm/line-table';
import type { Goal, StopInfo } from './observer';
import type { GuestMemoryView } from './guest-memory';

const ESP = 4;
const CALLS = new Set(['call', 'int', 'int3', 'into', 'int1']);
const RETURNS = /^(ret|iret)/;

const stepped = (description: string): StopInfo => ({ reason: 'step', description });

/** The instruction at CS:EIP, decoded from memory without side effects (undefined if unreadable). */
export function instructionAt(cpu: Cpu, memory: GuestMemoryView): DecodedInstruction | undefined {
  const base = (cpu.segs[1].base + cpu.eip) >>> 0;
  const bytes = memory.read('linear', base, 15);
  try {
    return decode((i) => {
      if (i >= bytes.data.length) throw new RangeError('unreadable');
      return bytes.data[i];
    }, cpu.segs[1].big ? 32 : 16);
  } catch {
    return undefined;
  }
}

const isCall = (insn: DecodedInstruction | undefined) => insn?.form != null && CALLS.has(insn.form.mnemonic);

/** Stops once `count` instructions have run (a step, or a replay to a place in history). */
export class CountGoal implements Goal {
  constructor(
    private readonly count: number,
    private readonly stop: StopInfo,
  ) {}

  check(cpu: Cpu): StopInfo | undefined {
    return cpu.instructions >= this.count ? this.stop : undefined;
  }
}

/** Steps one instruction, or over a CALL or INT n (to the instruction after it, at the same stack depth). */
export function overInstruction(cpu: Cpu, memory: GuestMemoryView): Goal {
  const insn = instructionAt(cpu, memory);
  const start = cpu.instructions;
  if (!isCall(insn)) return new CountGoal(start + 1, stepped('Stepped one instruction'));
  const after = (cpu.segs[1].base + cpu.eip + insn!.length) >>> 0;
  const esp = cpu.gpr[ESP];
  return {
    check: (c, linear) => (c.instructions > start && linear === after && c.gpr[ESP] >= esp ? stepped(`Stepped over ${insn!.form!.mnemonic}`) : undefined),
  };
}

/**
 * Runs until a RET or IRET leaves the current frame: the stack pointer above where it is now, or
 * (an IRET or far RET to another privilege level, which changes stacks) a different CPL.
 */
export function stepOut(cpu: Cpu): Goal {
  const start = cpu.instructions;
  const esp = cpu.gpr[ESP];
  const cpl = cpu.cpl;
  return {
    check: (c) => {
      if (c.instructions <= start) return undefined;
      const last = c.current?.form?.mnemonic;
      if (last === undefined || !RETURNS.test(last)) return undefined;
      return c.gpr[ESP] > esp || c.cpl !== cpl ? stepped('Stepped out') : undefined;
    },
  };
}

/**
 * Source-line stepping: runs until the start of a statement on another line. `over` steps over
 * CALL and INT n; without it (step in) code with no source line also stops the step.
 */
export function lineStep(cpu: Cpu, memory: GuestMemoryView, table: readonly LineEntry[], over: boolean): Goal {
  const startLinear = (cpu.segs[1].base + cpu.eip) >>> 0;
  const from = lineAt(table, startLinear);
  const start = cpu.instructions;
  if (from === undefined) return over ? overInstruction(cpu, memory) : new CountGoal(start + 1, stepped('Stepped one instruction'));
  let inner: Goal | undefined;
  return {
    check: (c, linear) => {
      if (inner !== undefined) {
        if (inner.check(c, linear) === undefined) return undefined;
        inner = undefined;
      }
      if (c.instructions > start) {
        const here = lineAt(table, linear);
        if (here === undefined) {
          if (!over) return stepped('Stepped into code without source');
        } else if (here.address === linear && (here.line !== from.line || here.file !== from.file)) {
          return stepped('Stepped one line');
        }
      }
      if (over && isCall(instructionAt(c, memory))) inner = overInstruction(c, memory);
      return undefined;
    },
  };
}
