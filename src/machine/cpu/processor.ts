// Plugs the CPU into the PC board: memory, the INTR line and ports, and virtual time. The
// board's clock counts instruction slots; it is brought up to date before every port access,
// so a device sees the exact time of the instruction that touches it.

import { Pc, Processor } from '../pc';
import { Cpu, CpuSnapshot } from './cpu';
import { DecodeCache } from './decode-cache';
import { Shutdown } from './exceptions';
import { F } from './flags';

/** Why the processor stopped running: shown to the user, and mapped to exit statuses by the CLI. */
export const STOP_HALTED = 'halted with interrupts disabled';
export const STOP_IDLE = 'halted with nothing left to wake it';

export class PcProcessor implements Processor {
  readonly cpu: Cpu;
  /** clock.now - cpu.instructions during a slice. */
  private base = 0;

  constructor(private readonly pc: Pc) {
    this.cpu = new Cpu(pc.memory);
    this.cpu.decodeCache = new DecodeCache(pc.memory);
    this.cpu.interrupts = pc.interrupts;
    this.cpu.ports = {
      read: (port, size) => {
        this.syncClock();
        return pc.io.read(port, size);
      },
      write: (port, size, value) => {
        this.syncClock();
        pc.io.write(port, size, value);
      },
    };
    pc.attachCpu(this);
  }

  /**
   * Steps the CPU in batches: `clock.now` is brought up to date at port accesses (see the
   * constructor) and when a batch ends, not after every instruction. A batch ends when the
   * CPU halts or the clock reaches `stopAt`, which devices lower while the batch runs.
   */
  run(): string | undefined {
    const { clock, interrupts } = this.pc;
    const cpu = this.cpu;
    try {
      while (clock.now < clock.stopAt) {
        const base = clock.now - cpu.instructions;
        this.base = base;
        cpu.runUntil(clock, base);
        this.syncClock();
        if (!cpu.halted) continue;
        const enabled = cpu.flags.has(F.IF);
        if (enabled && interrupts.hasInterrupt()) continue;
        if (!enabled) return STOP_HALTED;
        if (clock.nextEventAt === Infinity) return STOP_IDLE;
        clock.idle();
      }
      return undefined;
    } catch (e) {
      this.syncClock(); // a triple fault, or the debugger's observer stopping the run mid-batch
      if (e instanceof Shutdown) return e.message;
      throw e;
    }
  }

  reset(): void {
    this.cpu.reset();
    this.cpu.halted = false;
    this.cpu.interruptShadow = false;
  }

  snapshot(): CpuSnapshot {
    return this.cpu.snapshot();
  }

  restore(state: unknown): void {
    this.cpu.restore(state as CpuSnapshot);
  }

  private syncClock(): void {
    this.pc.clock.now = this.base + this.cpu.instructions;
  }
}
