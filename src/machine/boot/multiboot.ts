// Multiboot v1 (the 0.6.96 specification): finds the header, lays out the kernel as an
// a.out-kludge flat binary or an ELF32 executable, and builds the information structure
// with a memory map, so that the same file boots here and under `qemu-system-i386 -kernel`.

import { isElf, parseElf, ElfSymbol } from './elf';
import { ImageError } from './image-error';

export const MULTIBOOT_MAGIC = 0x1badb002;
/** EAX at the kernel's entry. */
export const MULTIBOOT_BOOTLOADER_MAGIC = 0x2badb002;

const SEARCH_LIMIT = 8192;
const FLAG_AOUT_KLUDGE = 1 << 16;
/** Header flags 0-2 (page-aligned modules, memory info, video mode) are the ones we can honour or ignore. */
const KNOWN_REQUIRED_FLAGS = 0x7;

/**
 * Where the information structure and the memory map go: where QEMU's multiboot option ROM
 * puts them (MBI at 0x9500, the E820 map at 0x9000). The command line and the module list
 * follow the kernel at the next page boundary, as QEMU lays them out.
 */
const MBI_ADDRESS = 0x9500;
const MMAP_ADDRESS = 0x9000;
const BOOT_INFO_START = 0x9000;
const BOOT_INFO_END = 0x9600;
/** SeaBIOS keeps the top 128 KiB of RAM for its tables and marks it reserved. */
const FIRMWARE_RESERVED_TOP = 0x20000;

export interface MultibootLoad {
  address: number;
  data: Uint8Array;
  /** Zero bytes that follow the data (.bss). */
  zeroBytes: number;
}

export interface MultibootBoot {
  loads: MultibootLoad[];
  entry: number;
  eax: number;
  ebx: number;
  symbols: ElfSymbol[];
}

export interface MultibootOptions {
  memoryBytes: number;
  cmdline: string;
}

export function findMultibootHeader(image: Uint8Array): number | undefined {
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  for (let at = 0; at + 12 <= Math.min(image.length, SEARCH_LIMIT); at += 4) {
    if (view.getUint32(at, true) !== MULTIBOOT_MAGIC) continue;
    const flags = view.getUint32(at + 4, true);
    if (((MULTIBOOT_MAGIC + flags + view.getUint32(at + 8, true)) >>> 0) === 0) return at;
  }
  return undefined;
}

export function prepareMultiboot(image: Uint8Array, options: MultibootOptions): MultibootBoot {
  const header = findMultibootHeader(image);
  if (header === undefined) throw new ImageError('no Multiboot header (magic 0x1BADB002 with a valid checksum) in the first 8 KiB');
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  const flags = view.getUint32(header + 4, true);
  const unknown = flags & 0xffff & ~KNOWN_REQUIRED_FLAGS;
  if (unknown) throw new ImageError(`Multiboot header requires features this loader lacks (flags 0x${unknown.toString(16)})`);

  let loads: MultibootLoad[];
  let entry: number;
  let symbols: ElfSymbol[] = [];
  if (flags & FLAG_AOUT_KLUDGE) {
    ({ loads, entry } = aoutKludge(image, view, header));
  } else if (isElf(image)) {
    const elf = parseElf(image);
    loads = elf.segments.map((s) => ({ address: s.physical, data: s.data, zeroBytes: s.memSize - s.data.length }));
    const holder = elf.segments.find((s) => elf.entry >= s.virtual && elf.entry - s.virtual < s.memSize);
    entry = holder ? (elf.entry - holder.virtual + holder.physical) >>> 0 : elf.entry;
    symbols = elf.symbols;
  } else {
    throw new ImageError('Multiboot kernel is neither ELF32 nor marked with the a.out kludge (flag 16)');
  }

  for (const l of loads) {
    const end = l.address + l.data.length + l.zeroBytes;
    if (l.address < BOOT_INFO_END && end > BOOT_INFO_START) {
      throw new ImageError(`kernel loads at 0x${l.address.toString(16)}, over the boot information at 0x${BOOT_INFO_START.toString(16)}`);
    }
    if (end > options.memoryBytes) {
      throw new ImageError(`kernel loads up to 0x${end.toString(16)}, beyond the guest's ${options.memoryBytes >>> 20} MiB of memory`);
    }
  }
  const kernelEnd = Math.max(0, ...loads.map((l) => l.address + l.data.length + l.zeroBytes));
  loads.push(...bootInformation(options, Math.ceil(kernelEnd / 0x1000) * 0x1000));
  return { loads, entry, eax: MULTIBOOT_BOOTLOADER_MAGIC, ebx: MBI_ADDRESS, symbols };
}

