// Where the program's own addresses (the assembler's, from ORG) are in the guest's linear
// address space. A kernel or boot sector runs where it was assembled to run. A ROM image is
// placed so that it ends at the top of the first MiB and again at the top of 4 GiB (the CPU
// starts at FFFFFFF0), whatever its ORG: each of its addresses has those two linear aliases.

import type { GuestSession } from '../../src/machine/session';

export type Placement = (address: number) => number[];

export function placementOf(session: GuestSession): Placement {
  const table = session.program.lineTable;
  if (session.boot !== 'rom' || table.length === 0) return (a) => [a >>> 0];
  const origin = Math.min(...table.map((e) => e.address));
  const low = 0x100000 - session.program.bytes.length - origin;
  return (a) => [(a + low) >>> 0, (a + low + 0xfff00000) >>> 0];
}
