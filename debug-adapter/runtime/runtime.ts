// The debugger's runtime: owns one machine and runs it for a debugger, knowing nothing of DAP.
//
//   const rt = Runtime.launch({ program: 'kernel.asm', stopOnEntry: true });
//   rt.on('stopped', (stop: StopInfo) => ...); rt.on('output', (text, channel) => ...);
//   rt.on('exited', (status, message) => ...);
//   rt.setSourceBreakpoints('kernel.asm', [{ line: 12 }]); rt.continue(); rt.pause();
//
// Runs go in slices that yield to the event loop between them (so a pause arrives within a
// slice, about 10 ms); stops come from the DebugObserver the CPU consults. Checkpoints taken
// along the way, plus the machine's determinism, give stepBack and reverseContinue.

import { EventEmitter } from 'node:events';
import { lineAt, LineEntry } from '../../src/asm/line-table';
import type { Cpu } from '../../src/machine/cpu/cpu';
import type { GuestSession, GuestStop } from '../../src/machine/session';
import { OutputChannel } from '../../src/machine/output';
import { BreakpointSpec, BreakpointTable, CodeBreakpoint } from './breakpoints';
import { createMachine, MachineOptions } from './create-machine';
import { DataBreakpoints } from './data-breakpoints';
import { DataLabel, dataLabels } from './data-labels';
import { EvalContext, EvalError } from './expressions';
import { hex8 } from './format';
import { CountGoal, lineStep, overInstruction, stepOut } from './goals';
import { GuestMemoryView, Space } from './guest-memory';
import { Checkpoint, History } from './history';
import { HitRules, restoreHits, saveHits } from './hit-rules';
import { DebugObserver, Goal, Position, STOP, StopInfo } from './observer';
import { placementOf } from './placement';
import { readRegister } from './registers';
import { SymbolTable } from './symbols';

export interface LaunchOptions extends Omit<MachineOptions, 'output'> {
  stopOnEntry?: boolean;
  /** Memory for reverse-execution checkpoints, in MiB (default 256; 0 turns history off). */
  historyMB?: number;
}

export type StepKind = 'instruction' | 'over-instruction' | 'line' | 'over-line' | 'out';

export type RunState = 'stopped' | 'running' | 'ended';

interface OutputRun {
  channel: OutputChannel;
  bytes: number[];
}

const TARGET_SLICE_MS = 10;
const CHECKPOINT_EVERY = 2_000_000;

export class Runtime extends EventEmitter {
  readonly memory: GuestMemoryView;
  readonly symbols: SymbolTable;
  readonly breakpoints: BreakpointTable;
  readonly data: DataBreakpoints;
  readonly evalContext: EvalContext;
  /** The program's global variables (labels of data directives), for the Globals scope. */
  readonly globals: DataLabel[];
  private readonly lines: LineEntry[];
  state: RunState = 'stopped';
  /** Why the machine is stopped now. */
  lastStop: StopInfo = { reason: 'entry', description: 'Paused on entry' };
  /** How the guest ended (set once state is 'ended'). */
  ending: { status: number; message: string } | undefined;
  private readonly observer: DebugObserver;
  private readonly history: History;
  private slice = 20_000;
  private pauseRequested = false;
  /** A terminal stop (halt, triple fault) is on screen: the next resume ends the session. */
  private finalStop: GuestStop | undefined;
  /** Guest output not yet emitted, in the order written: runs of bytes from one channel. */
  private outputBuffer: OutputRun[] = [];
  private lastCheckpoint = -Infinity;

  static launch(options: LaunchOptions): Runtime {
    let target: Runtime | undefined;
    const sink = { write: (channel: OutputChannel, byte: number) => target?.buffer(channel, byte) };
    const session = createMachine({ ...options, output: sink });
    target = new Runtime(session, options);
    return target;
  }

