// REP MOVS, STOS and CMPS with 32-bit addressing and DF = 0, many elements at a time: the run
// of elements that lies within one page on each side is checked once (segment limits and
// rights at both ends, alignment, a TLB hit for each page) and then moved or compared through
// the physical bus element by element, in the order the one-element path (strings.ts) uses.
// Whenever the whole run cannot be shown not to fault (a limit or rights violation, a TLB
// miss, #AC possible, a data breakpoint or the debugger's data watch armed, an element across
// a page boundary), the bulk path does nothing and the caller runs one element the ordinary
// way, which raises the fault or fills the TLB. A write that changes a translation (a watcher
// flushing the TLB) ends the run after that element.

import { Width } from '../access';
import { F } from '../flags';
import { Reg, Seg } from '../state';
import type { Cpu } from '../cpu';
import { readGpr } from './operands';

const PAGE = 0x1000;

/** Elements of `width` bytes from `linear` to the end of its page. */
const room = (linear: number, width: Width): number => ((PAGE - (linear & (PAGE - 1))) / width) | 0;

/** Whether the bulk path may run at all now. */
const usable = (cpu: Cpu): boolean => !cpu.debug.armed && !cpu.flags.has(F.DF);

/**
 * The physical address of `count` elements from seg:offset (whose first is at `linear`) if each
 * would pass every check and hit the TLB; -1 otherwise.
 */
function physicalRun(cpu: Cpu, seg: Seg, offset: number, linear: number, width: Width, count: number, write: boolean): number {
  const last = offset + (count - 1) * width;
  if (last + width > 0x100000000 || cpu.mem.linearOrNone(seg, last, width, write) < 0) return -1;
  if ((linear & (width - 1)) !== 0 && cpu.mem.alignmentChecked()) return -1;
  return cpu.mmu.cached(linear, write, cpu.cpl === 3);
}

/** MOVS: up to `max` elements from seg:ESI to ES:EDI; the number done (ESI and EDI advanced). */
export function bulkMovs(cpu: Cpu, seg: Seg, width: Width, max: number): number {
  if (!usable(cpu)) return 0;
  const si = cpu.gpr[Reg.ESI];
  const di = cpu.gpr[Reg.EDI];
  const src = cpu.mem.linearOrNone(seg, si, width, false);
  const dst = cpu.mem.linearOrNone(Seg.ES, di, width, true);
  if (src < 0 || dst < 0) return 0;
  const count = Math.min(max, room(src, width), room(dst, width));
  if (count === 0) return 0;
  const from = physicalRun(cpu, seg, si, src, width, count, false);
  const to = physicalRun(cpu, Seg.ES, di, dst, width, count, true);
  if (from < 0 || to < 0) return 0;
  const generation = cpu.mmu.generation;
  let done = 0;
  while (done < count) {
    cpu.mem.writePhysical(to + done * width, width, cpu.mem.readPhysical(from + done * width, width));
    done++;
    if (cpu.mmu.generation !== generation) break;
  }
  cpu.gpr[Reg.ESI] = si + done * width;
  cpu.gpr[Reg.EDI] = di + done * width;
  return done;
}

/** STOS: up to `max` elements of AL/AX/EAX to ES:EDI; the number done (EDI advanced). */
export function bulkStos(cpu: Cpu, width: Width, max: number): number {
  if (!usable(cpu)) return 0;
  const di = cpu.gpr[Reg.EDI];
  const dst = cpu.mem.linearOrNone(Seg.ES, di, width, true);
  if (dst < 0) return 0;
  const count = Math.min(max, room(dst, width));
  if (count === 0) return 0;
  const to = physicalRun(cpu, Seg.ES, di, dst, width, count, true);
  if (to < 0) return 0;
  const value = readGpr(cpu, Reg.EAX, width * 8);
  const generation = cpu.mmu.generation;
  let done = 0;
  while (done < count) {
    cpu.mem.writePhysical(to + done * width, width, value);
    done++;
    if (cpu.mmu.generation !== generation) break;
  }
  cpu.gpr[Reg.EDI] = di + done * width;
  return done;
}

/**
 * CMPS: compares up to `max` elements of seg:ESI with ES:EDI, stopping after the first pair
 * that ends the repetition (unequal for REPE, equal for REPNE); the flags are those of the
 * last pair compared. The number done (ESI and EDI advanced).
 */
export function bulkCmps(cpu: Cpu, seg: Seg, width: Width, max: number, repe: boolean): number {
  if (!usable(cpu)) return 0;
  const si = cpu.gpr[Reg.ESI];
  const di = cpu.gpr[Reg.EDI];
  const src = cpu.mem.linearOrNone(seg, si, width, false);
  const dst = cpu.mem.linearOrNone(Seg.ES, di, width, false);
  if (src < 0 || dst < 0) return 0;
  const count = Math.min(max, room(src, width), room(dst, width));
  if (count === 0) return 0;
  const first = physicalRun(cpu, seg, si, src, width, count, false);
  const second = physicalRun(cpu, Seg.ES, di, dst, width, count, false);
  if (first < 0 || second < 0) return 0;
  let done = 0;
  let a = 0;
  let b = 0;
  while (done < count) {
    a = cpu.mem.readPhysical(first + done * width, width);
    b = cpu.mem.readPhysical(second + done * width, width);
    done++;
    if ((a === b) !== repe) break;
  }
  cpu.flags.sub(a, b, a - b, width * 8);
  cpu.gpr[Reg.ESI] = si + done * width;
  cpu.gpr[Reg.EDI] = di + done * width;
  return done;
}
