// Reverse execution on a guest driven by timer interrupts: going back restores registers and
// memory exactly, and running forward again from there repeats the same history (the PIT, the
// PIC and the CPU are all in the checkpoints).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { Adapter, launchStopped, registers, SAMPLES, stopAfter } from './support/dap-harness';

async function state(a: Adapter): Promise<string> {
  const regs = await registers(a);
  const mem = await a.dc.customRequest('readMemory', { memoryReference: 'phys:0x00100000', count: 0x10000 });
  const stack = await a.dc.customRequest('readMemory', { memoryReference: regs.ESP, count: 256 });
  const clock = await a.dc.evaluateRequest({ expression: 'info registers', context: 'repl' });
  return JSON.stringify([regs, mem.body.data, stack.body.data, clock.body.result]);
}

test('stepBack and reverseContinue across timer interrupts are exact', async () => {
  const { a } = await launchStopped(path.join(SAMPLES, 'scheduler.asm'), (a) => a.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'timer_irq' }] }));
  try {
    for (let i = 0; i < 4; i++) await stopAfter(a, () => a.dc.continueRequest({ threadId: 1 }));
    await a.dc.setFunctionBreakpointsRequest({ breakpoints: [] });
    const forward = [await state(a)];
    for (let i = 0; i < 40; i++) {
      await stopAfter(a, () => a.dc.stepInRequest({ threadId: 1, granularity: 'instruction' }));
      forward.push(await state(a));
    }
    // back through all of them, one at a time
    for (let i = forward.length - 2; i >= 30; i--) {
      await stopAfter(a, () => a.dc.stepBackRequest({ threadId: 1 }));
      assert.equal(await state(a), forward[i], `after stepping back to step ${i}`);
    }
    // run on to the next timer interrupt, then reverse-continue to the one we started from
    await a.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'timer_irq' }] });
    await stopAfter(a, () => a.dc.continueRequest({ threadId: 1 }));
    const next = await state(a);
    assert.notEqual(next, forward[0]);
    const back = await stopAfter(a, () => a.dc.customRequest('reverseContinue', { threadId: 1 }));
    assert.equal(back.body.reason, 'function breakpoint');
    assert.equal(await state(a), forward[0]);
    // forward again: the same steps, the same next interrupt
    await a.dc.setFunctionBreakpointsRequest({ breakpoints: [] });
    for (let i = 1; i <= 10; i++) {
      await stopAfter(a, () => a.dc.stepInRequest({ threadId: 1, granularity: 'instruction' }));
      assert.equal(await state(a), forward[i], `forward again, step ${i}`);
    }
    await a.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'timer_irq' }] });
    await stopAfter(a, () => a.dc.continueRequest({ threadId: 1 }));
    assert.equal(await state(a), next);
  } finally {
    await a.close();
  }
});
