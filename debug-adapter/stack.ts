// Stack frames from the frame-pointer chain: frame 0 is CS:EIP; each further frame is the
// return address at [EBP+4], with the caller's EBP at [EBP]. The walk stops at an unreadable or
// non-ascending EBP, or at a return address that is no code we know of (guests written without
// frame pointers get one frame, not garbage). Each frame is labelled with privilege level and mode.

import { modeOf } from './runtime/registers';
import { hex } from './runtime/format';
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
  const label = `ring ${cpu.cpl}, ${modeOf(cpu)}`;
  const frame = (address: number): Frame => {
    const entry = rt.sourceAt(address);
    return { name: `${rt.symbols.describe(address) ?? hex(address, 8)} [${label}]`, address, file: entry?.file, line: entry?.line };
  };
  const frames = [frame(rt.linearPc)];
  const ss = cpu.segs[2].base;
  let ebp = cpu.gpr[5];
  const known = (a: number) => rt.sourceAt(a) !== undefined || (rt.lineTable.length === 0 && rt.symbols.describe(a) !== undefined);
  // In a prologue or at RET the caller's return address is on top of the stack, not at [EBP+4].
  const code = rt.memory.read('linear', rt.linearPc, 2).data;
  const atTop = code[0] === 0x55 || code[0] === 0xc3 || code[0] === 0xc2 ? 0 : (code[0] === 0x89 && code[1] === 0xe5) || (code[0] === 0x8b && code[1] === 0xec) ? 4 : -1;
  if (atTop >= 0) {
    try {
      const ret = rt.memory.readValue((ss + cpu.gpr[4] + atTop) >>> 0, 4);
      if (known(ret)) frames.push(frame(ret));
    } catch {
      // an unreadable stack: the EBP chain below decides
    }
  }
  while (frames.length < MAX_FRAMES && ebp !== 0) {
    let saved: number;
    let ret: number;
    try {
      saved = rt.memory.readValue((ss + ebp) >>> 0, 4);
      ret = rt.memory.readValue((ss + ebp + 4) >>> 0, 4);
    } catch {
      break;
    }
    if (!known(ret)) break;
    frames.push(frame(ret));
    if (saved <= ebp) break;
    ebp = saved;
  }
  return frames;
}
