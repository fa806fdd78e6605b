// The one place the debugger makes a machine: the program loaded (assembled when it is .asm)
// and booted by the same GuestSession that `ringside run` uses.

import { loadProgram } from '../../src/machine/boot/program';
import { BootMode } from '../../src/machine/boot/detect';
import { GuestSession } from '../../src/machine/session';
import { OutputSink } from '../../src/machine/output';

export const MONITORS = ['native', 'trap', 'bt', 'pv', 'vtx', 'auto'] as const;
export const MMUS = ['shadow', 'ept'] as const;
export const BOOTS = ['auto', 'multiboot', 'rom', 'bios'] as const;

export interface MachineOptions {
  program: string;
  boot?: BootMode | 'auto';
  monitor?: string;
  mmu?: string;
  memoryMB?: number;
  /** The kernel command line (Multiboot); as QEMU does, the guest sees it after the kernel's path. */
  args?: string;
  output: OutputSink;
}

/** A launch the debugger cannot honour; the message is shown to the user as it is. */
export class LaunchError extends Error {
  override name = 'LaunchError';
}

export function createMachine(options: MachineOptions): GuestSession {
  const monitor = options.monitor ?? 'native';
  if (!(MONITORS as readonly string[]).includes(monitor)) {
    throw new LaunchError(`unknown monitor '${monitor}': use one of ${MONITORS.join(', ')}`);
  }
  if (monitor !== 'native' && monitor !== 'auto') {
    throw new LaunchError(`the '${monitor}' monitor is not available yet: only "monitor": "native" runs for now`);
  }
  if (options.mmu !== undefined && !(MMUS as readonly string[]).includes(options.mmu)) {
    throw new LaunchError(`unknown mmu '${options.mmu}': use one of ${MMUS.join(', ')}`);
  }
  if (options.boot !== undefined && !(BOOTS as readonly string[]).includes(options.boot)) {
    throw new LaunchError(`unknown boot mode '${options.boot}': use one of ${BOOTS.join(', ')}`);
  }
  const program = loadProgram(options.program);
  return new GuestSession(program, {
    boot: options.boot ?? 'auto',
    memoryMB: options.memoryMB,
    cmdline: options.args === undefined ? undefined : `${program.path} ${options.args}`,
    output: options.output,
  });
}
