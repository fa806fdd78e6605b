// Raising an exception: CR2 for page faults, then delivery, with the double-fault rules of
// SDM vol. 3, table 6-5 when delivery itself faults, and shutdown on a triple fault.

import { CpuFault, Vector, VECTOR_MNEMONICS } from './faults';
import type { Cpu } from './cpu';

const CONTRIBUTORY = new Set<number>([Vector.DE, Vector.TS, Vector.NP, Vector.SS, Vector.GP]);

/** Whether a fault raised while delivering `first` turns into a double fault. */
function isDoubleFault(first: number, second: number): boolean {
  if (CONTRIBUTORY.has(first)) return CONTRIBUTORY.has(second);
  if (first === Vector.PF) return CONTRIBUTORY.has(second) || second === Vector.PF;
  return false;
}

/** The processor has shut down (a triple fault); the machine stops with this message. */
export class Shutdown extends Error {
  override name = 'Shutdown';
}

const name = (vector: number) => VECTOR_MNEMONICS[vector] ?? `vector ${vector}`;

/**
 * Delivers a fault raised by the instruction that started at `eip` (faults save the address
 * of the faulting instruction, so it can be restarted).
 */
export function raiseFault(cpu: Cpu, fault: CpuFault, eip: number): void {
  let current = fault;
  let doubleFaultCause = '';
  for (;;) {
    if (current.vector === Vector.PF) cpu.cr2 = current.address ?? 0;
    try {
      cpu.deliver({ vector: current.vector, errorCode: current.hasErrorCode ? current.errorCode ?? 0 : undefined, software: false, returnEip: eip });
      return;
    } catch (e) {
      if (!(e instanceof CpuFault)) throw e;
      if (current.vector === Vector.DF) {
        throw new Shutdown(`triple fault: ${e.describe()} while delivering #DF (after ${doubleFaultCause})`);
      }
      if (isDoubleFault(current.vector, e.vector)) {
        doubleFaultCause = `${name(current.vector)} then ${e.describe()}`;
        current = new CpuFault(Vector.DF, 0);
      } else {
        current = e; // handled serially: the second fault is delivered instead
      }
    }
  }
}
