import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GuestMemory } from '../src/machine/memory/guest-memory';
import { MmioDevice } from '../src/machine/memory/mmio';

const MiB = 1024 * 1024;

test('untouched RAM reads zero and costs nothing; a 3 GiB machine allocates only what is written', () => {
  const before = process.memoryUsage().arrayBuffers;
  const mem = new GuestMemory(3072 * MiB);
  assert.equal(mem.read32(0xbfff_fffc), 0);
  assert.equal(mem.read8(0x1234_5678), 0);
  assert.equal(mem.allocatedPages, 0);
  mem.write32(0x8000_0000, 0xdeadbeef);
  mem.write8(0xbfff_ffff, 1);
  assert.equal(mem.allocatedPages, 2);
  assert.equal(mem.read32(0x8000_0000), 0xdeadbeef);
  assert.ok(process.memoryUsage().arrayBuffers - before < 4 * MiB);
});

test('addresses past RAM read as all ones and ignore writes', () => {
  const mem = new GuestMemory(32 * MiB);
  mem.write32(32 * MiB, 0x12345678);
  assert.equal(mem.read32(32 * MiB), 0xffffffff);
  assert.equal(mem.read16(0xffff_fffe), 0xffff);
  assert.equal(mem.read8(0xffff_ffff), 0xff);
  // A dword straddling the end of RAM: the RAM half is written, the hole half is dropped.
  mem.write32(32 * MiB - 2, 0xaabbccdd);
  assert.equal(mem.read32(32 * MiB - 2), 0xffffccdd);
});

test('8/16/32-bit accesses are little-endian, unaligned and page-crossing', () => {
  const mem = new GuestMemory(1 * MiB);
  mem.write32(0x1ffe, 0x44332211);
  assert.deepEqual([...mem.peek(0x1ffe, 4)], [0x11, 0x22, 0x33, 0x44]);
  assert.equal(mem.read32(0x1ffe), 0x44332211);
  assert.equal(mem.read16(0x1fff), 0x3322);
  mem.write16(0x2fff, 0xbeef);
  assert.equal(mem.read8(0x2fff), 0xef);
  assert.equal(mem.read8(0x3000), 0xbe);
  mem.write32(0x101, 0x80000001);
  assert.equal(mem.read32(0x101), 0x80000001);
  mem.write8(0x10, 0x1ff);
  assert.equal(mem.read8(0x10), 0xff);
});

test('ROM is readable, ignores writes, and may be mapped twice (low and high BIOS)', () => {
  const mem = new GuestMemory(32 * MiB);
  const image = new Uint8Array(0x10000 + 5).map((_, i) => i & 0xff);
  mem.mapRom(0xe0000, image);
  mem.mapRom(0xfffe0000, image);
  assert.equal(mem.read8(0xe0003), 3);
  assert.equal(mem.read32(0xfffe0004), 0x07060504);
  mem.write32(0xe0000, 0);
  assert.equal(mem.read8(0xe0000), 0);
  assert.equal(mem.read8(0xe0001), 1);
  assert.equal(mem.read8(0xf0004), 4); // the partial last page holds the image's tail
  assert.equal(mem.read8(0xf0005), 0xff); // and is padded with 0xFF
  assert.equal(mem.poke(0xe0000, Uint8Array.of(9)), 0);
  assert.equal(mem.writablePage(0xe0), undefined);
  assert.equal(mem.readPage(0xe0)![1], 1);
  assert.throws(() => mem.mapRom(0xe0001, image), /page-aligned/);
});

test('MMIO pages dispatch to the device with offset and width; page-crossing accesses split into bytes', () => {
  const mem = new GuestMemory(32 * MiB);
  const log: string[] = [];
  const device: MmioDevice = {
    read: (offset, size) => {
      log.push(`r${size}@${offset.toString(16)}`);
      return offset & 0xff;
    },
    write: (offset, size, value) => void log.push(`w${size}@${offset.toString(16)}=${value.toString(16)}`),
  };
  mem.mapMmio(0xfee00000, 0x2000, device);
  assert.equal(mem.read32(0xfee00020), 0x20);
  mem.write16(0xfee00030, 0x1234);
  mem.write8(0xfee01fff, 7);
  assert.equal(mem.read16(0xfee00fff), 0x00ff);
  assert.deepEqual(log, ['r4@20', 'w2@30=1234', 'w1@1fff=7', 'r1@fff', 'r1@1000']);
  assert.equal(mem.readPage(0xfee00), undefined);
  assert.deepEqual([...mem.peek(0xfee00000, 2)], [0xff, 0xff]); // the debugger does not disturb devices
  assert.equal(log.length, 5);
});

test('with A20 off, address bit 20 is masked: 1 MiB wraps to 0', () => {
  const mem = new GuestMemory(32 * MiB);
  mem.write8(0x100000, 0xaa);
  mem.write8(0, 0x55);
  mem.a20Enabled = false;
  assert.equal(mem.read8(0x100000), 0x55);
  assert.equal(mem.read16(0xfffff), 0x5500 | mem.read8(0xfffff));
  mem.write8(0x100001, 0x66);
  assert.equal(mem.read8(1), 0x66);
  assert.equal(mem.readPage(0x100), mem.readPage(0));
  mem.a20Enabled = true;
  assert.equal(mem.read8(0x100000), 0xaa);
  assert.equal(mem.read8(0x100001), 0);
});

