import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Reg } from '../src/machine/cpu/state';
import { FlatBus, gateDescriptor } from './support/flat-bus';
import { IDT, KCODE } from './support/protected-machine';
import { run, CODE } from './support/snippet';
import { assembleAt } from './support/snippet';

const PD = 0x20000, PT = 0x21000, PF_HANDLER = 0x4800;

/** Identity-maps 0-4 MiB (supervisor, writable) except the page at 0x300000, and installs a #PF handler. */
function pagingSetup(handler: string) {
  return (_cpu: unknown, bus: FlatBus) => {
    bus.write32(PD, PT | 3);
    for (let i = 0; i < 1024; i++) bus.write32(PT + i * 4, (i << 12) | 3);
    bus.write32(PT + 0x300 * 4, 0);
    const [lo, hi] = gateDescriptor(KCODE, PF_HANDLER, 0x8e);
    bus.write32(IDT + 14 * 8, lo);
    bus.write32(IDT + 14 * 8 + 4, hi);
    bus.bytes.set(assembleAt(handler, PF_HANDLER), PF_HANDLER);
  };
}

const ENABLE_PAGING = `mov eax, ${PD}\nmov cr3, eax\nmov eax, cr0\nor eax, 0x80000000\nmov cr0, eax\n`;

test('a load from a not-present page faults with CR2 and error code, at the faulting instruction', () => {
  const { cpu, bus } = run(`${ENABLE_PAGING}mov ebx, [0x300010]`, pagingSetup('mov eax, cr2\nhlt'));
  assert.equal(cpu.gpr[Reg.EAX], 0x300010);
  const esp = cpu.gpr[Reg.ESP];
  assert.equal(bus.read32(esp), 0, 'read, supervisor, not present');
  const faultingEip = bus.read32(esp + 4);
  assert.equal(bus.bytes[faultingEip], 0x8b, 'saved EIP is the MOV');
  assert.ok(faultingEip > CODE);
});

test('the handler maps the page on demand and IRET restarts the instruction', () => {
  const handler = `push eax\nmov eax, cr2\nshr eax, 12\nand eax, 0x3ff\nmov dword [${PT} + eax*4], 0x0005a003\npop eax\nadd esp, 4\niretd`;
  const { cpu, bus } = run(`${ENABLE_PAGING}mov dword [0x300010], 0xcafe\nmov ebx, [0x300010]`, pagingSetup(handler));
  assert.equal(cpu.gpr[Reg.EBX], 0xcafe);
  assert.equal(bus.read32(0x5a010), 0xcafe, 'the store went to the page the handler mapped');
  assert.equal(bus.read32(PT + 0x300 * 4) & 0x60, 0x60, 'accessed and dirty set');
});

test('a write to a read-only page with CR0.WP set faults with the write and protection bits', () => {
  const { bus } = run(`${ENABLE_PAGING}mov eax, cr0\nor eax, 0x10000\nmov cr0, eax\nmov byte [0x5000], 1`,
    (cpu, b) => {
      pagingSetup('hlt')(cpu, b);
      b.write32(PT + 5 * 4, 0x5000 | 1);
    });
  assert.equal(bus.read32(0x9000 - 16), 0b011, 'under EIP, CS and EFLAGS: the error code');
});
