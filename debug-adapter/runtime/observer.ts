// The runtime's CpuObserver: decides, before each instruction and before each fault is
// delivered, whether the run stops there. Stopping throws STOP out of the CPU's step (the CPU
// stays at an instruction boundary); the reason waits in `stop`.
//
// The hot path (continue with breakpoints) is one flag test, one add and one typed-array read
// per instruction; everything else (stepping goals, a data breakpoint hit, resuming from a
// breakpoint, recording for reverse execution) goes through the slow path.

import type { Cpu, CpuObserver } from '../../src/machine/cpu/cpu';
import type { CpuFault } from '../../src/machine/cpu/faults';
import { VECTOR_MNEMONICS } from '../../src/machine/cpu/faults';
import { BreakpointTable, CodeBreakpoint } from './breakpoints';
import { EvalContext } from './expressions';
import { hex8 } from './format';

export type StopReason =
  | 'entry' | 'step' | 'breakpoint' | 'function breakpoint' | 'instruction breakpoint' | 'data breakpoint'
  | 'exception' | 'pause' | 'goto';

export interface StopInfo {
  reason: StopReason;
  description: string;
  text?: string;
  breakpointIds?: number[];
  /** For exception stops: the mnemonic and vector. */
  exception?: { id: string; vector: number };
}

/** Decides when a step (or a replay) is over; consulted before every instruction while set. */
export interface Goal {
  check(cpu: Cpu, linear: number): StopInfo | undefined;
}

/** Thrown out of the CPU to end a run; one object, so throwing costs no stack trace. */
export const STOP = Object.freeze({ debuggerStop: true });

/** A place in the run: before the instruction at `linear` when `count` instructions have run. */
export interface Position {
  count: number;
  linear: number;
}

const REASON: Record<CodeBreakpoint['kind'], StopReason> = {
  source: 'breakpoint',
  function: 'function breakpoint',
  instruction: 'instruction breakpoint',
};

export interface ObserverHost {
  evalContext: EvalContext;
  log(text: string): void;
  format(value: number): string;
}

export class DebugObserver implements CpuObserver {
  goal: Goal | undefined;
  /** Breakpoints, data breakpoints and exception filters apply (off while replaying). */
  active = true;
  /** Vectors that stop (undefined: all); null when the guest-exception filter is off. */
  vectors: Set<number> | undefined | null = null;
  /** Record what would stop instead of stopping (reverse execution searches history with this). */
  recorder: ((at: number, stop: StopInfo) => void) | undefined;
  /**
   * The monitor's filters (`vm-exit`, `hypercall`, `virtualization-hole`) by id: the names a
   * condition allows (upper case), undefined for all; absent when the filter is off.
   */
  readonly monitorFilters = new Map<string, Set<string> | undefined>();
  /** Why the run stopped, after STOP was thrown. */
  stop: StopInfo | undefined;
  private pendingData: StopInfo | undefined;
  private skip: Position | undefined;
  private faultSkip: Position | undefined;
  private slow = false;

  constructor(
    private readonly table: BreakpointTable,
    private readonly host: ObserverHost,
  ) {}

  /** Before resuming from `at`: the breakpoint or held fault there does not stop us again. */
  resumeFrom(at: Position | undefined): void {
    this.skip = at;
    this.faultSkip = at;
    this.stop = undefined;
    this.refresh();
  }

  /** A data breakpoint was hit by the instruction now executing; stop before the next one. */
  dataHit(stop: StopInfo, count: number): void {
    if (!this.active) return;
    if (this.recorder !== undefined) this.recorder(count, stop);
    else {
      this.pendingData = stop;
      this.refresh();
    }
  }

  refresh(): void {
    this.slow = this.goal !== undefined || this.pendingData !== undefined || this.skip !== undefined || this.recorder !== undefined;
  }

  beforeInstruction(cpu: Cpu): void {
    if (this.slow) return this.slowPath(cpu);
    const linear = (cpu.segs[1].base + cpu.eip) >>> 0;
    const slot = this.table.pages[linear >>> 12];
    if (slot !== 0 && this.table.offsets[slot][linear & 0xfff] !== 0) this.codeBreak(cpu, linear);
  }

