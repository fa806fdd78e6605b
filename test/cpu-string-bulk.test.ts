// REP MOVS, STOS and CMPS through the bulk path (src/machine/cpu/exec/string-bulk.ts) against
// the same instructions one element at a time (forced by a data watch, which turns the bulk
// path off): the same registers, flags, EIP, memory and faults (CR2 included) from the same random
// states, with runs that cross pages, reach a not-present page, pass the segment limit, or
// run backwards.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decode } from '../src/arch/decoder';
import { Cpu } from '../src/machine/cpu/cpu';
import { HANDLER_BY_FORM } from '../src/machine/cpu/exec/dispatch';
import { CpuFault } from '../src/machine/cpu/faults';
import { CR0_PG } from '../src/machine/cpu/mmu';
import { Reg, Seg } from '../src/machine/cpu/state';
import { FlatBus } from './support/flat-bus';
import { assembleAt, CODE, run } from './support/snippet';
import { xorshift32 } from './support/xorshift';

const FORMS = ['rep movsb', 'rep movsw', 'rep movsd', 'rep stosb', 'rep stosw', 'rep stosd', 'repe cmpsb', 'repe cmpsd',
  'repne cmpsw', 'repne cmpsd', 'db 0x64\nrep movsd', 'a16 rep movsb'];

const PD = 0x20000;
const PT = 0x21000;
/** Not present once paging is on. */
const HOLE = 0x30000;

/** A machine with, when `paging`, 0-4 MiB identity-mapped but for the page at HOLE. */
function machine(paging: boolean): { cpu: Cpu; bus: FlatBus } {
  const m = run('nop');
  if (paging) {
    m.bus.write32(PD, PT | 3);
    for (let i = 0; i < 1024; i++) m.bus.write32(PT + i * 4, (i << 12) | 3);
    m.bus.write32(PT + (HOLE >>> 12) * 4, 0);
    m.cpu.mmu.cr3 = PD;
    m.cpu.mmu.cr0 = m.cpu.mmu.cr0 | CR0_PG;
  }
  return m;
}

const random = xorshift32;

/** An address near a page boundary in 0x2e000-0x32000 (around the hole). */
const nearBoundary = (next: () => number): number => 0x2f000 + (next() % 3) * 0x1000 - 0x20 + (next() % 0x40);

test('bulk REP MOVS, STOS and CMPS match one element at a time', () => {
  for (const source of FORMS) {
    const bytes = assembleAt(source, CODE);
    const insn = decode((i) => bytes[i] ?? 0, 32);
    const handler = HANDLER_BY_FORM[insn.form!.id]!;
    const next = random(0x1234567 ^ (source.length * 7919));
    for (let t = 0; t < 150; t++) {
      const paging = next() % 2 === 0;
      const a = machine(paging);
      const b = machine(paging);
      b.cpu.debug.setWatch({ access: () => undefined });
      const gpr = Array.from({ length: 8 }, () => next());
      gpr[Reg.ESI] = nearBoundary(next);
      gpr[Reg.EDI] = next() % 4 === 0 ? gpr[Reg.ESI] + (next() % 16) : nearBoundary(next);
      gpr[Reg.ECX] = next() % 8 === 0 ? 2000 + (next() % 2000) : next() % 600;
      gpr[Reg.ESP] = 0x9000;
      const fill = next() % 4;
      const flags = 2 | (next() % 3 === 0 ? 0x400 : 0);
      const esLimit = next() % 4 === 0 ? 0x2f000 + (next() % 0x2000) : undefined;
      const faults: string[] = [];
      for (const m of [a, b]) {
        // Equal blocks at the sources, so that REPE CMPS runs on, with a difference now and then.
        for (let i = 0x2c000; i < 0x34000; i++) m.bus.bytes[i] = fill === 0 ? (i * 13) & 0xff : 0x5a;
        m.bus.bytes[0x30800 + fill] ^= fill;
        m.cpu.gpr.set(gpr);
        m.cpu.flags.value = flags;
        if (esLimit !== undefined) m.cpu.segs[Seg.ES].limit = esLimit;
        m.cpu.eip = CODE + insn.length;
        try {
          handler(m.cpu, insn);
          faults.push('none');
        } catch (e) {
          if (!(e instanceof CpuFault)) throw e;
          faults.push(`vector ${e.vector}, error code ${e.errorCode}, address ${e.address}`);
        }
      }
      const where = `${source}, trial ${t}, paging ${paging}, ESI ${gpr[Reg.ESI].toString(16)} EDI ${gpr[Reg.EDI].toString(16)} ECX ${gpr[Reg.ECX]}`;
      assert.equal(faults[0], faults[1], `${where}: fault`);
      assert.deepEqual([...a.cpu.gpr], [...b.cpu.gpr], `${where}: registers`);
      assert.equal(a.cpu.flags.value, b.cpu.flags.value, `${where}: EFLAGS`);
      assert.equal(a.cpu.eip, b.cpu.eip, `${where}: EIP`);
      assert.ok(Buffer.from(a.bus.bytes).equals(b.bus.bytes), `${where}: memory`);
    }
  }
});
