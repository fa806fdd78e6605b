// Data movement and the stack: MOV (general and segment registers) MOVZX MOVSX XCHG LEA,
// the far-pointer loads, PUSH POP PUSHA POPA ENTER LEAVE, CBW CWDE CWD CDQ, LAHF SAHF,
// XLATB BSWAP, NOP PAUSE SALC WAIT.

import { DecodedInstruction } from '../../../arch/decoder';
import { CpuFault, Vector } from '../faults';
import { F } from '../flags';
import { Reg, Seg } from '../state';
import type { Cpu } from '../cpu';
import { signed } from './arithmetic';
import { Handler, HandlerGroup } from './handler';
import { effectiveAddress, operandBytes, read, readForWrite, readGpr, write, writeBack, writeGpr } from './operands';
import { moveSystemRegister } from './system';

/** Loads a segment register as MOV, POP and the far-pointer loads do. */
export function loadSegment(cpu: Cpu, seg: Seg, selector: number): void {
  if (seg === Seg.CS) throw new CpuFault(Vector.UD);
  if (seg === Seg.SS) {
    cpu.tables.loadStack(selector);
    cpu.interruptShadow = true;
  } else {
    cpu.tables.loadData(seg, selector);
  }
}

const mov: Handler = (cpu, insn) => {
  const dst = insn.operands[0];
  const src = insn.operands[1];
  if (dst.cls === 'sreg') loadSegment(cpu, dst.reg, read(cpu, insn, 1));
  else if (dst.cls === 'creg' || dst.cls === 'dreg' || dst.cls === 'treg' || src.cls === 'creg' || src.cls === 'dreg' || src.cls === 'treg') {
    moveSystemRegister(cpu, insn);
  } else write(cpu, insn, 0, read(cpu, insn, 1));
};

const movzx: Handler = (cpu, insn) => write(cpu, insn, 0, read(cpu, insn, 1));

const movsx: Handler = (cpu, insn) => write(cpu, insn, 0, signed(read(cpu, insn, 1), insn.operands[1].size));

const xchg: Handler = (cpu, insn) => {
  const b = read(cpu, insn, 1);
  const a = readForWrite(cpu, insn, 0);
  writeBack(cpu, insn, 0, b);
  write(cpu, insn, 1, a);
};

const lea: Handler = (cpu, insn) => write(cpu, insn, 0, effectiveAddress(cpu, insn, insn.operands[1]));

/** LDS, LES, LSS, LFS, LGS: offset then selector from memory. */
function loadFarPointer(seg: Seg): Handler {
  return (cpu, insn) => {
    const op = insn.operands[1];
    const width = operandBytes(insn);
    const ea = effectiveAddress(cpu, insn, op);
    const offset = cpu.mem.read(op.seg as Seg, ea, width);
    const selector = cpu.mem.read(op.seg as Seg, (ea + width) >>> 0, 2);
    loadSegment(cpu, seg, selector);
    write(cpu, insn, 0, offset);
  };
}

const push: Handler = (cpu, insn) => cpu.stack.push(read(cpu, insn, 0), operandBytes(insn));

const pop: Handler = (cpu, insn) => {
  const width = operandBytes(insn);
  const value = cpu.stack.peek(0, width);
  const op = insn.operands[0];
  if (op.cls === 'sreg') {
    loadSegment(cpu, op.reg, value);
    cpu.stack.pointer += width;
    return;
  }
  // ESP moves first: a destination addressed through ESP sees the incremented value.
  const before = cpu.gpr[Reg.ESP];
  cpu.stack.pointer += width;
  try {
    write(cpu, insn, 0, value);
  } catch (e) {
    cpu.gpr[Reg.ESP] = before;
    throw e;
  }
};

const pusha: Handler = (cpu, insn) => {
  const width = operandBytes(insn);
  const bits = width * 8;
  const values = [Reg.EAX, Reg.ECX, Reg.EDX, Reg.EBX, Reg.ESP, Reg.EBP, Reg.ESI, Reg.EDI].map((r) => readGpr(cpu, r, bits));
  cpu.stack.atomically(() => values.forEach((v) => cpu.stack.push(v, width)));
};

const popa: Handler = (cpu, insn) => {
  const width = operandBytes(insn);
  const values = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => cpu.stack.peek(i * width, width));
  const order = [Reg.EDI, Reg.ESI, Reg.EBP, Reg.ESP, Reg.EBX, Reg.EDX, Reg.ECX, Reg.EAX];
  cpu.stack.pointer += 8 * width;
  order.forEach((r, i) => {
    if (r !== Reg.ESP) writeGpr(cpu, r, width * 8, values[i]);
  });
};

