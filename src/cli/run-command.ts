// `ringside run PROGRAM [options]`: boots a guest and runs it to completion. Parses the flags,
// prints the guest's bytes as they come and one line on stderr for every ending that is not
// the guest's own debug exit; the machine itself is src/machine/session.ts.

import * as fs from 'node:fs';
import { formatDiagnostic } from '../asm/diagnostics';
import { AUTO_BOOT_RULE, BootMode } from '../machine/boot/detect';
import { ImageError } from '../machine/boot/image-error';
import { AssemblyFailed, loadProgram } from '../machine/boot/program';
import { EXIT_STATUS, exitStatusOf, GuestSession, MAX_MEMORY_MB, MIN_MEMORY_MB } from '../machine/session';
import { takeAssemblerOption } from './assembler-options';
import { StdoutSink } from './stdout-sink';

export const RUN_USAGE = `usage: ringside run PROGRAM [options]
  PROGRAM is NASM-syntax source (.asm, assembled first), a flat binary or an ELF32 file.

  --boot MODE        auto (default), multiboot, rom or bios
                       multiboot  Multiboot v1 kernel (a.out kludge or ELF32), entered in 32-bit
                                  protected mode as qemu-system-i386 -kernel enters it
                       rom        firmware image up to 256 KiB at the top of the first MiB and of
                                  4 GiB, started at the reset vector F000:FFF0 in real mode
                       bios       the virtual BIOS boots the disk (--disk, or PROGRAM itself)
                       auto       ${AUTO_BOOT_RULE}
  --disk IMAGE       disk 80h for the BIOS (raw 512-byte sectors; writes stay in memory)
  --monitor MODE     native (default), trap, bt, pv, vtx or auto (= native for now)
  --mmu MODE         shadow or ept (with a monitor)
  --mem MB           guest RAM, ${MIN_MEMORY_MB} to ${MAX_MEMORY_MB} MiB (default 32)
  --max-instructions N
                     stop after N instructions of virtual time (time halted counts too)
  --stats FILE       write statistics as JSON (instructions, elapsedSeconds, mips, exits,
                     hypercalls, tc, shadow, postCodes, exit)
  -I DIR             include directory for an .asm PROGRAM (repeatable)
  -D NAME[=VALUE]    define a macro for an .asm PROGRAM (repeatable)

  Bytes written to port 0xE9 and to COM1 (0x3F8) go to standard output.

exit status:
  odd              the guest wrote V to port 0xF4 (isa-debug-exit): (V << 1) | 1, masked to 8 bits
  ${EXIT_STATUS.usage}                bad usage, unreadable or unbootable image, assembly errors
                   (file:line:col: error: ...), a monitor mode not implemented yet
  ${EXIT_STATUS.tripleFault}                triple fault (the CPU shut down; stderr says which faults)
  ${EXIT_STATUS.halted}                HLT with interrupts disabled (or nothing left to wake the CPU)
  ${EXIT_STATUS.limit}                --max-instructions reached
  ${EXIT_STATUS.reset}               the guest reset the machine (no reboot, as QEMU -no-reboot)
`;

const BOOT_MODES = ['auto', 'multiboot', 'rom', 'bios'] as const;
const MONITORS = ['native', 'trap', 'bt', 'pv', 'vtx', 'auto'] as const;
const MMUS = ['shadow', 'ept'] as const;

interface RunArgs {
  program: string;
  boot: BootMode | 'auto';
  disk?: string;
  monitor: (typeof MONITORS)[number];
  mmu?: (typeof MMUS)[number];
  memoryMB: number;
  maxInstructions: number;
  stats?: string;
  includePaths: string[];
  defines: Record<string, string>;
}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | string {
  if (value === undefined) return `option ${name} needs a value (${allowed.join(', ')})`;
  return (allowed as readonly string[]).includes(value) ? (value as T) : `${name} must be one of ${allowed.join(', ')}, not '${value}'`;
}

