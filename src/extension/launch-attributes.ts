// The launch attributes of the `ringside` debug type (fixed by the interface contract), their
// allowed values and defaults, and the check that a configuration is usable before an adapter is
// started. package.json's configurationAttributes schema says the same for the editor; the
// extension-host tests check that the two agree.

export const DEBUG_TYPE = 'ringside';

export const BOOT_MODES = ['auto', 'multiboot', 'rom', 'bios'] as const;
export const MONITORS = ['native', 'trap', 'bt', 'pv', 'vtx', 'auto'] as const;
export const MMUS = ['shadow', 'ept'] as const;

export interface RingsideLaunch {
  type: typeof DEBUG_TYPE;
  request: 'launch';
  name: string;
  program: string;
  boot?: (typeof BOOT_MODES)[number];
  monitor?: (typeof MONITORS)[number];
  mmu?: (typeof MMUS)[number];
  memoryMB?: number;
  stopOnEntry?: boolean;
  /** The Multiboot command line. */
  args?: string | string[];
  /** Checkpoint budget for reverse execution, MiB. */
  historyMB?: number;
}

export const MAX_MEMORY_MB = 3072;

function oneOf(attribute: string, value: unknown, allowed: readonly string[]): string | undefined {
  if (value === undefined || (typeof value === 'string' && allowed.includes(value))) return undefined;
  return `unknown ${attribute} ${JSON.stringify(value)}: use one of ${allowed.join(', ')}`;
}

/** What is wrong with a launch configuration's attributes (after variable substitution). */
export function launchProblems(config: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const program = config.program;
  if (program === undefined || program === null || program === '') {
    problems.push('the launch configuration has no "program": set it to the guest to run (a .asm file, a flat binary or an ELF32 kernel), for example "${file}"');
  } else if (typeof program !== 'string') {
    problems.push('"program" must be a path to the guest');
  }
  for (const p of [oneOf('boot', config.boot, BOOT_MODES), oneOf('monitor', config.monitor, MONITORS), oneOf('mmu', config.mmu, MMUS)]) {
    if (p) problems.push(p);
  }
  const mem = config.memoryMB;
  if (mem !== undefined && !(typeof mem === 'number' && Number.isInteger(mem) && mem >= 1 && mem <= MAX_MEMORY_MB)) {
    problems.push(`"memoryMB" must be a whole number of MiB from 1 to ${MAX_MEMORY_MB}, not ${JSON.stringify(mem)}`);
  }
  if (config.stopOnEntry !== undefined && typeof config.stopOnEntry !== 'boolean') {
    problems.push('"stopOnEntry" must be true or false');
  }
  const args = config.args;
  if (args !== undefined && typeof args !== 'string' && !(Array.isArray(args) && args.every((a) => typeof a === 'string'))) {
    problems.push('"args" must be the kernel command line: a string or an array of strings');
  }
  const history = config.historyMB;
  if (history !== undefined && !(typeof history === 'number' && history >= 0)) {
    problems.push(`"historyMB" must be a number of MiB, 0 or more (0 turns reverse execution off), not ${JSON.stringify(history)}`);
  }
  return problems;
}