  private constructor(
    readonly session: GuestSession,
    readonly options: LaunchOptions,
  ) {
    super();
    const place = placementOf(session);
    const table = session.program.lineTable.flatMap((e) => place(e.address).map((address) => ({ ...e, address })));
    this.lines = table.sort((x, y) => x.address - y.address);
    const placed = session.symbols.flatMap((s) => place(s.value).map((value) => ({ ...s, value })));
    this.symbols = new SymbolTable(session.symbols, placed, this.lines);
    this.globals = dataLabels(session.symbols, place);
    this.memory = new GuestMemoryView(session.cpu, session.pc.memory);
    this.breakpoints = new BreakpointTable(this.lines, (name) => {
      const v = this.symbols.get(name);
      return v === undefined ? [] : place(v);
    });
    this.evalContext = {
      register: (name) => readRegister(this.cpu, name),
      symbol: (name) => this.symbols.get(name),
      readLinear: (address, size) => this.memory.readValue(address, size),
    };
    this.observer = new DebugObserver(this.breakpoints, {
      evalContext: this.evalContext,
      log: (text) => this.emit('output', text.endsWith('\n') ? text : `${text}\n`, 'console'),
      format: (v) => `0x${(v >>> 0).toString(16)}`,
    });
    this.data = new DataBreakpoints(session.pc.memory, this.memory, session.cpu, (hit) => this.observer.dataHit(hit));
    this.history = new History((options.historyMB ?? 256) * 1024 * 1024);
    session.cpu.observer = this.observer;
  }

  get cpu(): Cpu {
    return this.session.cpu;
  }

  /** The program's statements at their linear addresses (see placement.ts). */
  get lineTable(): readonly LineEntry[] {
    return this.lines;
  }

  /** CS base + EIP. */
  get linearPc(): number {
    return (this.cpu.segs[1].base + this.cpu.eip) >>> 0;
  }

  get position(): Position {
    return { count: this.cpu.instructions, linear: this.linearPc };
  }

  sourceAt(linear: number): LineEntry | undefined {
    return lineAt(this.lineTable, linear);
  }

  // ---- breakpoints -------------------------------------------------------------------------

  setSourceBreakpoints(file: string, lines: (BreakpointSpec & { line: number })[]): CodeBreakpoint[] {
    return this.tableChanged(this.breakpoints.setSource(file, lines));
  }

  setFunctionBreakpoints(specs: (BreakpointSpec & { name: string })[]): CodeBreakpoint[] {
    return this.tableChanged(this.breakpoints.setFunctions(specs));
  }

  setInstructionBreakpoints(specs: (BreakpointSpec & { address: number })[]): CodeBreakpoint[] {
    return this.tableChanged(this.breakpoints.setInstructions(specs));
  }

  private tableChanged<T>(result: T): T {
    this.observer.refresh();
    return result;
  }

  /** The guest-exception filter: undefined stops on every vector, null turns it off. */
  setExceptionVectors(vectors: Set<number> | undefined | null): void {
    this.observer.vectors = vectors;
  }

  /** The monitor filters that are on, with the names their conditions allow (undefined: all). */
  setMonitorFilters(filters: Map<string, Set<string> | undefined>): void {
    this.observer.monitorFilters.clear();
    for (const [id, names] of filters) this.observer.monitorFilters.set(id, names);
  }

  /** The stop-deciding hook the monitors will report their events through (observer.monitorEvent). */
  get monitorEvents(): Pick<DebugObserver, 'monitorEvent'> {
    return this.observer;
  }

  // ---- execution ---------------------------------------------------------------------------

  /** After configuration: stop on entry, or run (a breakpoint on the first instruction stops it). */
  start(): void {
    if (this.options.stopOnEntry) this.stopped({ reason: 'entry', description: 'Paused on entry' });
    else this.resume(undefined, false);
  }

  continue(): void {
    this.resume(undefined);
  }