const enter: Handler = (cpu, insn) => {
  const size = read(cpu, insn, 0);
  const level = read(cpu, insn, 1) & 31;
  const width = operandBytes(insn);
  const big = cpu.segs[Seg.SS].big;
  const bits = width * 8;
  cpu.stack.atomically(() => {
    cpu.stack.push(readGpr(cpu, Reg.EBP, bits), width);
    const frame = cpu.stack.pointer;
    let ebp = big ? cpu.gpr[Reg.EBP] : cpu.gpr[Reg.EBP] & 0xffff;
    for (let i = 1; i < level; i++) {
      ebp = big ? (ebp - width) >>> 0 : (ebp - width) & 0xffff;
      cpu.stack.push(cpu.mem.read(Seg.SS, ebp, width), width);
    }
    if (level > 0) cpu.stack.push(frame, width);
    // The new frame must be writable down to its end, as the processor checks.
    const end = big ? (cpu.stack.pointer - size) >>> 0 : (cpu.stack.pointer - size) & 0xffff;
    if (size > 0) cpu.mem.linear(Seg.SS, end, 1, true);
    writeGpr(cpu, Reg.EBP, bits, frame);
    cpu.stack.pointer = end;
  });
};

const leave: Handler = (cpu, insn) => {
  const width = operandBytes(insn);
  const before = cpu.gpr[Reg.ESP];
  cpu.stack.pointer = cpu.gpr[Reg.EBP];
  try {
    writeGpr(cpu, Reg.EBP, width * 8, cpu.stack.pop(width));
  } catch (e) {
    cpu.gpr[Reg.ESP] = before;
    throw e;
  }
};

/** CBW / CWDE: sign-extend AL into AX or AX into EAX. */
const convert: Handler = (cpu, insn) => {
  const bits = insn.operandSize;
  writeGpr(cpu, Reg.EAX, bits, signed(readGpr(cpu, Reg.EAX, bits / 2), bits / 2));
};

/** CWD / CDQ: DX or EDX becomes the sign of AX or EAX. */
const convertWide: Handler = (cpu, insn) => {
  const bits = insn.operandSize;
  writeGpr(cpu, Reg.EDX, bits, readGpr(cpu, Reg.EAX, bits) >>> (bits - 1) ? 0xffffffff : 0);
};

const LAHF_FLAGS = F.SF | F.ZF | F.AF | F.PF | F.CF;

const xlatb: Handler = (cpu, insn: DecodedInstruction) => {
  const seg = insn.segment >= 0 ? insn.segment : Seg.DS;
  const base = insn.addressSize === 32 ? cpu.gpr[Reg.EBX] : cpu.gpr[Reg.EBX] & 0xffff;
  const offset = base + readGpr(cpu, Reg.EAX, 8);
  writeGpr(cpu, Reg.EAX, 8, cpu.mem.read(seg, insn.addressSize === 32 ? offset >>> 0 : offset & 0xffff, 1));
};

const CR0_MP = 1 << 1;
const CR0_TS = 1 << 3;

export const DATA_TRANSFER: HandlerGroup = {
  mov, movzx, movsx, xchg, lea,
  lds: loadFarPointer(Seg.DS),
  les: loadFarPointer(Seg.ES),
  lss: loadFarPointer(Seg.SS),
  lfs: loadFarPointer(Seg.FS),
  lgs: loadFarPointer(Seg.GS),
  push, pop,
  pusha, pushaw: pusha, pushad: pusha,
  popa, popaw: popa, popad: popa,
  enter, leave,
  cbw: convert, cwde: convert,
  cwd: convertWide, cdq: convertWide,
  lahf: (cpu) => writeGpr(cpu, Reg.ESP, 8, (cpu.flags.value & LAHF_FLAGS) | 2), // register 4 of r8 is AH
  sahf: (cpu) => cpu.flags.setArith(LAHF_FLAGS, readGpr(cpu, Reg.ESP, 8)),
  xlatb,
  bswap: (cpu, insn) => {
    const v = read(cpu, insn, 0);
    write(cpu, insn, 0, ((v << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24)) >>> 0);
  },
  nop: () => undefined,
  pause: () => undefined,
  salc: (cpu) => writeGpr(cpu, Reg.EAX, 8, cpu.flags.cf ? 0xff : 0),
  wait: (cpu) => {
    if ((cpu.cr0 & (CR0_MP | CR0_TS)) === (CR0_MP | CR0_TS)) throw new CpuFault(Vector.NM);
  },
};