function parseRunArgs(argv: string[]): RunArgs | string {
  const args: Partial<RunArgs> & { includePaths: string[]; defines: Record<string, string> } = {
    boot: 'auto',
    monitor: 'native',
    memoryMB: 32,
    maxInstructions: Infinity,
    includePaths: [],
    defines: {},
  };
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    let value: string | undefined;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    if (eq > 0) {
      value = a.slice(eq + 1);
      a = a.slice(0, eq);
    }
    const take = () => value ?? argv[++i];
    switch (a) {
      case '--boot': {
        const v = oneOf('--boot', take(), BOOT_MODES);
        if (!BOOT_MODES.includes(v as never)) return v;
        args.boot = v as RunArgs['boot'];
        break;
      }
      case '--monitor': {
        const v = oneOf('--monitor', take(), MONITORS);
        if (!MONITORS.includes(v as never)) return v;
        args.monitor = v as RunArgs['monitor'];
        break;
      }
      case '--mmu': {
        const v = oneOf('--mmu', take(), MMUS);
        if (!MMUS.includes(v as never)) return v;
        args.mmu = v as RunArgs['mmu'];
        break;
      }
      case '--disk':
      case '--stats': {
        const v = take();
        if (v === undefined || v === '') return `option ${a} needs a file name`;
        if (a === '--disk') args.disk = v;
        else args.stats = v;
        break;
      }
      case '--mem': {
        const v = take();
        const n = v !== undefined && /^\d+$/.test(v) ? Number(v) : NaN;
        if (!(n >= MIN_MEMORY_MB && n <= MAX_MEMORY_MB)) return `--mem must be a whole number of MiB from ${MIN_MEMORY_MB} to ${MAX_MEMORY_MB}, not '${v ?? ''}'`;
        args.memoryMB = n;
        break;
      }
      case '--max-instructions': {
        const v = take();
        const n = v !== undefined && /^\d+$/.test(v.replace(/_/g, '')) ? Number(v.replace(/_/g, '')) : NaN;
        if (!(n >= 1 && Number.isSafeInteger(n))) return `--max-instructions must be a positive whole number, not '${v ?? ''}'`;
        args.maxInstructions = n;
        break;
      }
      default: {
        const taken = takeAssemblerOption(argv, i, args);
        if (typeof taken === 'string') return taken;
        if (taken !== undefined) {
          i = taken;
        } else if (a.startsWith('-') && a !== '-') {
          return `unknown option '${a}'`;
        } else if (args.program === undefined) {
          args.program = a;
        } else {
          return `more than one program ('${args.program}', '${a}')`;
        }
      }
    }
  }
  if (args.program === undefined) return 'no program given';
  return args as RunArgs;
}

export function runCommand(argv: string[]): number {
  if (argv.includes('-h') || argv.includes('--help')) {
    process.stdout.write(RUN_USAGE);
    return 0;
  }
  const fail = (message: string) => {
    process.stderr.write(`ringside run: ${message}\n`);
    return EXIT_STATUS.usage;
  };
  const args = parseRunArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`ringside run: ${args}\n${RUN_USAGE}`);
    return EXIT_STATUS.usage;
  }
  if (args.monitor !== 'native' && args.monitor !== 'auto') {
    return fail(`--monitor ${args.monitor} is not implemented yet (only native runs today)`);
  }
  if (args.mmu !== undefined) return fail(`--mmu ${args.mmu} is not implemented yet (it needs a monitor; native runs use the guest's own paging)`);

  const out = new StdoutSink();
  let session: GuestSession;
  try {
    const program = loadProgram(args.program, { includePaths: args.includePaths, defines: args.defines });
    for (const d of program.diagnostics) process.stderr.write(formatDiagnostic(d) + '\n');
    let disk: Uint8Array | undefined;
    if (args.disk !== undefined) {
      disk = args.disk === args.program ? program.bytes : diskImage(args.disk);
    }
    session = new GuestSession(program, { boot: args.boot, memoryMB: args.memoryMB, disk, output: out });
  } catch (e) {
    if (e instanceof AssemblyFailed) {
      for (const d of e.diagnostics) process.stderr.write(formatDiagnostic(d) + '\n');
      return EXIT_STATUS.usage;
    }
    if (e instanceof ImageError || e instanceof RangeError) return fail((e as Error).message);
    throw e;
  }

  let stop;
  try {
    stop = session.runToStop({ maxInstructions: args.maxInstructions, onSlice: () => out.flush() });
  } finally {
    out.flush();
  }
  if (stop.kind !== 'debug-exit') process.stderr.write(`ringside run: ${stop.message}\n`);
  if (args.stats !== undefined) {
    try {
      fs.writeFileSync(args.stats, JSON.stringify(session.statistics(stop), null, 2) + '\n');
    } catch (e) {
      process.stderr.write(`ringside run: cannot write '${args.stats}': ${(e as Error).message}\n`);
    }
  }
  return exitStatusOf(stop);
}

function diskImage(file: string): Uint8Array {
  if (/\.(asm|nasm|s)$/i.test(file)) return loadProgram(file).bytes;
  try {
    return new Uint8Array(fs.readFileSync(file));
  } catch (e) {
    throw new ImageError(`cannot read disk image '${file}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
