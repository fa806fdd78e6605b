// A protected-mode machine for CPU tests: a flat GDT with ring 0 and ring 3 segments, two
// TSSs, and an IDT with a few gates; the CPU starts in ring 3.

import { PhysicalBus } from '../../src/machine/cpu/access';
import { Cpu } from '../../src/machine/cpu/cpu';
import { F } from '../../src/machine/cpu/flags';
import { Reg, Seg } from '../../src/machine/cpu/state';
import { FlatBus, gateDescriptor, segmentDescriptor } from './flat-bus';

export const GDT = 0x1000, IDT = 0x2000, TSS = 0x3000, TSS2 = 0x3100;
export const KCODE = 0x08, KDATA = 0x10, UCODE = 0x18 | 3, UDATA = 0x20 | 3, TSS_SEL = 0x28, TSS2_SEL = 0x30;
export const CALL_GATE = 0x38 | 3;

/** A protected-mode machine running ring 3 code with a ring 0 stack in the TSS. */
export function protectedMachine(): { cpu: Cpu; bus: FlatBus } {
  return protectedMachineOn(new FlatBus());
}

/** protectedMachine() wired to the given memory. */
export function protectedMachineOn<B extends PhysicalBus>(bus: B): { cpu: Cpu; bus: B } {
  const put = (at: number, [lo, hi]: [number, number]) => { bus.write32(at, lo); bus.write32(at + 4, hi); };
  put(GDT + 0x08, segmentDescriptor(0, 0xfffff, 0x9a, 0xc));
  put(GDT + 0x10, segmentDescriptor(0, 0xfffff, 0x92, 0xc));
  put(GDT + 0x18, segmentDescriptor(0, 0xfffff, 0xfa, 0xc));
  put(GDT + 0x20, segmentDescriptor(0, 0xfffff, 0xf2, 0xc));
  put(GDT + 0x28, segmentDescriptor(TSS, 0x67, 0x8b)); // busy 32-bit TSS (the current task)
  put(GDT + 0x30, segmentDescriptor(TSS2, 0x67, 0x89)); // available 32-bit TSS
  put(GDT + 0x38, gateDescriptor(KCODE, 0x4800, 0xec)); // 32-bit call gate, DPL 3
  bus.write8(GDT + 0x38 + 4, 2); // two parameters
  put(IDT + 0x0d * 8, gateDescriptor(KCODE, 0x4000, 0x8e)); // #GP: interrupt gate, DPL 0
  put(IDT + 0x80 * 8, gateDescriptor(KCODE, 0x5000, 0xef)); // int 0x80: trap gate, DPL 3
  put(IDT + 0x81 * 8, gateDescriptor(KCODE, 0x5000, 0x8e)); // int 0x81: DPL 0
  put(IDT + 0x82 * 8, gateDescriptor(KCODE, 0x5000, 0x6f)); // not present
  put(IDT + 0x83 * 8, gateDescriptor(TSS2_SEL, 0, 0xe5)); // task gate, DPL 3
  bus.write32(TSS + 4, 0x9000); // ESP0
  bus.write32(TSS + 8, KDATA); // SS0
  // The second task's state.
  bus.write32(TSS2 + 0x1c, 0);
  bus.write32(TSS2 + 0x20, 0x6000);
  bus.write32(TSS2 + 0x24, 0x2);
  bus.write32(TSS2 + 0x28, 0x11111111);
  bus.write32(TSS2 + 0x38, 0x8800);
  [KDATA, KCODE, KDATA, KDATA, KDATA, KDATA].forEach((s, i) => bus.write16(TSS2 + 0x48 + i * 4, s));

  const cpu = new Cpu(bus);
  cpu.mmu.cr0 |= 1;
  cpu.gdtr.base = GDT; cpu.gdtr.limit = 0x3f;
  cpu.idtr.base = IDT; cpu.idtr.limit = 0x7ff;
  cpu.cpl = 0;
  cpu.tables.fill(Seg.CS, KCODE, cpu.tables.read(KCODE));
  cpu.tables.loadStack(KDATA);
  const tss = cpu.tables.read(TSS_SEL);
  Object.assign(cpu.tr, { selector: TSS_SEL, base: tss.base, limit: tss.limit, ar: tss.ar });
  // Drop to ring 3.
  cpu.cpl = 3;
  cpu.tables.fill(Seg.CS, UCODE, cpu.tables.read(UCODE));
  cpu.tables.loadStack(UDATA);
  cpu.tables.loadData(Seg.DS, UDATA);
  cpu.gpr[Reg.ESP] = 0x8000;
  cpu.eip = 0x7000;
  cpu.flags.value = F.IF | 0x2;
  return { cpu, bus };
}

