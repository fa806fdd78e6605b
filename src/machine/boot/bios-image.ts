// The project's virtual BIOS (src/machine/bios/bios.asm), assembled with our own assembler the
// first time a run needs it and kept for the rest of the process. The source is found by
// walking up from this module, so it works from out/ (tests) and from dist/cli.js alike.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { assemble } from '../../asm/assembler';
import { formatDiagnostic } from '../../asm/diagnostics';
import { ImageError } from './image-error';

const BIOS_SOURCE = path.join('src', 'machine', 'bios', 'bios.asm');

let cached: Uint8Array | undefined;

/** Where bios.asm is: the first ancestor of this module's directory that holds it. */
export function biosSourcePath(from = __dirname): string | undefined {
  let dir = from;
  for (let i = 0; i < 8; i++) {
    const candidate = path.join(dir, BIOS_SOURCE);
    if (fs.existsSync(candidate)) return candidate;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/** The BIOS image (64 KiB), assembled once per process. */
export function biosImage(): Uint8Array {
  if (cached !== undefined) return cached;
  const source = biosSourcePath();
  if (source === undefined) throw new ImageError(`cannot find the virtual BIOS (${BIOS_SOURCE}) near ${__dirname}`);
  const result = assemble({ path: source });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    throw new ImageError(`the virtual BIOS does not assemble:\n${errors.slice(0, 5).map(formatDiagnostic).join('\n')}`);
  }
  cached = result.bytes;
  return cached;
}
