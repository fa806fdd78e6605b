import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DualPic } from '../src/machine/devices/dual-pic';
import { IoBus } from '../src/machine/io-bus';

/** The PICs on a bus, initialised as a PC kernel does (vectors 0x20 and 0x28, cascade on IR2). */
function setup(icw4 = 0x01, icw1 = 0x11): { pic: DualPic; bus: IoBus; asserts: () => number } {
  let count = 0;
  const pic = new DualPic(() => count++);
  const bus = new IoBus();
  bus.register(0x20, 2, pic);
  bus.register(0xa0, 2, pic);
  for (const [port, value] of [
    [0x20, icw1], [0x21, 0x20], [0x21, 0x04], [0x21, icw4],
    [0xa0, icw1], [0xa1, 0x28], [0xa1, 0x02], [0xa1, icw4],
  ]) bus.write(port, 1, value);
  return { pic, bus, asserts: () => count };
}

const EOI = 0x20;
const readIrr = (bus: IoBus, port: number) => (bus.write(port, 1, 0x0a), bus.read(port, 1));
const readIsr = (bus: IoBus, port: number) => (bus.write(port, 1, 0x0b), bus.read(port, 1));

test('fully nested priorities: the highest request first, lower ones wait for EOI', () => {
  const { pic, bus, asserts } = setup();
  pic.setIrq(3, true);
  pic.setIrq(1, true);
  assert.equal(asserts(), 1);
  assert.equal(readIrr(bus, 0x20), 0x0a);
  assert.ok(pic.hasInterrupt());
  assert.equal(pic.acknowledge(), 0x21);
  assert.equal(readIsr(bus, 0x20), 0x02);
  assert.equal(readIrr(bus, 0x20), 0x08);
  assert.ok(!pic.hasInterrupt(), 'IRQ3 is blocked while IRQ1 is in service');
  pic.setIrq(0, false);
  pic.setIrq(0, true);
  assert.ok(pic.hasInterrupt(), 'IRQ0 outranks IRQ1');
  assert.equal(pic.acknowledge(), 0x20);
  bus.write(0x20, 1, EOI); // non-specific EOI ends the highest in service: IRQ0
  assert.equal(readIsr(bus, 0x20), 0x02);
  bus.write(0x20, 1, EOI);
  assert.equal(pic.acknowledge(), 0x23);
  bus.write(0x20, 1, 0x63); // specific EOI for IR3
  assert.equal(readIsr(bus, 0x20), 0);
  assert.ok(!pic.hasInterrupt());
});

test('edge-triggered: a held line requests once; the mask hides a request without losing it', () => {
  const { pic, bus } = setup();
  bus.write(0x21, 1, 0x10); // mask IRQ4
  pic.setIrq(4, true);
  assert.ok(!pic.hasInterrupt());
  assert.equal(bus.read(0x21, 1), 0x10);
  bus.write(0x21, 1, 0x00);
  assert.equal(pic.acknowledge(), 0x24);
  bus.write(0x20, 1, EOI);
  pic.setIrq(4, true);
  assert.ok(!pic.hasInterrupt(), 'no new edge');
  pic.setIrq(4, false);
  pic.setIrq(4, true);
  assert.equal(pic.acknowledge(), 0x24);
});

test('cascade: slave IRQs arrive through IR2 with the slave vector and need two EOIs', () => {
  const { pic, bus } = setup();
  pic.setIrq(12, true);
  assert.equal(readIrr(bus, 0xa0), 0x10);
  assert.ok(pic.hasInterrupt());
  assert.equal(pic.acknowledge(), 0x2c);
  assert.equal(readIsr(bus, 0xa0), 0x10);
  assert.equal(readIsr(bus, 0x20), 0x04);
  pic.setIrq(3, true);
  assert.ok(!pic.hasInterrupt(), 'IRQ3 ranks below the cascade input in service');
  pic.setIrq(8, true);
  assert.ok(!pic.hasInterrupt(), 'without special fully nested mode the slave waits for the master');
  pic.setIrq(1, true);
  assert.equal(pic.acknowledge(), 0x21);
  bus.write(0x20, 1, EOI); // IRQ1
  bus.write(0xa0, 1, EOI); // slave: IRQ12
  bus.write(0x20, 1, EOI); // master: IR2
  assert.equal(pic.acknowledge(), 0x28, 'IRQ8 outranks IRQ3 (it sits on IR2)');
  bus.write(0xa0, 1, EOI);
  bus.write(0x20, 1, EOI);
  assert.equal(pic.acknowledge(), 0x23);
});

