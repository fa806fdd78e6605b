// The processor's own debug facilities (SDM vol. 3, chapter 17): DR0-DR3 breakpoints on
// instruction fetch (faults) and on data reads and writes (traps), reported in DR6 and taken
// as #DB. Single-stepping (EFLAGS.TF) is in the execution loop. I/O breakpoints need CR4.DE,
// which this processor does not implement.

import { CpuFault, Vector } from './faults';
import { CpuState } from './state';

export const DR6_BS = 1 << 14;
const DR6_B = 0xf;

/** R/W field of DR7 for breakpoint n: 0 execute, 1 write, 3 read or write. */
const rw = (dr7: number, n: number): number => (dr7 >>> (16 + 4 * n)) & 3;
/** LEN field of DR7 for breakpoint n, in bytes: 1, 2, 8 (undefined here, treated as 8), 4. */
const LENGTHS = [1, 2, 8, 4];
const enabled = (dr7: number, n: number): boolean => ((dr7 >>> (2 * n)) & 3) !== 0;

/**
 * The debugger's watch on data accesses (no part of the architecture; the DAP adapter's
 * data breakpoints). While one is set, every data read and write an instruction makes is told
 * to it before the access, by linear address; it must not change the machine.
 */
export interface DataAccessWatch {
  access(linear: number, size: number, write: boolean): void;
}

export class DebugRegisters {
  /** Data breakpoints hit by the current instruction (DR6 B bits), reported after it. */
  pendingTraps = 0;
  /**
   * Whether data accesses go through checkData (DR7 enables a breakpoint, or the debugger
   * watches data): the data paths test this one flag.
   */
  armed = false;
  /** Whether DR7 enables a breakpoint: the instruction path tests this one flag. */
  executeArmed = false;
  /** The debugger's data watch; set it with setWatch. Undefined (and costing nothing) otherwise. */
  private watch: DataAccessWatch | undefined;

  constructor(private readonly cpu: CpuState) {}

  /** Recomputes `armed` after DR7 (or DR0-DR3) changes. */
  update(): void {
    this.executeArmed = (this.cpu.dr[7] & 0xff) !== 0;
    this.armed = this.executeArmed || this.watch !== undefined;
  }

  /** Sets or clears the debugger's data watch (it arms the data paths while set). */
  setWatch(watch: DataAccessWatch | undefined): void {
    this.watch = watch;
    this.update();
  }

  /** A fault-like instruction breakpoint at a linear address (skipped while EFLAGS.RF is set). */
  checkExecute(linear: number): void {
    const dr7 = this.cpu.dr[7];
    let hits = 0;
    for (let n = 0; n < 4; n++) if (enabled(dr7, n) && rw(dr7, n) === 0 && this.cpu.dr[n] === linear) hits |= 1 << n;
    if (hits === 0) return;
    this.cpu.dr[6] = ((this.cpu.dr[6] & ~DR6_B) | hits) >>> 0;
    throw new CpuFault(Vector.DB);
  }

  /** Notes a data access against the data breakpoints; the #DB comes after the instruction. */
  checkData(linear: number, size: number, write: boolean): void {
    if (this.watch !== undefined) this.watch.access(linear, size, write);
    const dr7 = this.cpu.dr[7];
    for (let n = 0; n < 4; n++) {
      const kind = rw(dr7, n);
      if (!enabled(dr7, n) || kind === 0 || kind === 2 || (kind === 1 && !write)) continue;
      const length = LENGTHS[(dr7 >>> (18 + 4 * n)) & 3];
      const start = this.cpu.dr[n] & ~(length - 1);
      if (linear < start + length && linear + size > start) this.pendingTraps |= 1 << n;
    }
  }
}