  step(kind: StepKind): void {
    if (this.state !== 'stopped') return;
    const cpu = this.cpu;
    let goal: Goal;
    switch (kind) {
      case 'instruction':
        goal = new CountGoal(cpu.instructions + 1, { reason: 'step', description: 'Stepped one instruction' });
        break;
      case 'over-instruction':
        goal = overInstruction(cpu, this.memory);
        break;
      case 'line':
      case 'over-line':
        goal = lineStep(cpu, this.memory, this.lineTable, kind === 'over-line');
        break;
      case 'out':
        goal = stepOut(cpu);
        break;
    }
    this.resume(goal);
  }

  pause(): void {
    if (this.state === 'running') this.pauseRequested = true;
  }

  /** Sets CS:EIP to a linear address (in the current code segment). */
  goto(linear: number): void {
    if (this.state !== 'stopped') return;
    this.cpu.eip = (linear - this.cpu.segs[1].base) >>> 0;
    this.changed();
    this.stopped({ reason: 'goto', description: `Jumped to ${hex8(linear)}` });
  }

  /** The user changed registers or memory: the recorded future is no longer this machine's. */
  changed(): void {
    this.history.dropAfter(this.cpu.instructions - 1);
    this.lastCheckpoint = -Infinity;
  }

  /** Writes guest memory for the user; data breakpoints do not fire on it. */
  writeMemory(space: Space, address: number, bytes: Uint8Array): number {
    const n = this.data.quietly(() => this.memory.write(space, address, bytes));
    if (n > 0) this.changed();
    return n;
  }

  terminate(): void {
    this.pauseRequested = false;
    if (this.state !== 'ended') this.end({ status: 0, message: 'terminated by the debugger' });
  }

  get canGoBack(): boolean {
    return this.history.earliest !== undefined && this.history.earliest < this.cpu.instructions;
  }

  get historyBytes(): number {
    return this.history.usedBytes;
  }

  /** Whether stepBack and reverseContinue are possible at all (launch's historyMB is not 0). */
  get reversible(): boolean {
    return this.options.historyMB !== 0;
  }

  /** The checkpoints going backwards replays from, for the REPL's `info history`. */
  describeHistory(): string {
    if (!this.reversible) return 'reverse execution is off ("historyMB": 0)';
    const budget = (this.options.historyMB ?? 256) * 1024 * 1024;
    const kib = (n: number) => `${Math.ceil(n / 1024)} KiB`;
    const first = this.history.earliest;
    return [
      `${this.history.size} checkpoint(s) using ${kib(this.history.usedBytes)} of ${kib(budget)} ("historyMB": ${this.options.historyMB ?? 256})`,
      first === undefined ? 'no history recorded yet' : `going back is possible to instruction ${first}; now at instruction ${this.cpu.instructions}`,
    ].join('\n');
  }

  /**
   * Goes back one instruction, or (`line`) to the start of the previous run of another source
   * line, replaying from the last checkpoint before it.
   */
  stepBack(granularity: 'instruction' | 'line' = 'instruction'): void {
    if (this.state !== 'stopped') return;
    const now = this.cpu.instructions;
    const from = granularity === 'line' ? this.sourceAt(this.linearPc) : undefined;
    const target = from === undefined ? now - 1 : this.previousLineStart(now, from);
    if (target < 0 || !this.replayTo(target)) {
      const first = this.history.earliest;
      if (first !== undefined && first < now) this.replayTo(first);
      this.stopped({ reason: 'step', description: 'At the start of the recorded history' });
      return;
    }
    this.stopped({ reason: 'step', description: from === undefined ? 'Stepped back one instruction' : 'Stepped back one line' });
  }

