// ELF32 executables for IA-32 (the System V ABI's i386 supplement): loadable segments,
// the entry point and, where the file keeps them, its symbols. Every offset is checked:
// a malformed file gives an ImageError, never an exception from reading past the end.

import { ImageError } from './image-error';

export interface ElfSegment {
  /** Physical load address (p_paddr), as Multiboot loaders use it. */
  physical: number;
  virtual: number;
  /** The bytes from the file; memSize - data.length more bytes are zero (.bss). */
  data: Uint8Array;
  memSize: number;
}

export interface ElfSymbol {
  name: string;
  value: number;
  size: number;
  isFunction: boolean;
}

export interface ElfImage {
  entry: number;
  segments: ElfSegment[];
  symbols: ElfSymbol[];
}

const PT_LOAD = 1;
const SHT_SYMTAB = 2;
const STT_FUNC = 2;

export function isElf(image: Uint8Array): boolean {
  return image.length >= 4 && image[0] === 0x7f && image[1] === 0x45 && image[2] === 0x4c && image[3] === 0x46;
}

export function parseElf(image: Uint8Array): ElfImage {
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  const need = (offset: number, length: number, what: string) => {
    if (offset < 0 || length < 0 || offset + length > image.length) {
      throw new ImageError(`ELF ${what} lies outside the file (offset 0x${offset.toString(16)}, ${length} bytes)`);
    }
  };
  need(0, 52, 'header');
  if (!isElf(image)) throw new ImageError('not an ELF file');
  if (image[4] !== 1) throw new ImageError('ELF file is not 32-bit (ELFCLASS32)');
  if (image[5] !== 1) throw new ImageError('ELF file is not little-endian');
  const u16 = (o: number) => view.getUint16(o, true);
  const u32 = (o: number) => view.getUint32(o, true);
  if (u16(18) !== 3) throw new ImageError(`ELF machine ${u16(18)} is not i386 (3)`);
  if (u16(16) !== 2) throw new ImageError('ELF file is not an executable (ET_EXEC)');

  const phoff = u32(28), phentsize = u16(42), phnum = u16(44);
  if (phnum > 0 && phentsize < 32) throw new ImageError('ELF program header entries are too small');
  need(phoff, phnum * phentsize, 'program header table');
  const segments: ElfSegment[] = [];
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (u32(at) !== PT_LOAD) continue;
    const offset = u32(at + 4), vaddr = u32(at + 8), paddr = u32(at + 12), filesz = u32(at + 16), memsz = u32(at + 20);
    need(offset, filesz, `segment ${i}`);
    if (memsz < filesz) throw new ImageError(`ELF segment ${i} is smaller in memory than in the file`);
    segments.push({ physical: paddr, virtual: vaddr, data: image.subarray(offset, offset + filesz), memSize: memsz });
  }
  if (segments.length === 0) throw new ImageError('ELF file has no loadable segment');
  return { entry: u32(24), segments, symbols: readSymbols(image, view, need) };
}

function readSymbols(image: Uint8Array, view: DataView, need: (o: number, l: number, w: string) => void): ElfSymbol[] {
  const u16 = (o: number) => view.getUint16(o, true);
  const u32 = (o: number) => view.getUint32(o, true);
  const shoff = u32(32), shentsize = u16(46), shnum = u16(48);
  if (shoff === 0 || shnum === 0) return [];
  if (shentsize < 40) throw new ImageError('ELF section header entries are too small');
  need(shoff, shnum * shentsize, 'section header table');
  const section = (i: number) => {
    const at = shoff + i * shentsize;
    return { type: u32(at + 4), offset: u32(at + 16), size: u32(at + 20), link: u32(at + 24), entsize: u32(at + 36) };
  };
  const symbols: ElfSymbol[] = [];
  for (let i = 0; i < shnum; i++) {
    const symtab = section(i);
    if (symtab.type !== SHT_SYMTAB) continue;
    if (symtab.link >= shnum) throw new ImageError('ELF symbol table names a missing string table');
    const strtab = section(symtab.link);
    need(symtab.offset, symtab.size, 'symbol table');
    need(strtab.offset, strtab.size, 'string table');
    const entsize = symtab.entsize || 16;
    for (let at = symtab.offset; at + 16 <= symtab.offset + symtab.size; at += entsize) {
      const nameOffset = u32(at);
      const name = readString(image, strtab.offset + nameOffset, strtab.offset + strtab.size);
      const shndx = u16(at + 14);
      if (name === '' || shndx === 0) continue; // unnamed or undefined
      symbols.push({ name, value: u32(at + 4), size: u32(at + 8), isFunction: (image[at + 12] & 0xf) === STT_FUNC });
    }
  }
  return symbols;
}

function readString(image: Uint8Array, start: number, end: number): string {
  let stop = start;
  while (stop < end && image[stop] !== 0) stop++;
  return start >= end ? '' : new TextDecoder().decode(image.subarray(start, stop));
}
