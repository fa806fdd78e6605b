// `ringside asm IN.asm [-o OUT] [-D NAME[=VALUE]] [-I DIR]`: assemble to a flat binary.

import * as fs from 'node:fs';
import { takeAssemblerOption } from './assembler-options';
import { assemble } from '../asm/assembler';
import { formatDiagnostic } from '../asm/diagnostics';

export const ASM_USAGE = `usage: ringside asm IN.asm [-o OUT.bin] [-D NAME[=VALUE]]... [-I DIR]...
  -o OUT        output file (default: IN without its extension, as nasm -f bin does)
  -D NAME[=V]   define a single-line macro, as %define NAME V
  -I DIR        also look for %include and incbin files in DIR
`;

interface AsmArgs {
  input: string;
  output: string;
  defines: Record<string, string>;
  includePaths: string[];
}

function parseArgs(argv: string[]): AsmArgs | string {
  let input: string | undefined;
  let output: string | undefined;
  const defines: Record<string, string> = {};
  const includePaths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('-o')) output = a.length > 2 ? a.slice(2) : argv[++i];
    else {
      const taken = takeAssemblerOption(argv, i, { defines, includePaths });
      if (typeof taken === 'string') return taken;
      if (taken !== undefined) i = taken;
      else if (a.startsWith('-') && a !== '-') return `unknown option '${a}'`;
      else if (input === undefined) input = a;
      else return `more than one input file ('${input}', '${a}')`;
    }
  }
  if (input === undefined) return 'no input file';
  if (output === undefined) {
    output = input.replace(/\.[^./\\]*$/, '');
    if (output === input) output = `${input}.bin`;
  }
  return { input, output, defines, includePaths };
}

export function asmCommand(argv: string[]): number {
  if (argv.includes('-h') || argv.includes('--help')) {
    process.stdout.write(ASM_USAGE);
    return 0;
  }
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`ringside asm: ${args}\n${ASM_USAGE}`);
    return 2;
  }
  const result = assemble({ path: args.input }, { defines: args.defines, includePaths: args.includePaths });
  let errors = 0;
  for (const d of result.diagnostics) {
    if (d.severity === 'error') errors++;
    process.stderr.write(formatDiagnostic(d) + '\n');
  }
  if (errors > 0) return 1;
  try {
    fs.writeFileSync(args.output, result.bytes);
  } catch (e) {
    process.stderr.write(`ringside asm: cannot write '${args.output}': ${(e as Error).message}\n`);
    return 1;
  }
  return 0;
}
