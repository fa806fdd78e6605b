// Entering a Multiboot kernel as `qemu-system-i386 -kernel` does (QEMU 7.2, SeaBIOS 1.16, the
// multiboot option ROM), so that the same file behaves the same on both machines. Measured on
// QEMU with a probe kernel that prints its entry state (test/boot-multiboot.test.ts keeps it):
//
//   EAX 2BADB002  EBX 9500 (information structure)  ECX entry  EDX 511 (| mem_upper & FFFF0000)
//   ESI 0  EDI 1000  EBP 0  ESP 6F08  EFLAGS 00000006 (IF clear)  CR0 00000011  CR3 = CR4 = 0
//   CS 08 (flat 4 GiB 32-bit code), DS ES SS FS GS 10 (flat 4 GiB data), LDTR = TR = 0
//   GDTR CB2B8 limit 27 in read-only memory (null, flat code, flat data, 16-bit code and data);
//   IDTR 0 limit 3FF (the real-mode IVT)
//   PICs: vectors 08h and 70h, IMR B8h (IRQ 0 1 2 6 open) and 8Eh (IRQ 8 12 13 14 open)
//   PIT channel 0: mode 2, lobyte/hibyte, count 0 (65536: 18.2 Hz); A20 on
//   i8042 command byte 61h (status 1Ch); COM1 MCR 08h; the BIOS data area's memory size and
//   EBDA segment. Not reproduced: SeaBIOS's interrupt vectors (no BIOS code is mapped), the
//   COM1 edge SeaBIOS leaves latched in the master PIC's IRR (masked), and QEMU's PIT status
//   quirks (it reports OUT low in mode 2, where the 8254 datasheet has it high).

import { Pc } from '../pc';
import { Cpu } from '../cpu/cpu';
import { Ar } from '../cpu/descriptors';
import { Reg, Seg } from '../cpu/state';
import { MultibootBoot } from './multiboot';

export const QEMU_GDT_ADDRESS = 0xcb2b8;
export const QEMU_ENTRY_ESP = 0x6f08;
export const QEMU_ENTRY_EFLAGS = 0x00000006;
export const CODE_SELECTOR = 0x08;
export const DATA_SELECTOR = 0x10;

/** The option ROM's GDT: null, flat code, flat data, 16-bit code (conforming), 16-bit data. */
const GDT = [
  [0x00000000, 0x00000000],
  [0x0000ffff, 0x00cf9a00],
  [0x0000ffff, 0x00cf9300],
  [0x0000ffff, 0x00009e00],
  [0x0000ffff, 0x00009200],
];

/** Puts the kernel's bytes in memory and the CPU and devices in the state QEMU leaves them. */
export function enterMultiboot(pc: Pc, cpu: Cpu, boot: MultibootBoot, memUpperKb: number): void {
  for (const l of boot.loads) {
    pc.memory.poke(l.address, l.data);
    if (l.zeroBytes > 0) pc.memory.poke(l.address + l.data.length, new Uint8Array(l.zeroBytes));
  }
  mapGdt(pc);
  setupDevicesAsSeaBios(pc);
  writeBiosDataArea(pc);

  cpu.reset();
  cpu.gpr.fill(0);
  cpu.gpr[Reg.EAX] = boot.eax;
  cpu.gpr[Reg.EBX] = boot.ebx;
  cpu.gpr[Reg.ECX] = boot.entry;
  cpu.gpr[Reg.EDX] = ((memUpperKb & 0xffff0000) | 0x511) >>> 0;
  cpu.gpr[Reg.EDI] = 0x1000;
  cpu.gpr[Reg.ESP] = QEMU_ENTRY_ESP;
  cpu.eip = boot.entry >>> 0;
  cpu.flags.value = QEMU_ENTRY_EFLAGS;
  cpu.mmu.cr0 = 0x00000011; // PE and ET
  cpu.mmu.cr3 = 0;
  cpu.mmu.cr4 = 0;
  cpu.mmu.flushAll();
  cpu.gdtr.base = QEMU_GDT_ADDRESS;
  cpu.gdtr.limit = GDT.length * 8 - 1;
  cpu.idtr.base = 0;
  cpu.idtr.limit = 0x3ff;
  const flat = Ar.Present | Ar.S | Ar.Big | Ar.Granularity | Ar.Accessed;
  for (const s of cpu.segs) {
    s.selector = DATA_SELECTOR;
    s.base = 0;
    s.limit = 0xffffffff;
    s.ar = flat | Ar.ReadWrite;
  }
  const cs = cpu.segs[Seg.CS];
  cs.selector = CODE_SELECTOR;
  cs.ar = flat | Ar.Code | Ar.ReadWrite;
  cpu.cpl = 0;
  cpu.halted = false;
  cpu.interruptShadow = false;
}

/** The GDT lives in the option ROM's page, which SeaBIOS leaves read-only. */
function mapGdt(pc: Pc): void {
  const pageBase = QEMU_GDT_ADDRESS & ~0xfff;
  const page = new Uint8Array(0x1000);
  const view = new DataView(page.buffer);
  GDT.forEach(([lo, hi], i) => {
    view.setUint32(QEMU_GDT_ADDRESS - pageBase + i * 8, lo, true);
    view.setUint32(QEMU_GDT_ADDRESS - pageBase + i * 8 + 4, hi, true);
  });
  pc.memory.mapRom(pageBase, page);
}

/** What SeaBIOS programs before the option ROM runs: the PICs, the PIT, the keyboard controller. */
function setupDevicesAsSeaBios(pc: Pc): void {
  const out = (port: number, value: number) => pc.io.write(port, 1, value);
  // PICs: ICW1 (edge, cascade, ICW4), ICW2 vector base, ICW3 cascade on IRQ 2, ICW4 8086 mode.
  out(0x20, 0x11);
  out(0x21, 0x08);
  out(0x21, 0x04);
  out(0x21, 0x01);
  out(0xa0, 0x11);
  out(0xa1, 0x70);
  out(0xa1, 0x02);
  out(0xa1, 0x01);
  out(0x21, 0xb8);
  out(0xa1, 0x8e);
  // PIT channel 0: mode 2, lobyte then hibyte, count 0 = 65536 (18.2 Hz).
  out(0x43, 0x34);
  out(0x40, 0x00);
  out(0x40, 0x00);
  // i8042 command byte: keyboard interrupt on, mouse off, scan-code translation.
  out(0x64, 0x60);
  out(0x60, 0x61);
  out(0x64, 0xae); // enable the keyboard interface: the last write was a command, as SeaBIOS leaves it
  // COM1: OUT2 set in the modem control register (QEMU's reset value; the IRQ gate on PCs).
  out(0x3fc, 0x08);
  pc.memory.a20Enabled = true;
}

/** The BIOS data area fields a kernel may look at: EBDA segment, equipment, base memory. */
function writeBiosDataArea(pc: Pc): void {
  const bda = new Uint8Array(0x20);
  const v = new DataView(bda.buffer);
  v.setUint16(0x0e, 0x9fc0, true); // 40:0E EBDA segment
  v.setUint16(0x10, 0x4227, true); // 40:10 equipment word (as SeaBIOS reports it)
  v.setUint16(0x13, 639, true); // 40:13 base memory in KiB
  pc.memory.poke(0x400, bda);
}
