// Runs a few lines of 32-bit assembly on a protected-mode machine (flat ring-0 segments, the
// GDT/IDT/TSS of protected-machine.ts) until HLT, and hands back the CPU to look at.

import assert from 'node:assert/strict';
import { assemble } from '../../src/asm/assembler';
import { Cpu } from '../../src/machine/cpu/cpu';
import { Seg } from '../../src/machine/cpu/state';
import { FlatBus } from './flat-bus';
import { protectedMachine, KCODE, KDATA } from './protected-machine';

export const CODE = 0x7000;

export function assembleAt(source: string, origin: number, bits: 16 | 32 = 32): Uint8Array {
  const result = assemble({ path: 'snippet.asm', text: `bits ${bits}\norg ${origin}\n${source}\n` });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors.map((e) => `${e.line}: ${e.message}`), [], 'the snippet assembles');
  return result.bytes;
}

/** Where the test machine's #GP handler (an interrupt gate to ring 0) starts: it halts. */
export const GP_HANDLER = 0x4000;

/**
 * Assembles `source` at CODE, appends HLT, and runs until halted (or `limit` steps): at CPL 0,
 * or with `user` at CPL 3, where the final HLT (or any earlier #GP) ends in the #GP handler.
 */
export function run(source: string, setup?: (cpu: Cpu, bus: FlatBus) => void, options: { user?: boolean; limit?: number } = {}): { cpu: Cpu; bus: FlatBus } {
  const { cpu, bus } = protectedMachine();
  if (!options.user) {
    cpu.cpl = 0;
    cpu.tables.fill(Seg.CS, KCODE, cpu.tables.read(KCODE));
    cpu.tables.loadStack(KDATA);
    for (const s of [Seg.DS, Seg.ES, Seg.FS, Seg.GS] as const) cpu.tables.loadData(s, KDATA);
    cpu.gpr[4] = 0x9000;
    cpu.flags.value = 2;
  }
  cpu.eip = CODE;
  bus.bytes[GP_HANDLER] = 0xf4;
  bus.bytes.set(assembleAt(`${source}\nhlt`, CODE), CODE);
  setup?.(cpu, bus);
  const limit = options.limit ?? 10_000;
  for (let i = 0; i < limit && !cpu.halted; i++) cpu.step();
  assert.ok(cpu.halted, 'the snippet reaches its HLT');
  return { cpu, bus };
}