  /** The count at which the last run of a line other than `from` began, before `now`. */
  private previousLineStart(now: number, from: LineEntry): number {
    for (let cp = this.history.atOrBefore(now - 1); cp !== undefined; cp = this.history.before(cp)) {
      this.restore(cp);
      this.data.reapply();
      this.observer.resumeFrom(undefined);
      let last: number | undefined;
      let previous: LineEntry | undefined;
      this.runQuietly({
        check: (c, linear) => {
          if (c.instructions >= now) return { reason: 'step', description: '' };
          const here = lineAt(this.lines, linear);
          const changed = here !== undefined && (previous === undefined || here.line !== previous.line || here.file !== previous.file);
          if (changed && (here.line !== from.line || here.file !== from.file)) last = c.instructions;
          previous = here;
          return undefined;
        },
      }, false);
      if (last !== undefined) return last;
    }
    return -1;
  }

  /** Runs backwards to the last breakpoint, data breakpoint or exception stop before here. */
  reverseContinue(): void {
    if (this.state !== 'stopped') return;
    const now = this.cpu.instructions;
    let cp = this.history.atOrBefore(now - 1);
    while (cp !== undefined) {
      const end = now;
      let last: { at: number; stop: StopInfo } | undefined;
      this.restore(cp);
      this.data.reapply();
      this.observer.recorder = (at, stop) => {
        if (at < end) last = { at, stop };
      };
      this.observer.resumeFrom(undefined);
      this.runQuietly(new CountGoal(end, { reason: 'step', description: '' }), true);
      this.observer.recorder = undefined;
      this.observer.refresh();
      if (last !== undefined) {
        this.replayTo(last.at);
        this.stopped({ ...last.stop, description: `${last.stop.description} (going backwards)` });
        return;
      }
      cp = this.history.before(cp);
    }
    const first = this.history.earliest;
    if (first !== undefined) this.replayTo(first);
    this.stopped({ reason: 'step', description: 'At the start of the recorded history' });
  }

  // ---- internals ---------------------------------------------------------------------------

  /** Code and data breakpoints: the hit counts checkpoints keep. */
  private allBreakpoints(): HitRules[] {
    return [...this.breakpoints.all(), ...this.data.all()];
  }

  /** Puts the machine (and the breakpoints' hit counts) back as they were at a checkpoint. */
  private restore(cp: Checkpoint): void {
    this.session.pc.restore(cp.snapshot);
    restoreHits(this.allBreakpoints(), cp.breakpointHits);
    this.observer.countedAt = cp.countedHere ? this.position : undefined;
  }

  /** Puts the machine at instruction count `target` from the last checkpoint at or before it. */
  private replayTo(target: number): boolean {
    const cp = this.history.atOrBefore(target);
    if (cp === undefined) return false;
    this.restore(cp);
    this.data.reapply();
    this.observer.resumeFrom(undefined);
    this.runQuietly(new CountGoal(target, { reason: 'step', description: '' }), false);
    this.history.dropAfter(target);
    this.lastCheckpoint = cp.count;
    return true;
  }

  /** Runs to a goal synchronously with breakpoints off (replay), or recording them (recording). */
  private runQuietly(goal: Goal, recording: boolean): void {
    const output = this.outputBuffer;
    this.outputBuffer = []; // the guest's past output was shown already
    const wasActive = this.observer.active;
    this.observer.active = recording;
    this.observer.goal = goal;
    this.observer.refresh();
    try {
      for (let i = 0; i < 2000; i++) {
        const stop = this.session.run(1_000_000);
        if (stop.kind !== 'limit') break;
      }
    } catch (e) {
      if (e !== STOP) throw e;
    } finally {
      this.observer.active = wasActive;
      this.observer.goal = undefined;
      this.observer.refresh();
      this.outputBuffer = output;
    }
  }

  /** Runs on; `skipHere` lets the breakpoint we are stopped at pass (not so at the very start). */
  private resume(goal: Goal | undefined, skipHere = true): void {
    if (this.state !== 'stopped') return;
    if (this.finalStop !== undefined) {
      const s = this.finalStop;
      this.end({ status: s.kind === 'triple-fault' ? 4 : 6, message: s.message });
      return;
    }
    this.checkpoint();
    this.observer.resumeFrom(skipHere ? this.position : undefined);
    this.observer.goal = goal;
    this.observer.refresh();
    this.state = 'running';
    this.pauseRequested = false;
    void this.runSlices();
  }

