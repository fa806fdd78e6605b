import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseElf } from '../src/machine/boot/elf';
import { ImageError } from '../src/machine/boot/image-error';
import { prepareMultiboot, MULTIBOOT_MAGIC } from '../src/machine/boot/multiboot';
import { detectBootMode } from '../src/machine/boot/detect';

/** A minimal ELF32 i386 executable: one PT_LOAD segment with `code`, plus one symbol. */
function elfImage(code: number[], entry: number, paddr: number, vaddr = paddr): Uint8Array {
  const image = new Uint8Array(0x200);
  const v = new DataView(image.buffer);
  image.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]);
  v.setUint16(16, 2, true); v.setUint16(18, 3, true); v.setUint32(20, 1, true);
  v.setUint32(24, entry, true); v.setUint32(28, 0x34, true); v.setUint32(32, 0x100, true);
  v.setUint16(40, 52, true); v.setUint16(42, 32, true); v.setUint16(44, 1, true);
  v.setUint16(46, 40, true); v.setUint16(48, 3, true); v.setUint16(50, 0, true);
  // Program header: PT_LOAD, offset 0x80.
  [1, 0x80, vaddr, paddr, code.length, code.length + 16, 5, 0x1000].forEach((x, i) => v.setUint32(0x34 + i * 4, x, true));
  image.set(code, 0x80);
  // Sections: null, .symtab at 0x180 (2 entries), .strtab at 0x1a0.
  const sh = (i: number, type: number, off: number, size: number, link: number, entsize: number) =>
    [0, type, 0, 0, off, size, link, 0, 0, entsize].forEach((x, k) => v.setUint32(0x100 + i * 40 + k * 4, x, true));
  sh(1, 2, 0x180, 32, 2, 16);
  sh(2, 3, 0x1a0, 8, 0, 0);
  v.setUint32(0x190, 1, true); v.setUint32(0x194, vaddr, true); image[0x19c] = 0x12; v.setUint16(0x19e, 1, true);
  image.set([0, ...new TextEncoder().encode('start'), 0], 0x1a0);
  return image;
}

test('ELF32 segments, entry and symbols', () => {
  const elf = parseElf(elfImage([0xf4], 0x100000, 0x100000));
  assert.equal(elf.entry, 0x100000);
  assert.deepEqual(elf.segments.map((s) => [s.physical, s.data.length, s.memSize]), [[0x100000, 1, 17]]);
  assert.deepEqual(elf.symbols, [{ name: 'start', value: 0x100000, size: 0, isFunction: true }]);
});

test('malformed ELF files give image errors', () => {
  const good = elfImage([0xf4], 0x100000, 0x100000);
  for (const cut of [3, 20, 60, 0x90]) assert.throws(() => parseElf(good.subarray(0, cut)), ImageError);
  const wrongMachine = good.slice(); wrongMachine[18] = 0x3e;
  assert.throws(() => parseElf(wrongMachine), /not i386/);
  const hugeOffset = good.slice(); new DataView(hugeOffset.buffer).setUint32(0x38, 0xfffffff0, true);
  assert.throws(() => parseElf(hugeOffset), /outside the file/);
});

test('Multiboot a.out kludge image', () => {
  const image = new Uint8Array(64);
  const v = new DataView(image.buffer);
  const flags = 0x10003;
  [MULTIBOOT_MAGIC, flags, -(MULTIBOOT_MAGIC + flags) >>> 0, 0x100000, 0x100000, 0x100040, 0x100100, 0x100020]
    .forEach((x, i) => v.setUint32(i * 4, x, true));
  const boot = prepareMultiboot(image, { memoryBytes: 32 << 20, cmdline: 'quiet' });
  assert.equal(boot.entry, 0x100020);
  assert.equal(boot.eax, 0x2badb002);
  assert.deepEqual([boot.loads[0].address, boot.loads[0].data.length, boot.loads[0].zeroBytes], [0x100000, 64, 0xc0]);
  const mbi = new DataView(boot.loads[1].data.buffer);
  assert.equal(boot.loads[1].address, boot.ebx);
  assert.equal(mbi.getUint32(8, true), 32 * 1024 - 1024 - 128, 'mem_upper: RAM above 1 MiB less the 128 KiB that SeaBIOS reserves at the top, as QEMU reports it');
  const cmdline = boot.loads.find((l) => l.address === mbi.getUint32(16, true))!;
  assert.equal(new TextDecoder().decode(cmdline.data), 'quiet\0');
});

test('Multiboot ELF kernel with a virtual entry point is entered at its physical address', () => {
  const image = elfImage([0x90, 0xf4], 0xc0100001, 0x100000, 0xc0100000);
  const header = new DataView(image.buffer);
  header.setUint32(0x84, MULTIBOOT_MAGIC, true); header.setUint32(0x88, 0, true); header.setUint32(0x8c, -MULTIBOOT_MAGIC >>> 0, true);
  // Keep the header inside the loaded bytes: the segment is code.length bytes, so grow it.
  header.setUint32(0x34 + 16, 16, true);
  const boot = prepareMultiboot(image, { memoryBytes: 32 << 20, cmdline: '' });
  assert.equal(boot.entry, 0x100001);
});

test('Multiboot refusals', () => {
  assert.throws(() => prepareMultiboot(new Uint8Array(100), { memoryBytes: 1 << 25, cmdline: '' }), /no Multiboot header/);
  const image = new Uint8Array(64);
  const v = new DataView(image.buffer);
  const flags = 0x10000;
  [MULTIBOOT_MAGIC, flags, -(MULTIBOOT_MAGIC + flags) >>> 0, 0x4000000, 0x4000000, 0, 0, 0x4000000].forEach((x, i) => v.setUint32(i * 4, x, true));
  assert.throws(() => prepareMultiboot(image, { memoryBytes: 32 << 20, cmdline: '' }), /beyond the guest's 32 MiB/);
});

test('--boot auto: ELF or a Multiboot header, then disk images of whole sectors ending 55 AA, then ROMs', () => {
  const sector = new Uint8Array(512);
  sector[510] = 0x55;
  sector[511] = 0xaa;
  assert.equal(detectBootMode(sector, false), 'bios', 'a boot sector');
  const disk = new Uint8Array(4 * 512);
  disk.set(sector);
  assert.equal(detectBootMode(disk, false), 'bios', 'a boot loader with the sectors it reads');
  assert.equal(detectBootMode(disk.subarray(0, 1000), false), 'rom', 'not whole sectors: firmware');
  assert.equal(detectBootMode(new Uint8Array(1024), false), 'rom', 'no signature: firmware');
  assert.equal(detectBootMode(new Uint8Array(1024), true), 'bios', 'with --disk the BIOS boots');
  assert.throws(() => detectBootMode(new Uint8Array(512 * 1024), false), /cannot tell how to boot a 524288-byte image/);
  assert.throws(() => detectBootMode(new Uint8Array(0), false), /the image is empty/);
});
