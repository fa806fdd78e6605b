// One IA-32 processor: its state wired to memory, with the mechanisms that instructions and
// events share (segmented memory, the stack, descriptor tables, event delivery).

import { decode, DecodedInstruction } from '../../arch/decoder';
import { MemoryAccess, PhysicalBus } from './access';
import { raiseFault } from './exceptions';
import { DebugRegisters, DR6_BS } from './debug-registers';
import { DecodeCache } from './decode-cache';
import { Executable } from './executable';
import { CpuFault, Vector } from './faults';
import { FetchWindow } from './fetch-window';
import { F } from './flags';
import { deliver, InterruptEvent } from './interrupts';
import { Stack } from './stack';
import { CpuState, CpuStateSnapshot, restoreCpuState, saveCpuState, Seg } from './state';
import { SystemTables } from './system-tables';
import { switchTask, TaskSwitchSource } from './tasks';
import { absentFpuEscape } from './x87';

export interface CpuSnapshot {
  state: CpuStateSnapshot;
  instructions: number;
  halted: boolean;
  interruptShadow: boolean;
  tscOffset: bigint;
}

/** Where maskable interrupts come from (the PIC): polled between instructions when IF = 1. */
export interface InterruptSource {
  hasInterrupt(): boolean;
  /** The INTA cycle: returns the vector and marks the interrupt in service. */
  acknowledge(): number;
}

/** Port I/O as the CPU performs it; sizes are in bytes. */
export interface PortBus {
  read(port: number, size: 1 | 2 | 4): number;
  write(port: number, size: 1 | 2 | 4, value: number): void;
}

/**
 * An optional watcher of execution (the debugger's). With no observer the CPU pays one property
 * check per step. Either method may throw to stop the run: the error propagates out of step()
 * and out of Pc.run, and the CPU is left at an instruction boundary (see each method).
 */
export interface CpuObserver {
  /**
   * Whether beforeInstruction must see every instruction. While false it is called only where
   * mayStopAt says yes, and runUntil runs the rest at full speed.
   */
  readonly everyInstruction: boolean;
  /** A cheap filter, asked before each instruction: whether the run may stop at this linear address. */
  mayStopAt(linear: number): boolean;
  /**
   * Before an instruction at CS:EIP is fetched (after any pending interrupt was delivered; not
   * while halted), for every instruction or those the filter above lets through. Throwing
   * leaves the CPU exactly as before the step.
   */
  beforeInstruction(cpu: Cpu): void;
  /**
   * A fault raised by the instruction at CS:EIP (EIP already back at its start), before it is
   * delivered. Throwing abandons the instruction (it is not counted) and the fault is not
   * delivered: the CPU is as the fault would find it (a REP string instruction keeps the
   * iterations it completed), and executing the instruction again raises the fault again.
   */
  beforeFault(cpu: Cpu, fault: CpuFault): void;
}

export class Cpu extends CpuState {
  readonly mem: MemoryAccess;
  readonly stack: Stack;
  readonly tables: SystemTables;
  readonly debug: DebugRegisters;
  interrupts: InterruptSource | undefined;
  ports: PortBus | undefined;
  /** Instructions executed (faulting ones included), the machine's measure of time. */
  instructions = 0;
  /** Stopped by HLT until an interrupt arrives. */
  halted = false;
  /** After MOV SS, POP SS and STI, interrupts wait one instruction (SDM vol. 3, 6.8.3). */
  interruptShadow = false;
  /** The instruction being executed (for the debugger and for the monitor's exit handlers). */
  current: DecodedInstruction | undefined;
  /** Decoded instructions by physical address, when the memory supports write-watches. */
  decodeCache: DecodeCache | undefined;
  /** The debugger's hook (CpuObserver); undefined for a plain run. */
  observer: CpuObserver | undefined;
  /** Where a read-modify-write operand's memory is (exec/operands.ts readForWrite, writeBack). */
  writeBackLinear = 0;

  /** Added to the instruction count to give the time-stamp counter (WRMSR to IA32_TSC sets it). */
  private tscOffset = 0n;

  timeStampCounter(): bigint {
    return BigInt.asUintN(64, BigInt(this.instructions) + this.tscOffset);
  }

  setTimeStampCounter(value: bigint): void {
    this.tscOffset = value - BigInt(this.instructions);
  }

  private readonly fetchByte = (offset: number): number =>
    this.mem.readLinear(this.mem.fetchLinear((this.instructionStart + offset) >>> 0), 1, this.cpl === 3);
  private instructionStart = 0;

  constructor(readonly bus: PhysicalBus) {
    super(bus);
    this.debug = new DebugRegisters(this);
    this.mem = new MemoryAccess(this, bus, this.debug);
    this.stack = new Stack(this, this.mem);
    this.tables = new SystemTables(this, this.mem);
  }

