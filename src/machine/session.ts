// A guest on the PC: the composition that `ringside run` and the debug adapter share.
//
//   const program = loadProgram('kernel.asm');                 // boot/program.ts
//   const session = new GuestSession(program, { boot: 'auto', memoryMB: 32, output });
//   const stop = session.runToStop({ maxInstructions: 1e9 });  // or session.run(n) in slices
//   session.statistics(stop);
//
// It builds the Pc and its PcProcessor, boots the program the chosen way (Multiboot as QEMU's
// -kernel does, a ROM at the reset vector, or the virtual BIOS with a disk), and turns the
// machine's reasons for stopping into one `GuestStop`. Monitors plug in here later.

import { Pc, RunResult } from './pc';
import { OutputSink } from './output';
import { PcProcessor, STOP_HALTED, STOP_IDLE } from './cpu/processor';
import { Cpu } from './cpu/cpu';
import { BootDisk, DISK_PORT_BASE, DISK_PORT_COUNT } from './devices/boot-disk';
import { biosImage } from './boot/bios-image';
import { BootMode, detectBootMode } from './boot/detect';
import { mapFirmware } from './boot/firmware';
import { ImageError } from './boot/image-error';
import { multibootMemUpperKb, prepareMultiboot } from './boot/multiboot';
import { enterMultiboot } from './boot/multiboot-entry';
import { GuestProgram, GuestSymbol } from './boot/program';

export const MIN_MEMORY_MB = 1;
export const MAX_MEMORY_MB = 3072;

export interface SessionOptions {
  /** How to boot; 'auto' (the default) decides from the image (boot/detect.ts). */
  boot?: BootMode | 'auto';
  memoryMB?: number;
  /** The disk image for --boot bios (disk 80h); without it the program itself is the disk. */
  disk?: Uint8Array;
  /** The Multiboot command line (QEMU passes the kernel's file name and a space). */
  cmdline?: string;
  output?: OutputSink;
}

/** Why a run stopped. `limit` is the only one after which running on makes sense. */
export type GuestStop =
  /** `status` is (V << 1) | 1 for the value V the guest wrote to port 0xF4 (QEMU's isa-debug-exit). */
  | { kind: 'debug-exit'; value: number; status: number; message: string }
  | { kind: 'triple-fault'; message: string }
  | { kind: 'halted'; message: string }
  | { kind: 'reset'; message: string }
  | { kind: 'limit'; message: string };

export interface RunStatistics {
  instructions: number;
  elapsedSeconds: number;
  mips: number;
  /** VM exits by reason short name (native mode: none). */
  exits: Record<string, number>;
  hypercalls: Record<string, number>;
  tc: { blocks: number; hits: number; misses: number; invalidations: number };
  shadow: { hiddenFaults: number; trueFaults: number };
  postCodes: number[];
  boot: BootMode;
  monitor: 'native';
  memoryMB: number;
  exit: { reason: GuestStop['kind']; message: string; status: number };
}

export class GuestSession {
  readonly pc: Pc;
  readonly processor: PcProcessor;
  readonly boot: BootMode;
  readonly memoryMB: number;
  /** The BIOS's disk (bios boot only). */
  readonly disk: BootDisk | undefined;
  /** Symbols for the debugger: the assembler's labels or the ELF symbol table. */
  readonly symbols: GuestSymbol[];
  /** Host time spent in run(), in seconds. */
  elapsedSeconds = 0;

  constructor(readonly program: GuestProgram, options: SessionOptions = {}) {
    const memoryMB = options.memoryMB ?? 32;
    if (!Number.isInteger(memoryMB) || memoryMB < MIN_MEMORY_MB || memoryMB > MAX_MEMORY_MB) {
      throw new RangeError(`memory must be ${MIN_MEMORY_MB} to ${MAX_MEMORY_MB} MiB, not ${memoryMB}`);
    }
    this.memoryMB = memoryMB;
    const requested = options.boot ?? 'auto';
    this.boot = requested === 'auto' ? detectBootMode(program.bytes, options.disk !== undefined) : requested;
    this.pc = new Pc({ memoryMB, output: options.output });
    this.processor = new PcProcessor(this.pc);
    this.symbols = program.symbols;

    switch (this.boot) {
      case 'multiboot': {
        const memoryBytes = memoryMB * 1024 * 1024;
        const boot = prepareMultiboot(program.bytes, { memoryBytes, cmdline: options.cmdline ?? `${program.path} ` });
        enterMultiboot(this.pc, this.cpu, boot, multibootMemUpperKb(memoryBytes));
        if (boot.symbols.length > 0 && this.symbols.length === 0) {
          this.symbols = boot.symbols.map((s) => ({ name: s.name, value: s.value, size: s.size }));
        }
        break;
      }
      case 'rom':
        mapFirmware(this.pc, program.bytes);
        this.processor.reset();
        break;
      case 'bios': {
        const disk = options.disk ?? program.bytes;
        if (disk.length === 0) throw new ImageError('the disk image is empty');
        mapFirmware(this.pc, biosImage());
        this.disk = new BootDisk(disk);
        this.pc.io.register(DISK_PORT_BASE, DISK_PORT_COUNT, this.disk);
        this.processor.reset();
        break;
      }
    }
  }

