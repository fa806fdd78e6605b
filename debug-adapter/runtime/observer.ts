// The runtime's CpuObserver: decides, before each instruction and before each fault is
// delivered, whether the run stops there. Stopping throws STOP out of the CPU's step (the CPU
// stays at an instruction boundary); the reason waits in `stop`.
//
// The CPU asks beforeInstruction only where the breakpoint table has a breakpoint (mayStopAt:
// two typed-array reads), unless everyInstruction says it must see them all (stepping goals, a
// data breakpoint hit, resuming from a breakpoint, recording for reverse execution, a table
// too large for its filter): those go through the slow path. Elsewhere the guest runs as fast
// as it does with no debugger.

import type { Cpu, CpuObserver } from '../../src/machine/cpu/cpu';
import type { CpuFault } from '../../src/machine/cpu/faults';
import { VECTOR_MNEMONICS } from '../../src/machine/cpu/faults';
import { BreakpointTable, CodeBreakpoint } from './breakpoints';
import type { DataBreakpoint, DataHit } from './data-breakpoints';
import { EvalContext } from './expressions';
import { hex8 } from './format';
import { judge } from './hit-rules';

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
  /** Data breakpoint hits of the instruction now executing, judged before the next one. */
  private pendingData: DataHit[] | undefined;
  private skip: Position | undefined;
  /**
   * Where the code breakpoints' hits were last counted: a place (count and address) is counted
   * once. Checkpoints keep whether their place was (Runtime sets this when it restores one).
   */
  countedAt: Position | undefined;
  private faultSkip: Position | undefined;
  /** CpuObserver.everyInstruction: something other than a code breakpoint may stop the run. */
  everyInstruction = false;

  constructor(
    private readonly table: BreakpointTable,
    private readonly host: ObserverHost,
  ) {}

  mayStopAt(linear: number): boolean {
    return this.table.has(linear);
  }

  /**
   * Before resuming from `at`: the breakpoint or held fault there does not stop us again.
   * Without `at` (a replay from a checkpoint, or the very start) a data hit still pending from
   * before is forgotten: it belongs to another moment.
   */
  resumeFrom(at: Position | undefined): void {
    this.skip = at;
    this.faultSkip = at;
    this.stop = undefined;
    if (at === undefined) this.pendingData = undefined;
    this.refresh();
  }

  /**
   * Data breakpoints were reached by the instruction now executing: they are judged (condition,
   * hit count) before the next one, and stop (or record) there. A tentative hit is dropped if the
   * instruction faults (beforeFault): the access did not happen. Replays count hits silently.
   */
  dataHit(hit: DataHit): void {
    (this.pendingData ??= []).push(hit);
    this.refresh();
  }

  /** Whether a data hit waits to be judged (a checkpoint now would lose it). */
  get dataPending(): boolean {
    return this.pendingData !== undefined;
  }

  /** After any change of what can stop the run (goals, pending hits, the breakpoint table). */
  refresh(): void {
    this.everyInstruction =
      this.goal !== undefined || this.pendingData !== undefined || this.skip !== undefined || this.recorder !== undefined || this.table.overflow;
  }

  beforeInstruction(cpu: Cpu): void {
    if (this.everyInstruction) return this.slowPath(cpu);
    const linear = (cpu.segs[1].base + cpu.eip) >>> 0;
    if (this.table.has(linear)) this.codeBreak(cpu, linear);
  }

  beforeFault(cpu: Cpu, fault: CpuFault): void {
    if (this.pendingData !== undefined) {
      const kept = this.pendingData.filter((h) => !h.tentative);
      this.pendingData = kept.length > 0 ? kept : undefined;
      this.refresh();
    }
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
      const hits = this.pendingData;
      this.pendingData = undefined;
      this.refresh();
      this.dataBreak(cpu, hits);
    }
    let skipped = false;
    if (this.skip !== undefined) {
      skipped = this.skip.count === cpu.instructions && this.skip.linear === linear;
      this.skip = undefined;
      this.refresh();
    }
    if (this.table.has(linear)) {
      // Each visit of a breakpoint counts one hit, however the run got there: a replay counts
      // silently (hit counts go on as they did the first time), resuming from here counts what
      // stopping here did not, and a search of history (recorder) sees the stops of the past.
      const counted = this.countedAt !== undefined && this.countedAt.count === cpu.instructions && this.countedAt.linear === linear;
      if (!this.active || skipped) {
        if (!counted) this.countHits(cpu, linear, this.active);
      } else this.codeBreak(cpu, linear, !counted);
    }
    if (this.goal !== undefined) {
      const stop = this.goal.check(cpu, linear);
      if (stop !== undefined) this.halt(stop);
    }
  }

  /** Counts the hits at `linear` without stopping (logpoints log when `log`). */
  private countHits(cpu: Cpu, linear: number, log: boolean): void {
    this.countedAt = { count: cpu.instructions, linear };
    for (const bp of this.table.byAddress.get(linear) ?? []) {
      if (judge(bp, this.host.evalContext, true).action === 'log' && log) this.host.log(bp.log!(this.host.evalContext, this.host.format));
    }
  }

  /** The breakpoints at `linear` that stop (or, recording, would have stopped); `count` unless counted already. */
  private codeBreak(cpu: Cpu, linear: number, count = true): void {
    const bps = this.table.byAddress.get(linear);
    if (bps === undefined) return;
    if (count) this.countedAt = { count: cpu.instructions, linear };
    const hit: CodeBreakpoint[] = [];
    let problem = '';
    for (const bp of bps) {
      const verdict = judge(bp, this.host.evalContext, count);
      // logpoints log going forwards; searching history (recorder) they neither log nor stop
      if (verdict.action === 'log' && this.recorder === undefined && count) this.host.log(bp.log!(this.host.evalContext, this.host.format));
      if (verdict.action !== 'stop') continue;
      problem = verdict.problem ?? problem;
      hit.push(bp);
    }
    if (hit.length === 0) return;
    const reason = REASON[hit[0].kind];
    this.report(cpu, { reason, description: `Paused on ${reason} at ${hex8(linear)}${problem}`, breakpointIds: hit.map((b) => b.id) });
  }

  /**
   * The data breakpoints the last instruction reached, judged now that it is done (a condition
   * sees the bytes as written): each counts one hit per instruction. Replaying, they only count.
   */
  private dataBreak(cpu: Cpu, hits: DataHit[]): void {
    const judged = new Set<DataBreakpoint>();
    const hit: DataBreakpoint[] = [];
    let first: DataHit | undefined;
    let problem = '';
    for (const h of hits) {
      for (const bp of h.breakpoints) {
        if (judged.has(bp)) continue;
        judged.add(bp);
        const verdict = judge(bp, this.host.evalContext, true);
        if (verdict.action !== 'stop') continue;
        problem = verdict.problem ?? problem;
        first ??= h;
        hit.push(bp);
      }
    }
    if (first === undefined || !this.active) return;
    const bp = hit[0];
    this.report(cpu, {
      reason: 'data breakpoint',
      description: `Data breakpoint: ${bp.size} byte(s) at ${bp.space} ${hex8(bp.address)} ${first.what} (${first.detail})${problem}`,
      text: `${first.what === 'written' ? 'Write' : 'Read'} of ${hex8(bp.address)}`,
      breakpointIds: hit.map((b) => b.id),
    });
  }

  /** Stops, or while searching history records the stop. */
  private report(cpu: Cpu, stop: StopInfo): void {
    if (this.recorder !== undefined) this.recorder(cpu.instructions, stop);
    else this.halt(stop);
  }

  private halt(stop: StopInfo): never {
    this.stop = stop;
    throw STOP;
  }
}
