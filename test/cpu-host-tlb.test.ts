// The host TLB (src/machine/cpu/host-tlb.ts): data accesses that go straight to a page's host
// buffer must behave exactly as the slow path through the MMU and GuestMemory. A differential
// run compares a machine whose memory lends its pages with one whose memory lends none, over
// random memory instructions under paging interleaved with everything the host TLB relies on
// changing (page-table edits without INVLPG, INVLPG, CR3 reloads, CR0.WP, CPL, A20, snapshots
// and restores, write-watches, debugger pokes); targeted tests pin each invalidation case.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decode } from '../src/arch/decoder';
import { Cpu } from '../src/machine/cpu/cpu';
import { Executable } from '../src/machine/cpu/executable';
import { CpuFault } from '../src/machine/cpu/faults';
import { CR0_PG, CR0_WP } from '../src/machine/cpu/mmu';
import { Reg, Seg } from '../src/machine/cpu/state';
import { GuestMemory, MemorySnapshot } from '../src/machine/memory/guest-memory';
import { protectedMachineOn, KCODE, KDATA } from './support/protected-machine';
import { assembleAt, CODE } from './support/snippet';
import { xorshift32 } from './support/xorshift';

/** The same memory with no pages lent to the host TLB: every access takes the slow path. */
class SlowMemory extends GuestMemory {
  override hostPage(): undefined {
    return undefined;
  }
}

const PD = 0x10000, PT = 0x11000;
/** Linear pages 0x40-0x47 are the test's window; they map to frames 0x40-0x4b or, above 1 MiB, 0x140-0x14b. */
const WINDOW = 0x40000, WINDOW_PAGES = 8;
const P = 1, W = 2, U = 4, A = 0x20, D = 0x40;

/** A ring-0 flat machine with paging on: the first MiB identity-mapped, the window as `pte` says. */
function pagedMachine<M extends GuestMemory>(memory: M, pte: (page: number) => number): { cpu: Cpu; mem: M } {
  const { cpu } = protectedMachineOn(memory);
  cpu.cpl = 0;
  cpu.tables.fill(Seg.CS, KCODE, cpu.tables.read(KCODE));
  cpu.tables.loadStack(KDATA);
  for (const s of [Seg.DS, Seg.ES, Seg.FS, Seg.GS] as const) cpu.tables.loadData(s, KDATA);
  cpu.flags.value = 2;
  memory.write32(PD, PT | P | W | U);
  for (let i = 0; i < 0x100; i++) memory.write32(PT + i * 4, (i << 12) | P | W | U | A | D);
  for (let i = 0; i < WINDOW_PAGES; i++) memory.write32(PT + (0x40 + i) * 4, pte(i));
  cpu.mmu.cr3 = PD;
  cpu.mmu.cr0 |= CR0_PG;
  cpu.mmu.flushAll();
  return { cpu, mem: memory };
}

const assembled = new Map<string, Uint8Array>();

/** Runs one instruction's handler (as the CPU would after fetching it at CODE); the fault, if any. */
function execute(cpu: Cpu, source: string): CpuFault | undefined {
  let bytes = assembled.get(source);
  if (bytes === undefined) assembled.set(source, (bytes = assembleAt(source, CODE)));
  const fetched = new Executable(decode((i) => bytes[i] ?? 0, 32), true);
  cpu.eip = CODE + fetched.length;
  try {
    fetched.handler!(cpu, fetched.insn);
    return undefined;
  } catch (e) {
    if (e instanceof CpuFault) return e;
    throw e;
  }
}

const FORMS = [
  'mov [ebx], eax', 'mov [ebx], ax', 'mov [ebx], al', 'mov eax, [ebx]', 'mov cx, [ebx]', 'mov dl, [ebx]', 'add [ebx], eax',
  'sub word [ebx], 0x1234', 'inc byte [ebx]', 'xor [ebx], edx', 'cmp [ebx], ecx', 'movzx eax, word [ebx]', 'movsx ecx, byte [ebx]',
  'xchg [ebx], eax', 'push dword [ebx]', 'pop dword [ebx]', 'push eax', 'pop ecx', 'mov [ebx+esi], edx', 'mov dword [ebx], 0x89abcdef',
  'movsd', 'stosb', 'lodsw', 'cmpsb', 'rep movsd', 'rep stosw', 'adc dword [ebx+esi*2], -3', 'shl dword [ebx], 3', 'not word [ebx]',
];
/** Compared after every step: the window's frames (both aliases), the page table, allocation. */
function memoryOf(mem: GuestMemory): Buffer {
  return Buffer.concat([mem.peek(PT, 0x1000), mem.peek(0x40000, 0xc000), mem.peek(0x140000, 0xc000)]);
}