test('direct page views see and make the same bytes as the access paths', () => {
  const mem = new GuestMemory(32 * MiB);
  const view = mem.writablePage(5)!;
  view[0x10] = 0x42;
  assert.equal(mem.read8(0x5010), 0x42);
  mem.write8(0x5011, 0x43);
  assert.equal(view[0x11], 0x43);
  const fresh = mem.readPage(6)!; // untouched RAM is allocated so that the view sees later writes
  mem.write8(0x6000, 1);
  assert.equal(fresh[0], 1);
  assert.equal(mem.readPage(0x40000)![0], 0xff); // a hole reads as all ones
});

test('write-watches notify after writes to watched pages only, per watcher, and not for debugger writes', () => {
  const mem = new GuestMemory(32 * MiB);
  const code: string[] = [];
  const tables: string[] = [];
  const bt = mem.createWatcher((a, size) => code.push(`${a.toString(16)}/${size}`));
  const shadow = mem.createWatcher((a, size) => tables.push(`${a.toString(16)}/${size}`));
  mem.write8(0x10000, 0);
  const epoch = mem.viewEpoch;
  bt.watch(0x10);
  shadow.watch(0x10);
  shadow.watch(0x11);
  assert.equal(mem.writablePage(0x10), undefined);
  mem.write32(0x10004, 0x11223344);
  mem.write8(0x12000, 1);
  mem.write16(0x10fff, 0xabcd); // crosses into 0x11: one byte each side
  mem.poke(0x10000, Uint8Array.of(1, 2)); // the debugger's or a loader's write is reported too
  assert.deepEqual(code, ['10004/4', '10fff/1', '10000/2']);
  assert.deepEqual(tables, ['10004/4', '10fff/1', '11000/1', '10000/2']);
  assert.equal(mem.read32(0x10004), 0x11223344);
  assert.ok(mem.viewEpoch > epoch, 'watching a page invalidates writable views');
  assert.deepEqual(shadow.pages(), [0x10, 0x11]);
  assert.ok(bt.isWatching(0x10) && !bt.isWatching(0x11));
  bt.unwatch(0x10);
  shadow.clear();
  mem.write8(0x10000, 9);
  assert.equal(code.length, 3);
  assert.equal(tables.length, 4);
  assert.ok(mem.writablePage(0x10) !== undefined);
  // A removed watcher's bit is reused, and its pages are no longer watched.
  const again = mem.createWatcher(() => {});
  again.watch(0x20);
  mem.removeWatcher(again);
  assert.equal(mem.watchMask(0x20), 0);
  assert.equal(mem.createWatcher(() => {}).bit, again.bit);
});

test('snapshot and restore: pages are shared until written, and a snapshot restores any number of times', () => {
  const mem = new GuestMemory(32 * MiB);
  mem.write32(0x1000, 1);
  mem.write32(0x2000, 2);
  const view = mem.writablePage(1)!;
  const watcher = mem.createWatcher(() => {});
  watcher.watch(3);
  const snap = mem.snapshot();
  const epoch = mem.viewEpoch;
  mem.write32(0x1000, 10);
  assert.ok(mem.viewEpoch > epoch, 'copy-on-write invalidates views');
  assert.equal(view[0], 1, 'the old view is the snapshot\'s buffer');
  mem.write32(0x5000, 5);
  mem.a20Enabled = false;
  watcher.unwatch(3);
  watcher.watch(4);
  mem.restore(snap);
  assert.equal(mem.read32(0x1000), 1);
  assert.equal(mem.read32(0x2000), 2);
  assert.equal(mem.read32(0x5000), 0);
  assert.equal(mem.allocatedPages, 2);
  assert.equal(mem.a20Enabled, true);
  assert.deepEqual(watcher.pages(), [3]);
  mem.write32(0x2000, 20);
  mem.restore(snap);
  assert.equal(mem.read32(0x2000), 2);
});

test('poke places an image across pages and around holes', () => {
  const mem = new GuestMemory(1 * MiB);
  const image = new Uint8Array(10_000).map((_, i) => i * 7);
  assert.equal(mem.poke(0x1ff0, image), 10_000);
  assert.deepEqual(mem.peek(0x1ff0, 10_000), image);
  assert.equal(mem.poke(MiB - 16, image.subarray(0, 32)), 16, 'the part past RAM is dropped');
  assert.deepEqual([...mem.peek(MiB - 1, 2)], [image[15], 0xff]);
});

test('RAM sizes are checked', () => {
  assert.throws(() => new GuestMemory(0), RangeError);
  assert.throws(() => new GuestMemory(3073 * MiB), RangeError);
  assert.throws(() => new GuestMemory(1000), RangeError);
});
