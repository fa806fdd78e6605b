// `--boot auto`: which way an image boots, from its bytes.
//
//   an ELF file, or a Multiboot header in the first 8 KiB      -> multiboot
//   else, with --disk, or a disk image (whole 512-byte sectors, the first ending in 55 AA) -> bios
//   else, at most 256 KiB                                      -> rom
//   else                                                       -> not bootable

import { isElf } from './elf';
import { ImageError } from './image-error';
import { MAX_ROM_BYTES } from './firmware';
import { findMultibootHeader } from './multiboot';

export type BootMode = 'multiboot' | 'rom' | 'bios';

export const AUTO_BOOT_RULE =
  'ELF or a Multiboot header -> multiboot; with --disk, or whole 512-byte sectors whose first ends in 55 AA -> bios; otherwise rom (up to 256 KiB)';

/** A boot sector, or a disk image that starts with one (a boot loader and the sectors it reads). */
export function isBootableDisk(image: Uint8Array): boolean {
  return image.length >= 512 && image.length % 512 === 0 && image[510] === 0x55 && image[511] === 0xaa;
}

export function detectBootMode(image: Uint8Array, hasDisk: boolean): BootMode {
  if (isElf(image) || findMultibootHeader(image) !== undefined) return 'multiboot';
  if (hasDisk || isBootableDisk(image)) return 'bios';
  if (image.length > 0 && image.length <= MAX_ROM_BYTES) return 'rom';
  throw new ImageError(
    image.length === 0
      ? 'the image is empty'
      : `cannot tell how to boot a ${image.length}-byte image: not ELF, no Multiboot header, not a boot sector, too large for a ROM (256 KiB)`,
  );
}