test('fast and slow data paths agree on random memory instructions while paging, A20, watches and snapshots change', () => {
  for (let seed = 1; seed <= 6; seed++) {
    const next = xorshift32(0x51ed0000 + seed * 7919);
    const frame = (): number => (next() % 3 === 0 ? 0x140 : 0x40) + (next() % 12);
    const randomPte = (): number => (frame() << 12) | P | (next() % 4 !== 0 ? W : 0) | (next() % 4 !== 0 ? U : 0) |
      (next() % 2 === 0 ? A : 0) | (next() % 3 === 0 ? D : 0);
    const ptes = Array.from({ length: WINDOW_PAGES }, randomPte);
    const fast = pagedMachine(new GuestMemory(2 << 20), (i) => ptes[i]);
    const slow = pagedMachine(new SlowMemory(2 << 20), (i) => ptes[i]);
    const machines = [fast, slow];
    const logs: string[][] = [[], []];
    const watchers = machines.map(({ mem }, m) => mem.createWatcher((a, size) => logs[m].push(`${a.toString(16)}/${size}`)));
    const snapshots: (MemorySnapshot | undefined)[] = [undefined, undefined];
    const address = (): number => {
      const page = WINDOW + (next() % WINDOW_PAGES) * 0x1000;
      return next() % 3 === 0 ? page + 0x1000 - (next() % 8) : page + (next() % 0x1000);
    };

    for (let step = 0; step < 3000; step++) {
      const roll = next() % 100;
      let what: string;
      if (roll < 80) {
        const source = FORMS[next() % FORMS.length];
        const gpr = [next(), next() & 63, next(), address(), address(), next() & 63, address(), address()];
        what = `${source} ${gpr.map((r) => (r >>> 0).toString(16)).join(' ')}`;
        const flags = 2 | (next() & 0x8d5);
        const faults = machines.map(({ cpu }) => {
          cpu.gpr.set(gpr);
          cpu.flags.value = flags;
          return execute(cpu, source);
        });
        assert.deepEqual(faults[0] && { ...faults[0] }, faults[1] && { ...faults[1] }, `seed ${seed} step ${step} ${what}: fault`);
      } else {
        const page = next() % WINDOW_PAGES;
        const value = randomPte();
        const bytes = Uint8Array.from({ length: 1 + (next() % 8) }, () => next());
        const at = address();
        const kind = roll % 10;
        what = `event ${kind}`;
        for (let m = 0; m < 2; m++) {
          const { cpu, mem } = machines[m];
          switch (kind) {
            case 0: mem.write32(PT + (0x40 + page) * 4, value); break; // no INVLPG: stale entries stay
            case 1: cpu.mmu.invalidate(WINDOW + page * 0x1000); break;
            case 2: cpu.mmu.flushNonGlobal(); break;
            case 3: mem.a20Enabled = !mem.a20Enabled; break;
            case 4: snapshots[m] = mem.snapshot(); break;
            case 5: if (snapshots[m] !== undefined) mem.restore(snapshots[m]!); break;
            case 6: if (watchers[m].isWatching(0x40 + page)) watchers[m].unwatch(0x40 + page); else watchers[m].watch(0x40 + page); break;
            case 7: cpu.cpl = cpu.cpl === 0 ? 3 : 0; break;
            case 8: cpu.mmu.cr0 ^= CR0_WP; cpu.mmu.flushAll(); break;
            default: mem.poke(at, bytes); break;
          }
        }
      }
      const where = `seed ${seed} step ${step} (${what})`;
      assert.deepEqual([...fast.cpu.gpr], [...slow.cpu.gpr], `${where}: registers`);
      assert.equal(fast.cpu.flags.value, slow.cpu.flags.value, `${where}: EFLAGS`);
      assert.ok(memoryOf(fast.mem).equals(memoryOf(slow.mem)), `${where}: memory`);
      assert.equal(fast.mem.allocatedPages, slow.mem.allocatedPages, `${where}: allocated pages`);
      assert.deepEqual(logs[0], logs[1], `${where}: write-watch notifications`);
    }
  }
});

