// The observer's instruction filter (CpuObserver.everyInstruction, mayStopAt): the
// batched run loop calls beforeInstruction at exactly the instructions the filter marks, or at
// every one while everyInstruction is set, and runs the same instructions either way.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cpu, CpuObserver } from '../src/machine/cpu/cpu';
import { CODE, run } from './support/snippet';

const LOOP = `
        mov ecx, 100
again:  add eax, ecx
        xor edx, eax
        dec ecx
        jnz again
        mov [0x6000], eax`;
/** Where `add eax, ecx` is: after the 5-byte MOV. */
const ADD = CODE + 5;

class Recorder implements CpuObserver {
  readonly seen: number[] = [];
  constructor(
    readonly everyInstruction: boolean,
    private readonly marked: number[],
  ) {}
  mayStopAt(linear: number): boolean {
    return this.marked.includes(linear);
  }
  beforeInstruction(cpu: Cpu): void {
    this.seen.push(cpu.eip);
  }
  beforeFault(): void {}
}

/** Runs the loop through runUntil with the observer attached; the instructions it took. */
function runLoop(observer: CpuObserver | undefined): number {
  const { cpu } = run(LOOP);
  cpu.halted = false;
  cpu.eip = CODE;
  cpu.instructions = 0;
  cpu.observer = observer;
  cpu.runUntil({ stopAt: 10_000 }, 0);
  assert.ok(cpu.halted);
  return cpu.instructions;
}

test('runUntil calls the observer only where its filter marks, or everywhere when asked, with the same count', () => {
  const bare = runLoop(undefined);
  const marked = new Recorder(false, [ADD]);
  assert.equal(runLoop(marked), bare);
  assert.deepEqual(marked.seen, new Array(100).fill(ADD));
  const every = new Recorder(true, [ADD]);
  assert.equal(runLoop(every), bare);
  assert.equal(every.seen.length, bare);
  const none = new Recorder(false, []);
  assert.equal(runLoop(none), bare);
  assert.deepEqual(none.seen, []);
});
