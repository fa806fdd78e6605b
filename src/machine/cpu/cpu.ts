// One IA-32 processor: its state wired to memory, with the mechanisms that instructions and
// events share (segmented memory, the stack, descriptor tables, event delivery).

import { MemoryAccess, PhysicalBus } from './access';
import { deliver, InterruptEvent } from './interrupts';
import { Stack } from './stack';
import { CpuState } from './state';
import { SystemTables } from './system-tables';
import { switchTask, TaskSwitchSource } from './tasks';

export class Cpu extends CpuState {
  readonly mem: MemoryAccess;
  readonly stack: Stack;
  readonly tables: SystemTables;

  constructor(readonly bus: PhysicalBus) {
    super(bus);
    this.mem = new MemoryAccess(this, bus);
    this.stack = new Stack(this, this.mem);
    this.tables = new SystemTables(this, this.mem);
  }

  /** Delivers an exception or interrupt (faults during delivery propagate to the caller). */
  deliver(event: InterruptEvent): void {
    deliver(this, event);
  }

  /** An event that goes through a task gate switches tasks, then pushes its error code. */
  taskGate(tssSelector: number, event: InterruptEvent): void {
    switchTask(this, tssSelector, TaskSwitchSource.Interrupt, event.returnEip);
    if (event.errorCode !== undefined) this.stack.push(event.errorCode, (this.tr.ar & 8) !== 0 ? 4 : 2);
  }
}
