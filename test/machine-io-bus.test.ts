import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IoBus, IoDevice } from '../src/machine/io-bus';

class ByteRegisters implements IoDevice {
  readonly regs = new Map<number, number>();
  read8(port: number): number {
    return this.regs.get(port) ?? 0;
  }
  write8(port: number, value: number): void {
    this.regs.set(port, value);
  }
}

test('unclaimed ports read all ones and swallow writes', () => {
  const bus = new IoBus();
  bus.write(0x300, 4, 0x12345678);
  assert.equal(bus.read(0x300, 1), 0xff);
  assert.equal(bus.read(0x300, 2), 0xffff);
  assert.equal(bus.read(0x300, 4), 0xffffffff);
});

test('wide accesses to byte-only devices split into bytes, lowest port first, each to its owner', () => {
  const bus = new IoBus();
  const a = new ByteRegisters();
  const b = new ByteRegisters();
  bus.register(0x100, 2, a);
  bus.register(0x102, 1, b);
  bus.write(0x100, 4, 0x44332211);
  assert.deepEqual([...a.regs], [[0x100, 0x11], [0x101, 0x22]]);
  assert.deepEqual([...b.regs], [[0x102, 0x33]]);
  assert.equal(bus.read(0x100, 4), 0xff332211);
  assert.equal(bus.read(0x101, 2), 0x3322);
  assert.throws(() => bus.register(0x101, 1, b), /already claimed/);
});

test('devices that implement a width get the access whole', () => {
  const bus = new IoBus();
  const log: string[] = [];
  const dev: IoDevice = {
    read8: () => 1,
    write8: (p, v) => void log.push(`b${p.toString(16)}=${v}`),
    read32: () => 0xfedcba98,
    write16: (p, v) => void log.push(`w${p.toString(16)}=${v.toString(16)}`),
  };
  bus.register(0xcf8, 4, dev);
  bus.write(0xcf8, 2, 0x1234);
  bus.write(0xcfb, 2, 0xabcd); // only half inside the device: split
  assert.equal(bus.read(0xcf8, 4), 0xfedcba98);
  assert.equal(bus.read(0xcf8, 2), 0x0101);
  assert.deepEqual(log, ['wcf8=1234', 'bcfb=205']);
});

test('the interceptor sees chosen ports first and may answer, pass or consume', () => {
  const bus = new IoBus();
  const dev = new ByteRegisters();
  bus.register(0x60, 5, dev);
  const seen: string[] = [];
  bus.setInterceptor(
    {
      input: (port, size) => (seen.push(`in ${port.toString(16)}/${size}`), port === 0x60 ? 0xaa : undefined),
      output: (port, size, value) => (seen.push(`out ${port.toString(16)}/${size}=${value}`), port === 0x64),
    },
    [0x60, 0x64],
  );
  assert.equal(bus.read(0x60, 1), 0xaa);
  assert.equal(bus.read(0x64, 1), 0);
  bus.write(0x64, 1, 0xfe);
  bus.write(0x60, 1, 0x01);
  bus.write(0x61, 1, 0x02); // not intercepted
  assert.deepEqual(seen, ['in 60/1', 'in 64/1', 'out 64/1=254', 'out 60/1=1']);
  assert.deepEqual([...dev.regs], [[0x60, 1], [0x61, 2]]);
  bus.setInterceptor(undefined);
  assert.equal(bus.read(0x60, 1), 1);
});