/** A machine with the window mapped one to one onto frames 0x40-0x47, writable, with D as given. */
const identity = (dirty: boolean): { cpu: Cpu; mem: GuestMemory } =>
  pagedMachine(new GuestMemory(2 << 20), (i) => ((0x40 + i) << 12) | P | W | U | A | (dirty ? D : 0));

function run(cpu: Cpu, source: string, gpr: Partial<Record<Reg, number>> = {}): void {
  for (const [r, v] of Object.entries(gpr)) cpu.gpr[Number(r)] = v;
  const fault = execute(cpu, source);
  assert.equal(fault, undefined, `${source} runs without a fault`);
}

test('a write-watch added after a page was cached hears the next write', () => {
  const { cpu, mem } = identity(true);
  run(cpu, 'mov [ebx], eax', { [Reg.EBX]: WINDOW, [Reg.EAX]: 1 });
  run(cpu, 'mov [ebx], eax', { [Reg.EBX]: WINDOW + 4, [Reg.EAX]: 2 });
  const heard: number[] = [];
  mem.createWatcher((a) => heard.push(a)).watch(0x40);
  run(cpu, 'mov [ebx], eax', { [Reg.EBX]: WINDOW + 8, [Reg.EAX]: 3 });
  assert.deepEqual(heard, [0x40008]);
  assert.equal(mem.read32(0x40008), 3);
});

test('a write after a snapshot copies the page: the snapshot keeps what was there', () => {
  const { cpu, mem } = identity(true);
  run(cpu, 'mov [ebx], eax', { [Reg.EBX]: WINDOW, [Reg.EAX]: 0x11111111 });
  const snap = mem.snapshot();
  run(cpu, 'mov [ebx], eax', { [Reg.EBX]: WINDOW, [Reg.EAX]: 0x22222222 });
  run(cpu, 'mov ecx, [ebx]', { [Reg.EBX]: WINDOW });
  assert.equal(cpu.gpr[Reg.ECX], 0x22222222);
  mem.restore(snap);
  run(cpu, 'mov ecx, [ebx]', { [Reg.EBX]: WINDOW });
  assert.equal(cpu.gpr[Reg.ECX], 0x11111111, 'the restored page, not the buffer cached before the snapshot');
});

test('turning A20 off sends a cached page above 1 MiB to its alias below', () => {
  const { cpu, mem } = pagedMachine(new GuestMemory(2 << 20), (i) => ((0x140 + i) << 12) | P | W | U | A | D);
  mem.write32(0x40000, 0xaaaa);
  run(cpu, 'mov [ebx], eax', { [Reg.EBX]: WINDOW, [Reg.EAX]: 0xbbbb }); // allocates the page
  run(cpu, 'mov [ebx], eax', { [Reg.EBX]: WINDOW, [Reg.EAX]: 0xbbbb }); // through the host TLB
  run(cpu, 'mov ecx, [ebx]', { [Reg.EBX]: WINDOW });
  mem.a20Enabled = false;
  run(cpu, 'mov ecx, [ebx]', { [Reg.EBX]: WINDOW });
  assert.equal(cpu.gpr[Reg.ECX], 0xaaaa);
  run(cpu, 'mov [ebx], eax', { [Reg.EBX]: WINDOW, [Reg.EAX]: 0xcccc });
  mem.a20Enabled = true;
  assert.deepEqual([mem.read32(0x40000), mem.read32(0x140000)], [0xcccc, 0xbbbb]);
});

test('a remapped page is seen once the TLB no longer holds the old entry, and not before', () => {
  const { cpu, mem } = identity(true);
  mem.write32(0x41000, 0x4141);
  mem.write32(0x42000, 0x4242);
  run(cpu, 'mov ecx, [ebx]', { [Reg.EBX]: WINDOW + 0x1000 });
  mem.write32(PT + 0x41 * 4, 0x42000 | P | W | U | A | D);
  run(cpu, 'mov ecx, [ebx]', { [Reg.EBX]: WINDOW + 0x1000 });
  assert.equal(cpu.gpr[Reg.ECX], 0x4141, 'the stale entry, as on hardware');
  // Another page's walk moves the MMU's generation but leaves this entry as it was.
  run(cpu, 'mov ecx, [ebx]', { [Reg.EBX]: WINDOW + 0x3000 });
  run(cpu, 'mov ecx, [ebx]', { [Reg.EBX]: WINDOW + 0x1000 });
  assert.equal(cpu.gpr[Reg.ECX], 0x4141);
  cpu.mmu.flushNonGlobal();
  run(cpu, 'mov ecx, [ebx]', { [Reg.EBX]: WINDOW + 0x1000 });
  assert.equal(cpu.gpr[Reg.ECX], 0x4242);
});

