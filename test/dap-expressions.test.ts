// The debugger's expression language, breakpoint hit conditions and exception-filter conditions,
// on their own (no adapter).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile, compileLogMessage, EvalContext, EvalError } from '../debug-adapter/runtime/expressions';
import { compileHitCondition } from '../debug-adapter/runtime/hit-rules';
import { parseVectors } from '../debug-adapter/runtime/exception-filters';

const memory = new Map<number, number>([[0x1000, 0x78], [0x1001, 0x56], [0x1002, 0x34], [0x1003, 0x12], [0x2004, 0xff]]);
const ctx: EvalContext = {
  register: (n) => ({ eax: 0x1000, esp: 0x2000, ecx: 3, zf: 1, al: 0 } as Record<string, number>)[n],
  symbol: (n) => ({ label: 0x1000, 'start.halt': 0x1002 } as Record<string, number>)[n],
  readLinear: (a, size) => {
    let v = 0;
    for (let i = size - 1; i >= 0; i--) {
      const b = memory.get(a + i);
      if (b === undefined) throw new EvalError(`cannot read ${size} byte(s) at 0x${a.toString(16)}: not mapped`);
      v = v * 256 + b;
    }
    return v;
  },
};
const ev = (s: string) => compile(s).evaluate(ctx);

test('numbers, registers, flags, symbols and operators with C precedence, unsigned 32-bit', () => {
  assert.equal(ev('42'), 42);
  assert.equal(ev('0x2A + 2ah + 0b1'), 85);
  assert.equal(ev('1 + 2 * 3'), 7);
  assert.equal(ev('(1 + 2) * 3'), 9);
  assert.equal(ev('1 << 4 | 1'), 17);
  assert.equal(ev('ecx == 3 && zf'), 1);
  assert.equal(ev('ecx != 3 || !zf'), 0);
  assert.equal(ev('-1'), 0xffffffff);
  assert.equal(ev('~0 >> 28'), 15);
  assert.equal(ev('0 - 1 > 5'), 1);
  assert.equal(ev('7 / 2 + 7 % 2'), 4);
  assert.equal(ev('EAX + label'), 0x2000); // registers in any case, labels as written (NASM's are case-sensitive)
  assert.throws(() => ev('Label'), /unknown name/);
  assert.equal(ev('start.halt'), 0x1002);
});

test('memory operands: default dword, sizes, nested addresses; the address is kept for memoryReference', () => {
  assert.equal(ev('[eax]'), 0x12345678);
  assert.equal(ev('byte [label + 1]'), 0x56);
  assert.equal(ev('word ptr [eax + 2]'), 0x1234);
  assert.equal(ev('byte [esp+4]'), 0xff);
  assert.equal(ev('[eax] & 0xff'), 0x78);
  const c = compile('dword [label]');
  assert.equal(c.size, 4);
  assert.equal(c.address!(ctx), 0x1000);
  assert.equal(compile('[eax] + 1').address, undefined);
});

test('errors say what is wrong', () => {
  const err = (s: string) => assert.throws(() => ev(s), EvalError);
  err('');
  err('1 +');
  err('(1');
  err('[eax');
  err('1 / 0');
  err('nosuch');
  err('0x1ffffffff');
  err('12xyz');
  err('eax $ 1');
  assert.throws(() => ev('[0x5000]'), /not mapped/);
  assert.throws(() => ev('dword 5'), /expected '\['/);
});

test('logpoint messages interpolate {expressions} and show errors in place', () => {
  const log = compileLogMessage('ecx={ecx} mem={byte [eax]} bad={[0]} done');
  assert.equal(log(ctx, (v) => `0x${v.toString(16)}`), 'ecx=0x3 mem=0x78 bad=<cannot read 4 byte(s) at 0x0: not mapped> done');
  assert.throws(() => compileLogMessage('{1 +}'), EvalError);
});

