// String instructions: MOVS CMPS STOS LODS SCAS INS OUTS, once or repeated by REP/REPE/REPNE.
// The source is DS:(E)SI (segment override allowed), the destination always ES:(E)DI; the
// address size picks SI/DI/CX or ESI/EDI/ECX; DF picks the direction. Each iteration commits
// its registers, so a fault in the middle restarts where it stopped. A long repetition yields
// every ITERATIONS_PER_STEP iterations (EIP stays on the instruction) so interrupts get in.
// REP MOVS, STOS and CMPS take runs of iterations at once where they can (string-bulk.ts).

import { DecodedInstruction } from '../../../arch/decoder';
import { F } from '../flags';
import { Reg, Seg } from '../state';
import type { Cpu } from '../cpu';
import { Handler, HandlerGroup } from './handler';
import { readGpr, writeGpr } from './operands';
import { portIn, portOut, checkIoPermission } from './io';
import { bulkCmps, bulkMovs, bulkStos } from './string-bulk';

const ITERATIONS_PER_STEP = 1024;

type Width = 1 | 2 | 4;

/** One iteration of a string instruction; `a32` picks ESI/EDI or SI/DI. */
type Iteration = (cpu: Cpu, insn: DecodedInstruction, width: Width, a32: boolean) => void;

/** (E)SI or (E)DI as the address size sees it. */
const index = (cpu: Cpu, reg: Reg, a32: boolean): number => (a32 ? cpu.gpr[reg] : cpu.gpr[reg] & 0xffff);

/** Steps (E)SI or (E)DI by the element width, down when DF is set. */
function advance(cpu: Cpu, reg: Reg, width: Width, a32: boolean): void {
  const delta = cpu.flags.has(F.DF) ? -width : width;
  if (a32) cpu.gpr[reg] += delta;
  else cpu.gpr[reg] = (cpu.gpr[reg] & 0xffff0000) | ((cpu.gpr[reg] + delta) & 0xffff);
}

const source = (insn: DecodedInstruction): Seg => (insn.segment >= 0 ? insn.segment : Seg.DS);

const movs: Iteration = (cpu, insn, w, a32) => {
  const value = cpu.mem.read(source(insn), index(cpu, Reg.ESI, a32), w);
  cpu.mem.write(Seg.ES, index(cpu, Reg.EDI, a32), w, value);
  advance(cpu, Reg.ESI, w, a32);
  advance(cpu, Reg.EDI, w, a32);
};

const cmps: Iteration = (cpu, insn, w, a32) => {
  const a = cpu.mem.read(source(insn), index(cpu, Reg.ESI, a32), w);
  const b = cpu.mem.read(Seg.ES, index(cpu, Reg.EDI, a32), w);
  cpu.flags.sub(a, b, a - b, w * 8);
  advance(cpu, Reg.ESI, w, a32);
  advance(cpu, Reg.EDI, w, a32);
};

const stos: Iteration = (cpu, _insn, w, a32) => {
  cpu.mem.write(Seg.ES, index(cpu, Reg.EDI, a32), w, readGpr(cpu, Reg.EAX, w * 8));
  advance(cpu, Reg.EDI, w, a32);
};

const lods: Iteration = (cpu, insn, w, a32) => {
  writeGpr(cpu, Reg.EAX, w * 8, cpu.mem.read(source(insn), index(cpu, Reg.ESI, a32), w));
  advance(cpu, Reg.ESI, w, a32);
};

const scas: Iteration = (cpu, _insn, w, a32) => {
  const a = readGpr(cpu, Reg.EAX, w * 8);
  const b = cpu.mem.read(Seg.ES, index(cpu, Reg.EDI, a32), w);
  cpu.flags.sub(a, b, a - b, w * 8);
  advance(cpu, Reg.EDI, w, a32);
};

