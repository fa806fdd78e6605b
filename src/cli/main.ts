// The `ringside` command line: dispatches to the subcommands.

const USAGE = `usage: ringside <command> [options]

commands:
  asm IN.asm -o OUT.bin     assemble NASM-syntax source to a flat binary
`;

export async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  switch (command) {
    case undefined:
    case '-h':
    case '--help':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`ringside: unknown command '${command}'\n${USAGE}`);
      return 2;
  }
}
