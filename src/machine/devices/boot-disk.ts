// The disk behind the virtual BIOS's INT 13h (disk 80h): a synchronous programmed-I/O block
// device at ports 0x4E0-0x4EB, as src/machine/bios/README.md defines it.
//
//   0x4E0 dword R/W  LBA            0x4E4 byte W  command (01h read, 02h write)
//   0x4E4 byte  R    status (00h ok, 01h failed)
//   0x4E6 word  R/W  data: the 512-byte sector buffer, in order; a command rewinds it
//   0x4E8 dword R    size in sectors (0 = no image)
//
// The image is the guest's own copy: writes land in an overlay of changed sectors and never
// reach the host file, so a run can be repeated (and snapshotted) with the same result.

import { IoDevice } from '../io-bus';

export const DISK_PORT_BASE = 0x4e0;
export const DISK_PORT_COUNT = 12;
export const SECTOR_BYTES = 512;

const LBA = 0x4e0;
const COMMAND = 0x4e4;
const DATA = 0x4e6;
const SIZE = 0x4e8;
const CMD_READ = 0x01;
const CMD_WRITE = 0x02;

export interface BootDiskState {
  lba: number;
  status: number;
  position: number;
  buffer: Uint8Array;
  written: Map<number, Uint8Array>;
}

export class BootDisk implements IoDevice {
  /** Whole sectors; a trailing partial sector reads as if padded with zeros. */
  readonly sectors: number;
  private s: BootDiskState = { lba: 0, status: 0, position: 0, buffer: new Uint8Array(SECTOR_BYTES), written: new Map() };

  constructor(private readonly image: Uint8Array | undefined) {
    this.sectors = image === undefined ? 0 : Math.ceil(image.length / SECTOR_BYTES);
  }

  /** The contents of one sector as the guest sees it now (writes included). */
  sector(lba: number): Uint8Array {
    const written = this.s.written.get(lba);
    if (written !== undefined) return written;
    const out = new Uint8Array(SECTOR_BYTES);
    if (this.image !== undefined) out.set(this.image.subarray(lba * SECTOR_BYTES, (lba + 1) * SECTOR_BYTES));
    return out;
  }

  read8(port: number): number {
    switch (port) {
      case COMMAND:
        return this.s.status;
      case DATA:
      case DATA + 1:
        return this.nextByte();
      default:
        if (port >= LBA && port < LBA + 4) return (this.s.lba >>> ((port - LBA) * 8)) & 0xff;
        if (port >= SIZE && port < SIZE + 4) return (this.sectors >>> ((port - SIZE) * 8)) & 0xff;
        return 0xff;
    }
  }

  write8(port: number, value: number): void {
    if (port === COMMAND) this.command(value);
    else if (port === DATA || port === DATA + 1) this.putByte(value);
    else if (port >= LBA && port < LBA + 4) {
      const shift = (port - LBA) * 8;
      this.s.lba = ((this.s.lba & ~(0xff << shift)) | ((value & 0xff) << shift)) >>> 0;
    }
  }

  read16(port: number): number {
    if (port !== DATA) return this.read8(port) | (this.read8(port + 1) << 8);
    const lo = this.nextByte();
    return lo | (this.nextByte() << 8);
  }

  write16(port: number, value: number): void {
    if (port !== DATA) {
      this.write8(port, value & 0xff);
      this.write8(port + 1, value >>> 8);
      return;
    }
    this.putByte(value & 0xff);
    this.putByte(value >>> 8);
  }

  read32(port: number): number {
    if (port === LBA) return this.s.lba;
    if (port === SIZE) return this.sectors;
    return (this.read16(port) | (this.read16(port + 2) << 16)) >>> 0;
  }

  write32(port: number, value: number): void {
    if (port === LBA) this.s.lba = value >>> 0;
    else {
      this.write16(port, value & 0xffff);
      this.write16(port + 2, value >>> 16);
    }
  }

  snapshot(): BootDiskState {
    return { ...this.s, buffer: this.s.buffer.slice(), written: new Map(this.s.written) };
  }

  restore(state: BootDiskState): void {
    this.s = { ...state, buffer: state.buffer.slice(), written: new Map(state.written) };
  }

  private command(value: number): void {
    const s = this.s;
    s.position = 0;
    const ok = s.lba < this.sectors;
    if (value === CMD_READ && ok) {
      s.buffer.set(this.sector(s.lba));
      s.status = 0;
    } else if (value === CMD_WRITE && ok) {
      s.written.set(s.lba, s.buffer.slice());
      s.status = 0;
    } else {
      s.status = 1;
    }
  }

  private nextByte(): number {
    const s = this.s;
    const b = s.buffer[s.position];
    s.position = (s.position + 1) % SECTOR_BYTES;
    return b;
  }

  private putByte(value: number): void {
    const s = this.s;
    s.buffer[s.position] = value & 0xff;
    s.position = (s.position + 1) % SECTOR_BYTES;
  }
}
