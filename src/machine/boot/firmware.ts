// Firmware at the reset vector: an image mapped read-only so that it ends at the top of the
// first MiB and at the top of 4 GiB (where the CPU's first fetch, FFFFFFF0, finds it).

import { Pc } from '../pc';
import { ImageError } from './image-error';

export const MAX_ROM_BYTES = 256 * 1024;
const PAGE = 0x1000;

/** Maps `image` (up to 256 KiB) below 0x100000 and below 0x1_0000_0000. */
export function mapFirmware(pc: Pc, image: Uint8Array): void {
  if (image.length === 0) throw new ImageError('ROM image is empty');
  if (image.length > MAX_ROM_BYTES) {
    throw new ImageError(`ROM image is ${image.length} bytes; at most ${MAX_ROM_BYTES} (256 KiB) fit below the reset vector`);
  }
  // Whole pages, padded at the front with 0xFF (erased flash) so the image's end is the top.
  const size = Math.ceil(image.length / PAGE) * PAGE;
  const rom = new Uint8Array(size).fill(0xff);
  rom.set(image, size - image.length);
  pc.memory.mapRom(0x100000 - size, rom);
  pc.memory.mapRom(0x100000000 - size, rom);
}
