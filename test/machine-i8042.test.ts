import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Pc } from '../src/machine/pc';

test('the boot-loader A20 sequence through the keyboard controller', () => {
  const pc = new Pc();
  pc.io.write(0x64, 1, 0xdd);
  assert.equal(pc.memory.a20Enabled, false);
  assert.equal(pc.io.read(0x64, 1) & 0x02, 0, 'input buffer empty');
  pc.io.write(0x64, 1, 0xd1);
  assert.equal(pc.io.read(0x64, 1) & 0x0a, 0x08, 'last write was a command, input buffer empty');
  pc.io.write(0x60, 1, 0xdf);
  assert.equal(pc.memory.a20Enabled, true);
  pc.io.write(0x64, 1, 0xd0);
  assert.equal(pc.io.read(0x64, 1) & 0x01, 0x01);
  assert.equal(pc.io.read(0x60, 1) & 0x03, 0x03);
  assert.equal(pc.io.read(0x64, 1) & 0x01, 0);
  assert.equal(pc.exitRequest, undefined);
});

test('self-test, command byte, keyboard answers, and the reset pulse', () => {
  const pc = new Pc();
  pc.io.write(0x64, 1, 0xaa);
  assert.equal(pc.io.read(0x60, 1), 0x55);
  pc.io.write(0x64, 1, 0x60);
  pc.io.write(0x60, 1, 0x44); // keyboard interrupt off
  pc.io.write(0x64, 1, 0x20);
  assert.equal(pc.io.read(0x60, 1), 0x44);
  pc.io.write(0x60, 1, 0xff);
  assert.deepEqual([pc.io.read(0x60, 1), pc.io.read(0x60, 1)], [0xfa, 0xaa]);
  pc.io.write(0x64, 1, 0xfe);
  assert.deepEqual(pc.exitRequest, { kind: 'reset' });
});

test('answers raise IRQ1 when the command byte enables it', () => {
  const pc = new Pc();
  for (const [port, value] of [[0x20, 0x11], [0x21, 0x08], [0x21, 0x04], [0x21, 0x01]]) pc.io.write(port, 1, value);
  pc.io.write(0x60, 1, 0xee);
  assert.ok(pc.interrupts.hasInterrupt());
  assert.equal(pc.interrupts.acknowledge(), 0x09);
  assert.equal(pc.io.read(0x60, 1), 0xee);
});
