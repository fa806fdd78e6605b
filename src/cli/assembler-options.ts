// The assembler's -D NAME[=VALUE] and -I DIR options, shared by `asm` and `run` (which
// assembles an .asm PROGRAM first). Both take their value joined (-DX) or as the next argument.

export interface AssemblerOptions {
  defines: Record<string, string>;
  includePaths: string[];
}

/**
 * Takes argv[i] if it is -D or -I, into `into`: the index of the last argument used, or an
 * error message; undefined when argv[i] is some other argument.
 */
export function takeAssemblerOption(argv: string[], i: number, into: AssemblerOptions): number | string | undefined {
  const a = argv[i];
  if (!a.startsWith('-D') && !a.startsWith('-I')) return undefined;
  const joined = a.length > 2;
  const value = joined ? a.slice(2) : argv[i + 1];
  const used = joined ? i : i + 1;
  if (a.startsWith('-I')) {
    if (value === undefined) return 'option -I needs a directory';
    into.includePaths.push(value);
    return used;
  }
  if (value === undefined || value === '') return 'option -D needs NAME[=VALUE]';
  const eq = value.indexOf('=');
  if (eq < 0) into.defines[value] = '';
  else into.defines[value.slice(0, eq)] = value.slice(eq + 1);
  return used;
}
