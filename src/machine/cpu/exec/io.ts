// Port I/O: IN and OUT, and the permission check that INS and OUTS share. In protected mode
// with CPL > IOPL, and always in virtual-8086 mode, each port needs a clear bit in the I/O
// permission bitmap of the 32-bit TSS (SDM vol. 1, 19.5).

import { CpuFault, Vector } from '../faults';
import { F } from '../flags';
import { SysType } from '../descriptors';
import { Reg } from '../state';
import type { Cpu } from '../cpu';
import { Handler, HandlerGroup } from './handler';
import { read, readGpr, writeGpr } from './operands';

export function checkIoPermission(cpu: Cpu, port: number, size: number): void {
  if (!cpu.protectedMode || (!cpu.flags.has(F.VM) && cpu.cpl <= cpu.flags.iopl)) return;
  const tr = cpu.tr;
  if ((tr.ar & 0xf) !== SysType.Tss32Busy || tr.limit < 0x67) throw new CpuFault(Vector.GP, 0);
  const bitmap = cpu.mem.readLinear((tr.base + 0x66) >>> 0, 2, false);
  const first = bitmap + (port >>> 3);
  // The two bytes that hold the port's bits must lie inside the TSS.
  if (first + 1 > tr.limit) throw new CpuFault(Vector.GP, 0);
  const bits = cpu.mem.readLinear((tr.base + first) >>> 0, 2, false);
  if (((bits >>> (port & 7)) & ((1 << size) - 1)) !== 0) throw new CpuFault(Vector.GP, 0);
}

export function portIn(cpu: Cpu, port: number, size: 1 | 2 | 4): number {
  checkIoPermission(cpu, port, size);
  if (cpu.ports) return cpu.ports.read(port, size);
  return size === 4 ? 0xffffffff : (1 << (size * 8)) - 1;
}

export function portOut(cpu: Cpu, port: number, size: 1 | 2 | 4, value: number): void {
  checkIoPermission(cpu, port, size);
  cpu.ports?.write(port, size, value);
}

/** The port of an IN or OUT: an immediate byte or DX. */
function port(cpu: Cpu, insn: Parameters<Handler>[1], i: number): number {
  return insn.operands[i].kind === 'imm' ? read(cpu, insn, i) : cpu.gpr[Reg.EDX] & 0xffff;
}

const inHandler: Handler = (cpu, insn) => {
  const bits = insn.operands[0].size;
  writeGpr(cpu, Reg.EAX, bits, portIn(cpu, port(cpu, insn, 1), (bits >>> 3) as 1 | 2 | 4));
};

const outHandler: Handler = (cpu, insn) => {
  const bits = insn.operands[1].size;
  portOut(cpu, port(cpu, insn, 0), (bits >>> 3) as 1 | 2 | 4, readGpr(cpu, Reg.EAX, bits));
};

export const IO: HandlerGroup = { in: inHandler, out: outHandler };