test('a write that walks again (D clear) replaces the entry for reads too: a remap it picks up is read back', () => {
  const { cpu, mem } = identity(false);
  mem.write32(0x41000, 0x4141);
  run(cpu, 'mov ecx, [ebx]', { [Reg.EBX]: WINDOW + 0x1000 });
  mem.write32(PT + 0x41 * 4, 0x43000 | P | W | U | A); // no INVLPG; the read entry stays cached
  run(cpu, 'mov ecx, [ebx]', { [Reg.EBX]: WINDOW + 0x1000 });
  assert.equal(cpu.gpr[Reg.ECX], 0x4141);
  run(cpu, 'mov [ebx+4], eax', { [Reg.EBX]: WINDOW + 0x1000, [Reg.EAX]: 0x4343 });
  assert.equal(mem.read32(0x43004), 0x4343, 'the write walked and went to the new frame');
  run(cpu, 'mov ecx, [ebx+4]', { [Reg.EBX]: WINDOW + 0x1000 });
  assert.equal(cpu.gpr[Reg.ECX], 0x4343, 'and reads follow the new entry');
});

test('the first write through an entry with D clear walks and sets D; reads of untouched RAM allocate nothing', () => {
  const { cpu, mem } = identity(false);
  mem.write32(0x40000, 5);
  const allocated = mem.allocatedPages;
  run(cpu, 'mov ecx, [ebx]', { [Reg.EBX]: WINDOW + 0x2000 });
  assert.equal(cpu.gpr[Reg.ECX], 0);
  assert.equal(mem.allocatedPages, allocated, 'reading a never-written page allocates nothing');
  run(cpu, 'mov ecx, [ebx]', { [Reg.EBX]: WINDOW });
  run(cpu, 'mov ecx, [ebx]', { [Reg.EBX]: WINDOW });
  assert.equal(mem.read32(PT + 0x40 * 4) & D, 0);
  run(cpu, 'add [ebx], ecx', { [Reg.EBX]: WINDOW });
  assert.equal(mem.read32(PT + 0x40 * 4) & D, D);
  assert.equal(mem.read32(0x40000), 10);
});

test('a user access to a supervisor page faults even after a supervisor access cached it', () => {
  const { cpu, mem } = pagedMachine(new GuestMemory(2 << 20), (i) => ((0x40 + i) << 12) | P | W | A | D);
  mem.write32(0x40000, 7);
  run(cpu, 'mov ecx, [ebx]', { [Reg.EBX]: WINDOW }); // walks
  run(cpu, 'mov ecx, [ebx]', { [Reg.EBX]: WINDOW }); // through the host TLB
  cpu.cpl = 3;
  assert.equal(execute(cpu, 'mov ecx, [ebx]')?.vector, 14);
});

test('a never-written page read through the host TLB is read back after its first write', () => {
  const { cpu, mem } = identity(true);
  run(cpu, 'mov ecx, [ebx]', { [Reg.EBX]: WINDOW + 0x2000 });
  run(cpu, 'mov ecx, [ebx]', { [Reg.EBX]: WINDOW + 0x2000 });
  run(cpu, 'mov [ebx], eax', { [Reg.EBX]: WINDOW + 0x2000, [Reg.EAX]: 0x1234 });
  assert.equal(mem.read32(0x42000), 0x1234);
  run(cpu, 'mov ecx, [ebx]', { [Reg.EBX]: WINDOW + 0x2000 });
  assert.equal(cpu.gpr[Reg.ECX], 0x1234);
});

test('a DR0 write breakpoint on a page the host TLB holds still traps', () => {
  const { cpu } = identity(true);
  run(cpu, 'mov [ebx], eax', { [Reg.EBX]: WINDOW + 8 }); // allocates the page
  run(cpu, 'mov [ebx], eax', { [Reg.EBX]: WINDOW + 8 }); // through the host TLB
  cpu.dr[0] = WINDOW + 8;
  cpu.dr[7] = 0b01 | (0b01 << 16) | (0b11 << 18); // L0, write, 4 bytes
  cpu.debug.update();
  run(cpu, 'mov [ebx], eax', { [Reg.EBX]: WINDOW + 8 });
  assert.equal(cpu.debug.pendingTraps, 1);
});