const ins: Iteration = (cpu, _insn, w, a32) => {
  const port = cpu.gpr[Reg.EDX] & 0xffff;
  checkIoPermission(cpu, port, w);
  // The destination is checked before the port is read, so a fault does not lose the input;
  // the store itself then goes the ordinary way (data breakpoints see it).
  const offset = index(cpu, Reg.EDI, a32);
  const linear = cpu.mem.linear(Seg.ES, offset, w, true);
  if ((linear & (w - 1)) !== 0) cpu.mem.checkAlignment();
  cpu.mmu.translate(linear, true, cpu.cpl === 3);
  cpu.mem.write(Seg.ES, offset, w, portIn(cpu, port, w));
  advance(cpu, Reg.EDI, w, a32);
};

const outs: Iteration = (cpu, insn, w, a32) => {
  const port = cpu.gpr[Reg.EDX] & 0xffff;
  checkIoPermission(cpu, port, w);
  portOut(cpu, port, w, cpu.mem.read(source(insn), index(cpu, Reg.ESI, a32), w));
  advance(cpu, Reg.ESI, w, a32);
};

/**
 * Up to `max` iterations of a repeated string instruction at once, with 32-bit addressing
 * (string-bulk.ts); the number done, 0 when the one-iteration path must take the next.
 */
type Bulk = (cpu: Cpu, insn: DecodedInstruction, width: Width, max: number) => number;

/** A string instruction whose element is a byte (the B forms) or of the operand size. */
function stringOp(iteration: Iteration, fixedWidth: Width | undefined, comparesZf: boolean, bulk?: Bulk): Handler {
  return (cpu, insn) => {
    const width: Width = fixedWidth ?? (insn.operandSize === 32 ? 4 : 2);
    const a32 = insn.addressSize === 32;
    if (insn.rep === 0) {
      iteration(cpu, insn, width, a32);
      return;
    }
    const mask = a32 ? 0xffffffff : 0xffff;
    for (let n = 0; n < ITERATIONS_PER_STEP;) {
      const count = cpu.gpr[Reg.ECX] & mask;
      if (count === 0) return;
      let done = bulk !== undefined && a32 ? bulk(cpu, insn, width, Math.min(count, ITERATIONS_PER_STEP - n)) : 0;
      if (done === 0) {
        iteration(cpu, insn, width, a32);
        done = 1;
      }
      n += done;
      const left = (count - done) & mask;
      cpu.gpr[Reg.ECX] = a32 ? left : (cpu.gpr[Reg.ECX] & 0xffff0000) | left;
      if (left === 0) return;
      // REPE stops on inequality (ZF = 0), REPNE on equality (ZF = 1).
      if (comparesZf && cpu.flags.zf !== (insn.rep === 0xf3)) return;
    }
    const back = cpu.eip - insn.length;
    cpu.eip = cpu.segs[Seg.CS].big ? back >>> 0 : back & 0xffff;
  };
}

const movsBulk: Bulk = (cpu, insn, width, max) => bulkMovs(cpu, source(insn), width, max);
const cmpsBulk: Bulk = (cpu, insn, width, max) => bulkCmps(cpu, source(insn), width, max, insn.rep === 0xf3);
const stosBulk: Bulk = (cpu, _insn, width, max) => bulkStos(cpu, width, max);

export const STRINGS: HandlerGroup = {
  movsb: stringOp(movs, 1, false, movsBulk), movsw: stringOp(movs, undefined, false, movsBulk), movsd: stringOp(movs, undefined, false, movsBulk),
  cmpsb: stringOp(cmps, 1, true, cmpsBulk), cmpsw: stringOp(cmps, undefined, true, cmpsBulk), cmpsd: stringOp(cmps, undefined, true, cmpsBulk),
  stosb: stringOp(stos, 1, false, stosBulk), stosw: stringOp(stos, undefined, false, stosBulk), stosd: stringOp(stos, undefined, false, stosBulk),
  lodsb: stringOp(lods, 1, false), lodsw: stringOp(lods, undefined, false), lodsd: stringOp(lods, undefined, false),
  scasb: stringOp(scas, 1, true), scasw: stringOp(scas, undefined, true), scasd: stringOp(scas, undefined, true),
  insb: stringOp(ins, 1, false), insw: stringOp(ins, undefined, false), insd: stringOp(ins, undefined, false),
  outsb: stringOp(outs, 1, false), outsw: stringOp(outs, undefined, false), outsd: stringOp(outs, undefined, false),
};