  get cpu(): Cpu {
    return this.processor.cpu;
  }

  /** Instructions executed so far (faulting ones included). */
  get instructions(): number {
    return this.cpu.instructions;
  }

  /**
   * Runs for at most `maxInstructions` slots of virtual time (instructions, and time spent
   * halted waiting for an interrupt), or until the guest stops.
   */
  run(maxInstructions = Infinity): GuestStop {
    const started = process.hrtime.bigint();
    try {
      return this.translate(this.pc.run(maxInstructions));
    } finally {
      this.elapsedSeconds += Number(process.hrtime.bigint() - started) / 1e9;
    }
  }

  /**
   * Runs until the guest stops or `maxInstructions` in all have passed, in slices of
   * `sliceInstructions`, calling `onSlice` between them (to flush output, to poll for a pause).
   */
  runToStop(options: { maxInstructions?: number; sliceInstructions?: number; onSlice?: () => void } = {}): GuestStop {
    const limit = this.pc.clock.now + (options.maxInstructions ?? Infinity);
    const slice = options.sliceInstructions ?? 5_000_000;
    for (;;) {
      const left = limit - this.pc.clock.now;
      const stop = this.run(Math.min(left, slice));
      options.onSlice?.();
      if (stop.kind !== 'limit' || this.pc.clock.now >= limit) {
        return stop.kind === 'limit' ? { kind: 'limit', message: `instruction limit reached (${options.maxInstructions} instructions)` } : stop;
      }
    }
  }

  statistics(stop: GuestStop): RunStatistics {
    const instructions = this.instructions;
    const seconds = this.elapsedSeconds;
    return {
      instructions,
      elapsedSeconds: Number(seconds.toFixed(6)),
      mips: seconds > 0 ? Number((instructions / seconds / 1e6).toFixed(3)) : 0,
      exits: {},
      hypercalls: {},
      tc: { blocks: 0, hits: 0, misses: 0, invalidations: 0 },
      shadow: { hiddenFaults: 0, trueFaults: 0 },
      postCodes: [...this.pc.post.codes],
      boot: this.boot,
      monitor: 'native',
      memoryMB: this.memoryMB,
      exit: { reason: stop.kind, message: stop.message, status: exitStatusOf(stop) },
    };
  }

  private translate(r: RunResult): GuestStop {
    switch (r.reason) {
      case 'limit':
        return { kind: 'limit', message: 'instruction limit reached' };
      case 'exit':
        if (r.request.kind === 'reset') {
          return { kind: 'reset', message: 'the guest reset the machine (ringside does not reboot, as QEMU with -no-reboot)' };
        }
        {
          const value = Math.floor(r.request.code / 2);
          return { kind: 'debug-exit', value, status: r.request.code, message: `debug exit: 0x${value.toString(16)} written to port 0xF4` };
        }
      case 'cpu':
        if (r.detail === STOP_HALTED || r.detail === STOP_IDLE) {
          return { kind: 'halted', message: `${r.detail} at ${this.where()}` };
        }
        return { kind: 'triple-fault', message: `${r.detail} (at ${this.where()})` };
    }
  }

  /** CS:EIP now, with the nearest symbol at or below the linear address when there is one. */
  where(): string {
    const cs = this.cpu.segs[1];
    const linear = (cs.base + this.cpu.eip) >>> 0;
    const hex = (n: number, w: number) => n.toString(16).toUpperCase().padStart(w, '0');
    let near = '';
    let best: GuestSymbol | undefined;
    for (const s of this.symbols) if (s.value <= linear && (best === undefined || s.value > best.value)) best = s;
    if (best !== undefined && linear - best.value < 0x10000) near = ` (${best.name}${linear > best.value ? `+0x${(linear - best.value).toString(16)}` : ''})`;
    return `${hex(cs.selector, 4)}:${hex(this.cpu.eip, 8)}${near}`;
  }
}

/** The process exit status `ringside run` gives each way a run ends (documented in its usage). */
export const EXIT_STATUS = {
  usage: 2,
  tripleFault: 4,
  halted: 6,
  limit: 8,
  reset: 10,
} as const;

export function exitStatusOf(stop: GuestStop): number {
  switch (stop.kind) {
    case 'debug-exit':
      return stop.status % 256;
    case 'triple-fault':
      return EXIT_STATUS.tripleFault;
    case 'halted':
      return EXIT_STATUS.halted;
    case 'limit':
      return EXIT_STATUS.limit;
    case 'reset':
      return EXIT_STATUS.reset;
  }
}
