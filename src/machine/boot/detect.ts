// `--boot auto`: which way an image boots, from its bytes.
//
//   an ELF file, or a Multiboot header in the first 8 KiB      -> multiboot
//   else, with --disk, or 512 bytes ending in 55 AA (a boot sector) -> bios
//   else, at most 256 KiB                                      -> rom
//   else                                                       -> not bootable

import { isElf } from './elf';
import { ImageError } from './image-error';
import { MAX_ROM_BYTES } from './firmware';
import { findMultibootHeader } from './multiboot';

export type BootMode = 'multiboot' | 'rom' | 'bios';

export const AUTO_BOOT_RULE =
  'ELF or a Multiboot header -> multiboot; with --disk, or a 512-byte image ending 55 AA -> bios; otherwise rom (up to 256 KiB)';

export function isBootSector(image: Uint8Array): boolean {
  return image.length === 512 && image[510] === 0x55 && image[511] === 0xaa;
}

export function detectBootMode(image: Uint8Array, hasDisk: boolean): BootMode {
  if (isElf(image) || findMultibootHeader(image) !== undefined) return 'multiboot';
  if (hasDisk || isBootSector(image)) return 'bios';
  if (image.length > 0 && image.length <= MAX_ROM_BYTES) return 'rom';
  throw new ImageError(
    image.length === 0
      ? 'the image is empty'
      : `cannot tell how to boot a ${image.length}-byte image: not ELF, no Multiboot header, not a boot sector, too large for a ROM (256 KiB)`,
  );
}
