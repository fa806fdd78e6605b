// Stack frames from the frame-pointer chain: frame 0 is CS:EIP; each further frame is the
// return address at [EBP+4], with the caller's EBP at [EBP]. The walk stops at an unreadable or
// non-ascending EBP, or at a return address that is no code we know of (guests written without
// frame pointers get one frame, not garbage).
//
// Each frame is labelled with its own privilege level and mode. Where the CPU entered the current
// ring from a less privileged one (an interrupt, trap or exception; runtime/interrupted.ts), the
// frames on the current stack end at the frame the CPU saved; below them comes the interrupted
// code, labelled with its ring and mode, and then its own chain: from the EBP the handler saved
// right below the CPU's frame (push ebp on entry, after any error code), or from EBP itself if
// the handler keeps no frames.

import { modeOf } from './runtime/registers';
import { hex } from './runtime/format';
import { interruptedContext } from './runtime/interrupted';
import type { Runtime } from './runtime/runtime';

export interface Frame {
  name: string;
  address: number;
  file?: string;
  line?: number;
}

const MAX_FRAMES = 64;

export function stackFrames(rt: Runtime): Frame[] {
  const cpu = rt.cpu;
  const here = `ring ${cpu.cpl}, ${modeOf(cpu)}`;
  const frames = [frameAt(rt, rt.linearPc, here)];
  const ss = cpu.segs[2].base;
  // In a prologue or at RET the caller's return address is on top of the stack, not at [EBP+4].
  const code = rt.memory.read('linear', rt.linearPc, 2).data;
  const atTop = code[0] === 0x55 || code[0] === 0xc3 || code[0] === 0xc2 ? 0 : (code[0] === 0x89 && code[1] === 0xe5) || (code[0] === 0x8b && code[1] === 0xec) ? 4 : -1;
  if (atTop >= 0) {
    try {
      const ret = rt.memory.readValue((ss + cpu.gpr[4] + atTop) >>> 0, 4);
      if (known(rt, ret)) frames.push(frameAt(rt, ret, here));
    } catch {
      // an unreadable stack: the EBP chain below decides
    }
  }
  const interrupted = interruptedContext(cpu, rt.memory);
  if (interrupted === undefined) {
    walk(rt, frames, cpu.gpr[5], ss, here, () => 'frame');
    return frames;
  }
  // the handler's frames are on its stack, below the saved frame; its entry frame (saved EBP,
  // perhaps an error code) sits right under it and holds the interrupted code's EBP
  const esp = cpu.gpr[4];
  const ebp = walk(rt, frames, cpu.gpr[5], ss, here, (e) =>
    e < esp || e >= interrupted.stackTop ? 'out' : e >= interrupted.savedAt - 8 ? 'entry' : 'frame');
  if (frames.length < MAX_FRAMES) frames.push(frameAt(rt, interrupted.linear, interrupted.label));
  if (ebp !== undefined) walk(rt, frames, ebp, interrupted.ssBase, interrupted.label, () => 'frame');
  return frames;
}

function frameAt(rt: Runtime, address: number, label: string): Frame {
  const entry = rt.sourceAt(address);
  return { name: `${rt.symbols.describe(address) ?? hex(address, 8)} [${label}]`, address, file: entry?.file, line: entry?.line };
}

/** Code we know: a source line, or (for a program without them) a symbol. */
const known = (rt: Runtime, a: number) => rt.sourceAt(a) !== undefined || (rt.lineTable.length === 0 && rt.symbols.describe(a) !== undefined);

/** Where an EBP points: a frame of this stack, a handler's entry frame (its saved EBP is another stack's), or off this stack. */
type Place = 'frame' | 'entry' | 'out';

/**
 * Follows the EBP chain on the stack at `ss`, adding a frame for each return address. Returns the
 * EBP that leads to another stack (off this one, or saved by a handler's entry frame), or
 * undefined when the chain ended here.
 */
function walk(rt: Runtime, frames: Frame[], ebp: number, ss: number, label: string, place: (ebp: number) => Place): number | undefined {
  while (frames.length < MAX_FRAMES && ebp !== 0) {
    const where = place(ebp);
    if (where === 'out') return ebp;
    let saved: number;
    let ret: number;
    try {
      saved = rt.memory.readValue((ss + ebp) >>> 0, 4);
      if (where === 'entry') return saved;
      ret = rt.memory.readValue((ss + ebp + 4) >>> 0, 4);
    } catch {
      return undefined;
    }
    if (!known(rt, ret)) return undefined;
    frames.push(frameAt(rt, ret, label));
    if (saved <= ebp && place(saved) !== 'out') return undefined;
    ebp = saved;
  }
  return undefined;
}