  /** Keeps the machine and the hit counts here (not while a data hit waits to be judged: it would be lost). */
  private checkpoint(): void {
    if (this.options.historyMB === 0 || this.observer.dataPending) return;
    const at = this.observer.countedAt;
    const countedHere = at !== undefined && at.count === this.cpu.instructions && at.linear === this.linearPc;
    this.history.take(this.session.pc, this.cpu.instructions, saveHits(this.allBreakpoints()), countedHere);
    this.lastCheckpoint = this.cpu.instructions;
  }

  private async runSlices(): Promise<void> {
    for (;;) {
      let stop: GuestStop;
      const started = performance.now();
      try {
        stop = this.session.run(this.slice);
      } catch (e) {
        this.flushOutput();
        if (e === STOP) {
          this.observer.goal = undefined;
          this.observer.refresh();
          this.stopped(this.observer.stop!);
        } else {
          this.emit('output', `ringside: internal error: ${(e as Error).stack ?? e}\n`, 'stderr');
          this.end({ status: 70, message: `internal error: ${(e as Error).message}` });
        }
        return;
      }
      this.flushOutput();
      if (stop.kind !== 'limit') return this.guestStopped(stop);
      const ms = performance.now() - started;
      this.slice = Math.max(1000, Math.min(5_000_000, Math.round(this.slice * (ms > 0 ? TARGET_SLICE_MS / ms : 2))));
      if (this.cpu.instructions - this.lastCheckpoint >= CHECKPOINT_EVERY) this.checkpoint();
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.state !== 'running') return;
      if (this.pauseRequested) {
        this.pauseRequested = false;
        this.observer.goal = undefined;
        this.observer.refresh();
        return this.stopped({ reason: 'pause', description: 'Paused' });
      }
    }
  }

  private guestStopped(stop: GuestStop): void {
    this.observer.goal = undefined;
    this.observer.refresh();
    if (stop.kind === 'halted' || stop.kind === 'triple-fault') {
      // Kept stopped so the state can be looked at; resuming ends the session.
      this.finalStop = stop;
      const reason = stop.kind === 'triple-fault' ? 'exception' : 'pause';
      const text = stop.kind === 'triple-fault' ? stop.message : `Halted: ${stop.message}`;
      this.emit('output', `ringside: ${stop.message}\n`, 'console');
      this.stopped({ reason, description: text, text, exception: stop.kind === 'triple-fault' ? { id: 'triple fault', vector: 8 } : undefined });
      return;
    }
    this.end({ status: stop.kind === 'debug-exit' ? stop.status : 10, message: stop.message });
  }

  private stopped(stop: StopInfo): void {
    this.state = 'stopped';
    this.lastStop = stop;
    this.emit('stopped', stop);
  }

  private end(ending: { status: number; message: string }): void {
    this.state = 'ended';
    this.ending = ending;
    this.flushOutput();
    this.emit('exited', ending.status, ending.message);
  }

  private buffer(channel: OutputChannel, byte: number): void {
    const last = this.outputBuffer[this.outputBuffer.length - 1];
    if (last !== undefined && last.channel === channel) last.bytes.push(byte);
    else this.outputBuffer.push({ channel, bytes: [byte] });
  }

  private flushOutput(): void {
    const runs = this.outputBuffer;
    if (runs.length === 0) return;
    this.outputBuffer = [];
    for (const run of runs) this.emit('output', Buffer.from(run.bytes).toString('latin1'), run.channel);
  }

  /** Reads a value for expressions and evaluates an expression error-safely. */
  static describeError(e: unknown): string {
    return e instanceof EvalError ? e.message : (e as Error).message;
  }
}