  /**
   * Executes one instruction, or takes one pending interrupt, or waits out one step halted.
   * Faults are delivered to the guest; only a triple fault (Shutdown) escapes.
   */
  step(): void {
    if (!this.interruptShadow && this.flags.has(F.IF) && this.interrupts?.hasInterrupt()) {
      this.halted = false;
      const vector = this.interrupts.acknowledge();
      this.instructionStart = this.eip;
      this.deliverEvent({ vector, software: false, returnEip: this.eip });
      return;
    }
    if (this.observer !== undefined && !this.halted) this.observer.beforeInstruction(this);
    this.interruptShadow = false;
    if (this.halted) return;
    const singleStep = this.flags.has(F.TF);
    if (this.execute()) this.debugTraps(singleStep);
  }

  /**
   * Steps until the CPU halts or `base + instructions` reaches `clock.stopAt` (which may be
   * lowered meanwhile), as repeated step() calls would, but cheaper: an instruction that
   * needs nothing of step()'s checks (no interrupt to take, no observer that wants to see it,
   * no single-stepping, no instruction breakpoint, no interrupt shadow) runs here directly, as
   * execute() would run it, inside one try block for the whole batch; after a plain
   * instruction only the interrupt line, the clock and the observer's filter are looked at again.
   */
  runUntil(clock: { readonly stopAt: number }, base: number): void {
    const flags = this.flags;
    const debug = this.debug;
    const observer = this.observer;
    for (;;) {
      try {
        do {
          if (this.halted || (observer !== undefined && this.observes(observer)) || this.interruptShadow || flags.has(F.TF) ||
              debug.executeArmed || this.interruptPending()) {
            this.step();
            continue;
          }
          // A plain instruction (executable.ts) changes none of the conditions above but the
          // interrupt line (a memory-mapped device may raise it) and EIP (which the observer's
          // filter looks at), so after one only those are looked at again.
          let fetched: Executable | undefined;
          do {
            this.instructionStart = this.eip;
            this.instructions++;
            fetched = this.fetch(fetched !== undefined);
            const handler = fetched.handler;
            if (handler === undefined) {
              this.invalid(fetched.insn);
            } else {
              this.current = fetched.insn;
              const next = this.eip + fetched.length;
              this.eip = fetched.big ? next >>> 0 : next & 0xffff;
              handler(this, fetched.insn);
            }
            if (debug.pendingTraps !== 0) {
              this.debugTraps(false);
              break;
            }
          } while (fetched.plain && base + this.instructions < clock.stopAt && !this.interruptPending() &&
                   (observer === undefined || !this.observes(observer)));
        } while (!this.halted && base + this.instructions < clock.stopAt);
        return;
      } catch (e) {
        if (!(e instanceof CpuFault)) throw e;
        this.fault(e);
        if (this.halted || base + this.instructions >= clock.stopAt) return;
      }
    }
  }

  /** Whether the observer wants to see the instruction at CS:EIP (CpuObserver.everyInstruction, mayStopAt). */
  private observes(observer: CpuObserver): boolean {
    return observer.everyInstruction || observer.mayStopAt((this.segs[Seg.CS].base + this.eip) >>> 0);
  }

  /** Whether a maskable interrupt is to be taken before the next instruction (the interrupt shadow aside). */
  private interruptPending(): boolean {
    return this.flags.has(F.IF) && this.interrupts !== undefined && this.interrupts.hasInterrupt();
  }

  /** Fetches and executes the instruction at CS:EIP; false when it faulted (the fault is delivered). */
  private execute(): boolean {
    this.instructionStart = this.eip;
    this.instructions++;
    this.eventDelivered = false;
    try {
      if (this.debug.executeArmed) this.checkInstructionBreakpoint();
      const fetched = this.fetch(false);
      const handler = fetched.handler;
      if (handler === undefined) {
        this.invalid(fetched.insn);
        return true;
      }
      this.current = fetched.insn;
      const next = this.eip + fetched.length;
      this.eip = fetched.big ? next >>> 0 : next & 0xffff;
      handler(this, fetched.insn);
      return true;
    } catch (e) {
      if (!(e instanceof CpuFault)) throw e;
      this.fault(e);
      return false;
    }
  }

  /** A fault raised by the instruction that started at instructionStart: back there, and deliver it. */
  private fault(e: CpuFault): void {
    this.eip = this.instructionStart;
    this.debug.pendingTraps = 0;
    if (this.observer !== undefined) this.observeFault(e);
    raiseFault(this, e, this.instructionStart);
  }

  /** Bytes with no handler: a form the CPU does not implement (#UD), or see undefinedOpcode. */
  private invalid(insn: DecodedInstruction): void {
    if (insn.form !== null) throw new CpuFault(Vector.UD);
    this.undefinedOpcode(insn);
  }