test('hit conditions and exception conditions', () => {
  const hits = (s: string) => [1, 2, 3, 4, 5, 6].filter(compileHitCondition(s));
  assert.deepEqual(hits('3'), [3, 4, 5, 6]);
  assert.deepEqual(hits('== 3'), [3]);
  assert.deepEqual(hits('> 4'), [5, 6]);
  assert.deepEqual(hits('<= 2'), [1, 2]);
  assert.deepEqual(hits('% 2'), [2, 4, 6]);
  assert.throws(() => compileHitCondition('often'), /bad hit condition/);
  assert.deepEqual([...parseVectors('#PF,#GP,13')!], [14, 13]);
  assert.deepEqual([...parseVectors('ud 0x0 de')!], [6, 0]);
  assert.equal(parseVectors(''), undefined);
  assert.throws(() => parseVectors('#PF,42'), /'42' is not an exception/);
});

test('monitor events stop only when their filter is on and its condition names them', async () => {
  const { DebugObserver, STOP } = await import('../debug-adapter/runtime/observer');
  const { BreakpointTable } = await import('../debug-adapter/runtime/breakpoints');
  const { parseNames } = await import('../debug-adapter/runtime/exception-filters');
  const observer = new DebugObserver(new BreakpointTable([], () => []), { evalContext: ctx, log: () => {}, format: String });
  const cpu = { instructions: 7 } as never;
  const report = () => observer.monitorEvent(cpu, 'vm-exit', 'CPUID', 'VM exit: CPUID', 10);
  report(); // filter off
  observer.monitorFilters.set('vm-exit', parseNames('HLT, 10'));
  assert.throws(report, (e) => e === STOP);
  assert.equal(observer.stop?.text, 'VM exit: CPUID');
  observer.monitorFilters.set('vm-exit', parseNames('HLT'));
  report();
  observer.monitorFilters.set('vm-exit', undefined);
  assert.throws(report, (e) => e === STOP);
});

test('reverse-execution checkpoints stay within their memory budget by thinning out, keeping the first', async () => {
  const { History } = await import('../debug-adapter/runtime/history');
  const { Pc } = await import('../src/machine/pc');
  const pc = new Pc({ memoryMB: 4 });
  const budget = 64 * 1024;
  const history = new History(budget);
  for (let i = 0; i < 200; i++) {
    pc.memory.poke((i % 4) * 4096, Uint8Array.of(i & 0xff, 1)); // a new version of one of 4 pages
    history.take(pc, i * 10);
    assert.ok(history.usedBytes <= budget + 2 * 8192, `used ${history.usedBytes} at ${i}`);
  }
  assert.ok(history.size < 200 && history.size >= 4, `kept ${history.size}`);
  assert.equal(history.earliest, 0);
  assert.equal(history.atOrBefore(1995)!.count, 1990);
  const mid = history.atOrBefore(1000)!;
  assert.ok(mid.count <= 1000);
  pc.restore(mid.snapshot);
  assert.equal(pc.memory.peek(((mid.count / 10) % 4) * 4096, 1)[0], (mid.count / 10) & 0xff);
  history.dropAfter(500);
  assert.ok(history.atOrBefore(2000)!.count <= 500);
});

test('the breakpoint filter: one test per instruction, and beyond 4096 pages a map lookup that still finds every breakpoint', async () => {
  const { BreakpointTable } = await import('../debug-adapter/runtime/breakpoints');
  const table = new BreakpointTable([], () => []);
  table.setInstructions([{ address: 0x00100010 }, { address: 0xfffffff0 }]);
  assert.equal(table.overflow, false);
  assert.ok(table.has(0x00100010) && table.has(0xfffffff0));
  assert.ok(!table.has(0x00100011) && !table.has(0x00101010) && !table.has(0));
  const many = Array.from({ length: 5000 }, (_, i) => ({ address: (0x01000000 + i * 0x1000 + (i % 7)) >>> 0 }));
  table.setInstructions(many);
  assert.equal(table.overflow, true);
  assert.ok(many.every((b) => table.has(b.address)));
  assert.ok(!table.has(0x01000001) && !table.has(0x00100010));
  table.setInstructions([{ address: 0x2000 }]);
  assert.equal(table.overflow, false);
  assert.ok(table.has(0x2000) && !table.has(0x01000000));
});
