import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Uart16550 } from '../src/machine/devices/uart16550';
import { IoBus } from '../src/machine/io-bus';

const COM1 = 0x3f8;
const [THR, IER, IIR, LCR, MCR, LSR, MSR, SCR] = [0, 1, 2, 3, 4, 5, 6, 7].map((r) => COM1 + r);
const FCR = IIR;

function setup(): { bus: IoBus; uart: Uart16550; sent: number[]; irq: () => boolean; edges: () => number } {
  const sent: number[] = [];
  let level = false;
  let edges = 0;
  const uart = new Uart16550(COM1, (b) => sent.push(b), (l) => {
    if (l && !level) edges++;
    level = l;
  });
  const bus = new IoBus();
  bus.register(COM1, 8, uart);
  return { bus, uart, sent, irq: () => level, edges: () => edges };
}

/** A driver's usual initialisation: 115200 8N1, FIFOs on (trigger 14), DTR RTS OUT2. */
function init(bus: IoBus, ier: number): void {
  bus.write(IER, 1, 0x00);
  bus.write(LCR, 1, 0x80);
  bus.write(COM1, 1, 0x01);
  bus.write(COM1 + 1, 1, 0x00);
  bus.write(LCR, 1, 0x03);
  bus.write(FCR, 1, 0xc7);
  bus.write(MCR, 1, 0x0b);
  bus.write(IER, 1, ier);
}

test('transmit: THR bytes reach the sink, LSR shows the transmitter empty, the divisor reads back', () => {
  const { bus, sent } = setup();
  init(bus, 0);
  for (const c of Buffer.from('hi\n')) {
    assert.equal(bus.read(LSR, 1) & 0x20, 0x20);
    bus.write(THR, 1, c);
  }
  assert.equal(Buffer.from(sent).toString(), 'hi\n');
  assert.equal(bus.read(LSR, 1), 0x60);
  bus.write(LCR, 1, 0x83);
  assert.equal(bus.read(COM1, 1), 0x01);
  assert.equal(bus.read(COM1 + 1, 1), 0x00);
  bus.write(LCR, 1, 0x03);
  bus.write(SCR, 1, 0x5a);
  assert.equal(bus.read(SCR, 1), 0x5a);
  assert.equal(bus.read(MSR, 1), 0xb0, 'CTS, DSR and DCD active');
});

test('receive: host bytes raise the data interrupt at the trigger level, or the timeout below it', () => {
  const { bus, uart, irq } = setup();
  init(bus, 0x01);
  assert.equal(bus.read(IIR, 1), 0xc1);
  assert.ok(!irq());
  uart.receive(Buffer.from('abc'));
  assert.ok(irq());
  assert.equal(bus.read(IIR, 1), 0xcc, 'below the trigger level of 14: character timeout');
  assert.equal(bus.read(LSR, 1) & 1, 1);
  assert.equal(String.fromCharCode(bus.read(THR, 1), bus.read(THR, 1), bus.read(THR, 1)), 'abc');
  assert.equal(bus.read(LSR, 1) & 1, 0);
  assert.ok(!irq());
  uart.receive(new Uint8Array(20).fill(0x41));
  assert.equal(bus.read(IIR, 1), 0xc4);
  let n = 0;
  while (bus.read(LSR, 1) & 1) n += bus.read(THR, 1) === 0x41 ? 1 : 0;
  assert.equal(n, 20, 'host input waits for room; nothing is lost');
});

test('without FIFOs the receiver holds one byte, and IIR says so with no FIFO bits', () => {
  const { bus, uart } = setup();
  init(bus, 0x01);
  bus.write(FCR, 1, 0x00);
  uart.receive([1, 2]);
  assert.equal(bus.read(IIR, 1), 0x04);
  assert.equal(bus.read(THR, 1), 1);
  assert.equal(bus.read(THR, 1), 2);
  assert.equal(bus.read(IIR, 1), 0x01);
});

test('THR-empty interrupt: raised when enabled, cleared by reading IIR, raised again by each write', () => {
  const { bus, irq, edges } = setup();
  init(bus, 0x02);
  assert.ok(irq());
  assert.equal(bus.read(IIR, 1), 0xc2);
  assert.ok(!irq());
  assert.equal(bus.read(IIR, 1), 0xc1);
  bus.write(THR, 1, 0x41);
  assert.ok(irq());
  bus.write(THR, 1, 0x42);
  assert.equal(edges(), 3, 'each write gives the PIC a fresh edge');
});

test('interrupt priorities: line status, then received data, then THR empty, then modem status', () => {
  const { bus, uart } = setup();
  init(bus, 0x0f);
  bus.write(MCR, 1, 0x1b); // loopback
  bus.write(FCR, 1, 0x00); // one-byte receiver
  bus.write(THR, 1, 1);
  bus.write(THR, 1, 2); // overrun
  assert.equal(bus.read(IIR, 1), 0x06);
  assert.equal(bus.read(LSR, 1) & 0x63, 0x63);
  assert.equal(bus.read(LSR, 1) & 0x02, 0, 'reading LSR clears the overrun');
  assert.equal(bus.read(IIR, 1), 0x04);
  assert.equal(bus.read(THR, 1), 1);
  assert.equal(bus.read(IIR, 1), 0x02);
  assert.equal(bus.read(IIR, 1), 0x01);
  bus.write(MCR, 1, 0x13); // loopback DCD (OUT2) falls
  assert.equal(bus.read(IIR, 1), 0x00, 'modem status delta');
  bus.read(MSR, 1);
  assert.equal(bus.read(IIR, 1), 0x01);
  uart.receive([7]);
  assert.equal(bus.read(LSR, 1) & 1, 0, 'host input waits while in loopback');
});

test('loopback: transmitted bytes come back, modem outputs show as inputs, the IRQ line is disconnected', () => {
  const { bus, sent, irq } = setup();
  init(bus, 0x01);
  bus.write(MCR, 1, 0x10 | 0x01 | 0x02);
  assert.equal(bus.read(MSR, 1), 0x30 | 0x08, 'RTS->CTS, DTR->DSR; DCD fell');
  assert.equal(bus.read(MSR, 1), 0x30, 'reading MSR clears the deltas');
  bus.write(MCR, 1, 0x10 | 0x04 | 0x08);
  assert.equal(bus.read(MSR, 1) & 0xf0, 0xc0, 'OUT1->RI, OUT2->DCD');
  bus.write(MCR, 1, 0x10);
  assert.equal(bus.read(MSR, 1) & 0x0f, 0x0c, 'trailing edge of RI, DCD change');
  bus.write(THR, 1, 0x55);
  assert.deepEqual(sent, []);
  assert.equal(bus.read(IIR, 1) & 0x0f, 0x0c);
  assert.ok(!irq());
  assert.equal(bus.read(THR, 1), 0x55);
  bus.write(MCR, 1, 0x0b);
  bus.write(THR, 1, 0x56);
  assert.deepEqual(sent, [0x56]);
});