  /** Bytes the table leaves undefined: an x87 escape (x87.ts: the FPU is absent), else #UD or #GP. */
  private undefinedOpcode(insn: DecodedInstruction): void {
    const big = this.segs[Seg.CS].big;
    const length = insn.fault === Vector.UD ? absentFpuEscape(this.cr0, this.fetchByte, insn.prefixCount, big) : undefined;
    if (length === undefined) throw new CpuFault(insn.fault, insn.fault === Vector.GP ? 0 : undefined);
    const next = this.eip + length;
    this.eip = big ? next >>> 0 : next & 0xffff;
  }

  private observeFault(fault: CpuFault): void {
    try {
      this.observer!.beforeFault(this, fault);
    } catch (stop) {
      this.instructions--;
      throw stop;
    }
  }

  /** Set by deliver(): INT n, INTO and INT3 leave the handler to do the stepping (read only when single-stepping, in step()). */
  private eventDelivered = false;

  /** An enabled DR0-DR3 execute breakpoint at CS:EIP faults, unless EFLAGS.RF suppresses it once. */
  private checkInstructionBreakpoint(): void {
    if (this.flags.has(F.RF)) {
      this.flags.setFlag(F.RF, false);
      return;
    }
    this.debug.checkExecute((this.segs[Seg.CS].base + this.eip) >>> 0);
  }

  /** After an instruction: #DB for data breakpoints it hit and for single-stepping (TF set before it). */
  private debugTraps(singleStep: boolean): void {
    const hits = this.debug.pendingTraps;
    const step = singleStep && !this.eventDelivered && !this.interruptShadow;
    if (hits === 0 && !step) return;
    this.debug.pendingTraps = 0;
    this.dr[6] = ((this.dr[6] & ~0xf) | hits | (step ? DR6_BS : 0)) >>> 0;
    this.deliverEvent({ vector: Vector.DB, software: false, returnEip: this.eip });
  }

  snapshot(): CpuSnapshot {
    return {
      state: saveCpuState(this),
      instructions: this.instructions,
      halted: this.halted,
      interruptShadow: this.interruptShadow,
      tscOffset: this.tscOffset,
    };
  }

  override reset(): void {
    super.reset();
    this.debug?.update(); // undefined while CpuState's constructor runs the first reset
  }

  restore(snap: CpuSnapshot): void {
    restoreCpuState(this, snap.state);
    this.debug.update();
    this.instructions = snap.instructions;
    this.halted = snap.halted;
    this.interruptShadow = snap.interruptShadow;
    this.tscOffset = snap.tscOffset;
    this.current = undefined;
  }

  /** The code page the last fetches came from (fetch-window.ts). */
  private readonly window = new FetchWindow();

  /** Decodes the instruction at CS:EIP, or finds it decoded already; `afterPlain` as FetchWindow.find has it. */
  private fetch(afterPlain: boolean): Executable {
    const cache = this.decodeCache;
    if (cache !== undefined) {
      const near = this.window.find(this, cache, afterPlain);
      if (near !== undefined) return near;
    }
    const cs = this.segs[Seg.CS];
    if (cache === undefined || this.eip > cs.limit) return new Executable(decode(this.fetchByte, cs.big ? 32 : 16), cs.big);
    const linear = (cs.base + this.eip) >>> 0;
    const physical = this.mmu.translate(linear, false, this.cpl === 3);
    const cached = cache.lookup(physical, cs.big);
    this.window.open(this, cache, linear);
    // Past the limit, decoding again raises #GP at the first byte outside CS.
    if (cached !== undefined && this.eip + cached.length - 1 <= cs.limit) return cached;
    const decoded = new Executable(decode(this.fetchByte, cs.big ? 32 : 16), cs.big);
    if (decoded.insn.form !== null) cache.insert(physical, cs.big, decoded);
    return decoded;
  }

  /** Delivers an interrupt or a trap-like event, with the double-fault rules if delivery faults. */
  private deliverEvent(event: InterruptEvent): void {
    try {
      this.deliver(event);
    } catch (e) {
      if (!(e instanceof CpuFault)) throw e;
      raiseFault(this, e, event.returnEip);
    }
  }

  /** Delivers an exception or interrupt (faults during delivery propagate to the caller). */
  deliver(event: InterruptEvent): void {
    this.eventDelivered = true;
    deliver(this, event);
  }

  /** An event that goes through a task gate switches tasks, then pushes its error code. */
  taskGate(tssSelector: number, event: InterruptEvent): void {
    switchTask(this, tssSelector, TaskSwitchSource.Interrupt, event.returnEip);
    if (event.errorCode !== undefined) this.stack.push(event.errorCode, (this.tr.ar & 8) !== 0 ? 4 : 2);
  }
}
