// The `ringside` command line: dispatches to the subcommands.

import { asmCommand } from './asm-command';
import { dapCommand } from './dap-command';
import { runCommand } from './run-command';

const USAGE = `usage: ringside <command> [options]

commands:
  asm IN.asm [-o OUT.bin] [-D NAME[=VALUE]] [-I DIR]
                            assemble NASM-syntax source to a flat binary
                            (see ringside asm --help)
  run PROGRAM [--boot auto|multiboot|rom|bios] [--disk IMAGE] [--mem MB]
      [--monitor MODE] [--mmu MODE] [--max-instructions N] [--stats FILE]
                            run a guest; its port 0xE9 and COM1 output on stdout
                            (see ringside run --help)
  dap [--server=PORT]       the debug adapter (DAP on stdin/stdout, or on 127.0.0.1:PORT)
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      case 'asm':
        return asmCommand(rest);
      case 'run':
        return runCommand(rest);
      case 'dap':
        return dapCommand(rest);
      default:
        process.stderr.write(`ringside: unknown command '${command}'\n${USAGE}`);
        return 2;
    }
  } catch (e) {
    process.stderr.write(`ringside: internal error: ${(e as Error).message}\n`);
    return 70;
  }
}
