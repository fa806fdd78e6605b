// Pushes and pops on SS:ESP (or SS:SP when the stack segment is 16-bit). Each writes memory
// before it moves the stack pointer, so a faulting push leaves ESP as it was.

import { MemoryAccess, Width } from './access';
import { SegmentCache } from './descriptors';
import { CpuState, Reg, Seg } from './state';

export class Stack {
  constructor(
    private readonly cpu: CpuState,
    private readonly mem: MemoryAccess,
  ) {}

  /** The stack pointer as the stack segment's size sees it. */
  get pointer(): number {
    const esp = this.cpu.gpr[Reg.ESP];
    return this.cpu.segs[Seg.SS].big ? esp : esp & 0xffff;
  }

  set pointer(value: number) {
    if (this.cpu.segs[Seg.SS].big) this.cpu.gpr[Reg.ESP] = value;
    else this.cpu.gpr[Reg.ESP] = (this.cpu.gpr[Reg.ESP] & 0xffff0000) | (value & 0xffff);
  }

  push(value: number, width: Width): void {
    const big = this.cpu.segs[Seg.SS].big;
    const esp = this.cpu.gpr[Reg.ESP];
    const sp = big ? (esp - width) >>> 0 : (esp - width) & 0xffff;
    this.mem.write(Seg.SS, sp, width, value);
    this.cpu.gpr[Reg.ESP] = big ? sp : (esp & 0xffff0000) | sp;
  }

  pop(width: Width): number {
    const big = this.cpu.segs[Seg.SS].big;
    const esp = this.cpu.gpr[Reg.ESP];
    const value = this.mem.read(Seg.SS, big ? esp : esp & 0xffff, width);
    this.cpu.gpr[Reg.ESP] = big ? esp + width : (esp & 0xffff0000) | ((esp + width) & 0xffff);
    return value;
  }

  /**
   * Runs a sequence of pushes (possibly after switching SS:ESP and CPL) as one step: if any
   * of it faults, SS, ESP and CPL are put back as they were and the fault goes on.
   */
  atomically(pushes: () => void): void {
    const ss = new SegmentCache();
    ss.copyFrom(this.cpu.segs[Seg.SS]);
    const esp = this.cpu.gpr[Reg.ESP];
    const cpl = this.cpu.cpl;
    try {
      pushes();
    } catch (e) {
      this.cpu.segs[Seg.SS].copyFrom(ss);
      this.cpu.gpr[Reg.ESP] = esp;
      this.cpu.cpl = cpl;
      throw e;
    }
  }

  /** Reads the stack `offset` bytes above the stack pointer without popping. */
  peek(offset: number, width: Width): number {
    return this.mem.read(Seg.SS, this.wrap(this.pointer + offset), width);
  }

  private wrap(sp: number): number {
    return this.cpu.segs[Seg.SS].big ? sp >>> 0 : sp & 0xffff;
  }
}