test('IRQ2 on the bus is IRQ9', () => {
  const { pic } = setup();
  pic.setIrq(2, true);
  assert.equal(pic.acknowledge(), 0x29);
});

test('a spurious INTA gives IRQ7 (or IRQ15) and leaves ISR alone', () => {
  const { pic, bus } = setup();
  assert.equal(pic.acknowledge(), 0x27);
  assert.equal(readIsr(bus, 0x20), 0);
});

test('automatic EOI leaves nothing in service', () => {
  const { pic, bus } = setup(0x03);
  pic.setIrq(5, true);
  pic.setIrq(6, true);
  assert.equal(pic.acknowledge(), 0x25);
  assert.equal(readIsr(bus, 0x20), 0);
  assert.equal(pic.acknowledge(), 0x26);
});

test('rotation: set priority, rotate on EOI', () => {
  const { pic, bus } = setup();
  bus.write(0x20, 1, 0xc4); // IR4 lowest, so IR5 highest
  pic.setIrq(1, true);
  pic.setIrq(6, true);
  assert.equal(pic.acknowledge(), 0x26);
  bus.write(0x20, 1, 0xa0); // rotate on non-specific EOI: IR6 becomes lowest
  pic.setIrq(6, false);
  pic.setIrq(6, true);
  assert.equal(pic.acknowledge(), 0x21, 'IR7 is now highest, then IR0, IR1');
  bus.write(0x20, 1, EOI);
  assert.equal(pic.acknowledge(), 0x26);
});

test('poll command: reading after OCW3 P acknowledges the highest request', () => {
  const { pic, bus } = setup();
  pic.setIrq(6, true);
  bus.write(0x20, 1, 0x0c);
  assert.equal(bus.read(0x20, 1), 0x86);
  assert.equal(readIsr(bus, 0x20), 0x40);
  bus.write(0x20, 1, 0x0c);
  assert.equal(bus.read(0x20, 1), 0x00);
});

test('special mask mode lets lower levels in while a masked level is in service', () => {
  const { pic, bus } = setup();
  pic.setIrq(1, true);
  assert.equal(pic.acknowledge(), 0x21);
  bus.write(0x21, 1, 0x02);
  bus.write(0x20, 1, 0x68); // set special mask mode
  pic.setIrq(5, true);
  assert.equal(pic.acknowledge(), 0x25);
});

test('level-triggered inputs request while high and stop when low', () => {
  const { pic, bus } = setup(0x01, 0x19);
  pic.setIrq(3, true);
  assert.equal(pic.acknowledge(), 0x23);
  bus.write(0x20, 1, EOI);
  assert.ok(pic.hasInterrupt(), 'still high: requests again');
  pic.setIrq(3, false);
  assert.ok(!pic.hasInterrupt());
});

test('ICW1 resets the edge sense: a line already high must fall and rise again', () => {
  const pic = new DualPic();
  pic.setIrq(0, true);
  const bus = new IoBus();
  bus.register(0x20, 2, pic);
  bus.register(0xa0, 2, pic);
  for (const [port, value] of [[0x20, 0x11], [0x21, 0x08], [0x21, 0x04], [0x21, 0x01]]) bus.write(port, 1, value);
  assert.ok(!pic.hasInterrupt());
  pic.pulseIrq(0);
  assert.equal(pic.acknowledge(), 0x08);
});