  beforeFault(cpu: Cpu, fault: CpuFault): void {
    if (!this.active || this.vectors === null) return;
    if (this.vectors !== undefined && !this.vectors.has(fault.vector)) return;
    const count = cpu.instructions - 1;
    const linear = (cpu.segs[1].base + cpu.eip) >>> 0;
    const skip = this.faultSkip;
    if (skip !== undefined) {
      this.faultSkip = undefined;
      if (skip.count === count && skip.linear === linear) return;
    }
    const id = VECTOR_MNEMONICS[fault.vector] ?? `vector ${fault.vector}`;
    const code = fault.hasErrorCode ? `, error code 0x${(fault.errorCode ?? 0).toString(16)}` : '';
    const cr2 = fault.address !== undefined ? `, CR2=${hex8(fault.address)}` : '';
    const text = `${id} at ${hex8(linear)}${code}${cr2}`;
    const stop: StopInfo = { reason: 'exception', description: `Exception ${text}`, text, exception: { id, vector: fault.vector } };
    if (this.recorder !== undefined) return this.recorder(count, stop);
    this.halt(stop);
  }

  /**
   * For the monitors, when they exist: a VM exit, hypercall or virtualization hole happened
   * during the run. Stops (throws STOP) when its filter is on and its condition names it
   * (by `name`, or by `number` for exit reasons given as numbers). Call it at an instruction
   * boundary, once the event has been handled, so that the stop shows a consistent machine.
   */
  monitorEvent(cpu: Cpu, filter: 'vm-exit' | 'hypercall' | 'virtualization-hole', name: string, text: string, number?: number): void {
    if (!this.active || !this.monitorFilters.has(filter)) return;
    const names = this.monitorFilters.get(filter);
    if (names !== undefined && !names.has(name.toUpperCase()) && !(number !== undefined && names.has(String(number)))) return;
    const stop: StopInfo = { reason: 'exception', description: text, text, exception: { id: name, vector: -1 } };
    if (this.recorder !== undefined) return this.recorder(cpu.instructions, stop);
    this.halt(stop);
  }

  private slowPath(cpu: Cpu): void {
    const linear = (cpu.segs[1].base + cpu.eip) >>> 0;
    if (this.pendingData !== undefined) {
      const stop = this.pendingData;
      this.pendingData = undefined;
      this.refresh();
      this.halt(stop);
    }
    let skipped = false;
    if (this.skip !== undefined) {
      skipped = this.skip.count === cpu.instructions && this.skip.linear === linear;
      this.skip = undefined;
      this.refresh();
    }
    if (!skipped && this.active && this.table.has(linear)) this.codeBreak(cpu, linear);
    if (this.goal !== undefined) {
      const stop = this.goal.check(cpu, linear);
      if (stop !== undefined) this.halt(stop);
    }
  }

  private codeBreak(cpu: Cpu, linear: number): void {
    const bps = this.table.byAddress.get(linear);
    if (bps === undefined) return;
    const hit: CodeBreakpoint[] = [];
    let problem = '';
    for (const bp of bps) {
      if (bp.condition !== undefined) {
        try {
          if (bp.condition.evaluate(this.host.evalContext) === 0) continue;
        } catch (e) {
          problem = ` (condition failed: ${(e as Error).message})`;
        }
      }
      if (this.recorder !== undefined) {
        if (bp.log === undefined) hit.push(bp);
        continue;
      }
      bp.hits++;
      if (bp.hitCondition !== undefined && !bp.hitCondition(bp.hits)) continue;
      if (bp.log !== undefined) {
        this.host.log(bp.log(this.host.evalContext, this.host.format));
        continue;
      }
      hit.push(bp);
    }
    if (hit.length === 0) return;
    const reason = REASON[hit[0].kind];
    const stop: StopInfo = {
      reason,
      description: `Paused on ${reason} at ${hex8(linear)}${problem}`,
      breakpointIds: hit.map((b) => b.id),
    };
    if (this.recorder !== undefined) return this.recorder(cpu.instructions, stop);
    this.halt(stop);
  }

  private halt(stop: StopInfo): never {
    this.stop = stop;
    throw STOP;
  }
}
