// The one place that says how guests run under QEMU, the reference machine of the
// differential tests (test/guests.test.ts and, later, the machine's own differential test).
//
// The command line is the one issue 3 names, with two additions:
//  - `-cpu pentium2`: QEMU's default for qemu-system-i386 (qemu32) would do for most guests,
//    but pentium2 states plainly what the guests use beyond the 486: CPUID, PSE (4 MiB
//    pages), PGE (global pages), CMOV, CMPXCHG8B, TSC, VME in CR4. Guests never print
//    CPUID's vendor or feature words, so ringside's own CPUID identity may differ.
//  - port 0xE9 (isa-debugcon) and COM1 (the 16550's -serial) share ONE multiplexed stdio
//    chardev, so their bytes arrive on standard output interleaved in the order the guest
//    wrote them. `bin/ringside run` sends both to standard output too, so the streams
//    compare byte for byte. (Plain `-debugcon stdio` alone would drop serial output.)
// The exit status is (V << 1) | 1 when the guest writes V to port 0xF4.

import * as fs from 'node:fs';
import { CapturedRun, runCaptured } from './spawn-capture';

export const QEMU = 'qemu-system-i386';
export const QEMU_CPU = 'pentium2';

export interface QemuBoot {
  /** A Multiboot v1 kernel, booted with -kernel (entered in 32-bit protected mode). */
  kernel?: string;
  /** A firmware image (64 KiB or more, reset vector in its last 16 bytes), booted with -bios. */
  bios?: string;
  /** A raw disk image attached as the first IDE disk. */
  disk?: string;
  /** Guest RAM in MiB (default 32). */
  memoryMB?: number;
}

/** The argv (without the program name) that runs a guest under QEMU. */
export function qemuArgs(boot: QemuBoot): string[] {
  const args = [
    '-accel', 'tcg',
    '-cpu', QEMU_CPU,
    '-m', String(boot.memoryMB ?? 32),
    '-display', 'none',
    '-no-reboot',
    '-monitor', 'none',
    '-chardev', 'stdio,id=out,mux=on',
    '-device', 'isa-debugcon,iobase=0xe9,chardev=out',
    '-serial', 'chardev:out',
    '-device', 'isa-debug-exit,iobase=0xf4,iosize=4',
  ];
  if (boot.kernel) args.push('-kernel', boot.kernel);
  if (boot.bios) args.push('-bios', boot.bios);
  if (boot.disk) args.push('-drive', `file=${boot.disk},format=raw,if=ide,index=0`);
  return args;
}

/** A QEMU run: stdout holds the guest's port 0xE9 and COM1 bytes; the status is (V << 1) | 1. */
export type QemuResult = CapturedRun;

/** Runs one guest under QEMU; a guest that does not exit within `timeoutMs` is killed. */
export function runQemu(boot: QemuBoot, timeoutMs = 10_000): Promise<QemuResult> {
  return runCaptured(QEMU, qemuArgs(boot), timeoutMs);
}

// ---- Expectation files (test/guests/NAME.expected, .sdm-expected, .ringside-expected) ----
// The exact bytes printed, then one trailer line `-- exit status: N` (`none` if killed).

export interface Expectation {
  stdout: Buffer;
  status: number | null;
}

const TRAILER = /-- exit status: (\d+|none)\n$/;

export function parseExpected(file: string): Expectation {
  const bytes = fs.readFileSync(file);
  const m = TRAILER.exec(bytes.toString('latin1'));
  if (!m) throw new Error(`${file}: no '-- exit status: N' trailer line`);
  return { stdout: bytes.subarray(0, m.index), status: m[1] === 'none' ? null : Number(m[1]) };
}

export function formatExpected(e: Expectation): Buffer {
  return Buffer.concat([e.stdout, Buffer.from(`-- exit status: ${e.status ?? 'none'}\n`)]);
}