function aoutKludge(image: Uint8Array, view: DataView, header: number): { loads: MultibootLoad[]; entry: number } {
  if (header + 32 > image.length) throw new ImageError('Multiboot header is cut short (the a.out kludge needs 32 bytes)');
  const [headerAddr, loadAddr, loadEndAddr, bssEndAddr, entryAddr] = [12, 16, 20, 24, 28].map((o) => view.getUint32(header + o, true));
  if (loadAddr > headerAddr) throw new ImageError('Multiboot load_addr lies above header_addr');
  const fileOffset = header - (headerAddr - loadAddr);
  if (fileOffset < 0) throw new ImageError('Multiboot header_addr and load_addr put the load before the start of the file');
  const length = loadEndAddr === 0 ? image.length - fileOffset : loadEndAddr - loadAddr;
  if (length < 0 || fileOffset + length > image.length) throw new ImageError('Multiboot load_end_addr lies beyond the end of the file');
  const end = loadAddr + length;
  const zeroBytes = bssEndAddr === 0 ? 0 : bssEndAddr - end;
  if (zeroBytes < 0) throw new ImageError('Multiboot bss_end_addr lies below load_end_addr');
  return { loads: [{ address: loadAddr, data: image.subarray(fileOffset, fileOffset + length), zeroBytes }], entry: entryAddr };
}

/** KiB of memory above 1 MiB that the information structure reports (mem_upper), as QEMU does. */
export function multibootMemUpperKb(memoryBytes: number): number {
  return Math.floor((memoryBytes - 0x100000 - FIRMWARE_RESERVED_TOP) / 1024);
}

/**
 * The Multiboot information structure, the memory map, the command line and the loader name,
 * laid out as QEMU's -kernel lays them out: flags 0x24F (memory, boot device, command line,
 * modules (none), memory map, loader name), the strings at `bufferAddress` after the kernel.
 */
function bootInformation({ memoryBytes, cmdline }: MultibootOptions, bufferAddress: number): MultibootLoad[] {
  const map: [number, number, number][] = [
    [0, 0x9fc00, 1],
    [0x9fc00, 0x400, 2],
    [0xf0000, 0x10000, 2],
    [0x100000, memoryBytes - 0x100000 - FIRMWARE_RESERVED_TOP, 1],
    [memoryBytes - FIRMWARE_RESERVED_TOP, FIRMWARE_RESERVED_TOP, 2],
    [0xfffc0000, 0x40000, 2],
  ];
  const mmap = new Uint8Array(map.length * 24);
  const mv = new DataView(mmap.buffer);
  map.forEach(([base, length, type], i) => {
    mv.setUint32(i * 24, 20, true);
    mv.setUint32(i * 24 + 4, base, true);
    mv.setUint32(i * 24 + 12, length, true);
    mv.setUint32(i * 24 + 20, type, true);
  });
  const encode = (s: string) => {
    const bytes = new TextEncoder().encode(s);
    const z = new Uint8Array(bytes.length + 1);
    z.set(bytes);
    return z;
  };
  const line = encode(cmdline);
  if (line.length > 4096) throw new ImageError('kernel command line is longer than 4 KiB');
  const loaderName = encode('ringside');
  const loaderAddress = bufferAddress + line.length;
  if (loaderAddress + loaderName.length > memoryBytes) throw new ImageError('no room for the command line after the kernel');
  const mbi = new Uint8Array(88);
  const v = new DataView(mbi.buffer);
  v.setUint32(0, (1 << 0) | (1 << 1) | (1 << 2) | (1 << 3) | (1 << 6) | (1 << 9), true);
  v.setUint32(4, 639, true); // mem_lower
  v.setUint32(8, multibootMemUpperKb(memoryBytes), true);
  v.setUint32(12, 0x8000ffff, true); // boot_device: the first hard disk, no partition
  v.setUint32(16, bufferAddress, true); // cmdline
  v.setUint32(20, 0, true); // mods_count
  v.setUint32(24, bufferAddress, true); // mods_addr
  v.setUint32(44, mmap.length, true);
  v.setUint32(48, MMAP_ADDRESS, true);
  v.setUint32(64, loaderAddress, true);
  return [
    { address: MBI_ADDRESS, data: mbi, zeroBytes: 0 },
    { address: MMAP_ADDRESS, data: mmap, zeroBytes: 0 },
    { address: bufferAddress, data: line, zeroBytes: 0 },
    { address: loaderAddress, data: loaderName, zeroBytes: 0 },
  ];
}
