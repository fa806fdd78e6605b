// The ISA I/O port bus: 64 Ki byte ports, each owned by at most one device.
//
// A 16- or 32-bit access goes to the device whole when one device owns every byte of it and
// implements that width; otherwise it is split into byte accesses, lowest port first, each
// dispatched to its own owner. Unclaimed ports read as all ones and ignore writes.
//
// A monitor can intercept chosen ports (like VT-x I/O bitmaps): the interceptor sees the access
// before any device and may answer it, let it through, or throw to abort the instruction.

export interface IoDevice {
  read8(port: number): number;
  write8(port: number, value: number): void;
  read16?(port: number): number;
  write16?(port: number, value: number): void;
  read32?(port: number): number;
  write32?(port: number, value: number): void;
}

export interface IoInterceptor {
  /** Returns the value read, or undefined to let the access reach the device. */
  input(port: number, size: number): number | undefined;
  /** Returns true when the write was consumed. */
  output(port: number, size: number, value: number): boolean;
}

const PORTS = 0x10000;

export class IoBus {
  /** Device index + 1 per port (0 = unclaimed). */
  private readonly owner = new Uint8Array(PORTS);
  private readonly devices: IoDevice[] = [];
  private readonly intercepted = new Uint8Array(PORTS);
  private interceptor: IoInterceptor | undefined;

  register(first: number, count: number, device: IoDevice): void {
    let index = this.devices.indexOf(device);
    if (index < 0) {
      if (this.devices.length === 255) throw new Error('too many I/O devices');
      index = this.devices.push(device) - 1;
    }
    for (let port = first; port < first + count; port++) {
      if (this.owner[port] !== 0) throw new Error(`I/O port 0x${port.toString(16)} is already claimed`);
      this.owner[port] = index + 1;
    }
  }

  /** Installs (or with undefined removes) the interceptor and the ports it sees. */
  setInterceptor(interceptor: IoInterceptor | undefined, ports: Iterable<number> = []): void {
    this.interceptor = interceptor;
    this.intercepted.fill(0);
    if (interceptor !== undefined) for (const port of ports) this.intercepted[port & 0xffff] = 1;
  }

  /** IN of `size` (1, 2 or 4) bytes. */
  read(port: number, size: number): number {
    port &= 0xffff;
    if (this.interceptor !== undefined && this.intercepted[port] !== 0) {
      const value = this.interceptor.input(port, size);
      if (value !== undefined) return value;
    }
    if (size === 1) return this.readByte(port);
    const device = this.whole(port, size);
    if (size === 2 && device?.read16 !== undefined) return device.read16(port);
    if (size === 4 && device?.read32 !== undefined) return device.read32(port) >>> 0;
    let value = 0;
    for (let i = 0; i < size; i++) value |= this.readByte((port + i) & 0xffff) << (8 * i);
    return size === 4 ? value >>> 0 : value;
  }

  /** OUT of `size` (1, 2 or 4) bytes. */
  write(port: number, size: number, value: number): void {
    port &= 0xffff;
    if (this.interceptor !== undefined && this.intercepted[port] !== 0 && this.interceptor.output(port, size, value)) return;
    if (size === 1) return this.writeByte(port, value & 0xff);
    const device = this.whole(port, size);
    if (size === 2 && device?.write16 !== undefined) return device.write16(port, value & 0xffff);
    if (size === 4 && device?.write32 !== undefined) return device.write32(port, value >>> 0);
    for (let i = 0; i < size; i++) this.writeByte((port + i) & 0xffff, (value >>> (8 * i)) & 0xff);
  }

  private readByte(port: number): number {
    const index = this.owner[port];
    return index === 0 ? 0xff : this.devices[index - 1].read8(port);
  }

  private writeByte(port: number, value: number): void {
    const index = this.owner[port];
    if (index !== 0) this.devices[index - 1].write8(port, value);
  }

  /** The device owning all `size` ports from `port`, or undefined. */
  private whole(port: number, size: number): IoDevice | undefined {
    const index = this.owner[port];
    if (index === 0) return undefined;
    for (let i = 1; i < size; i++) if (this.owner[(port + i) & 0xffff] !== index) return undefined;
    return this.devices[index - 1];
  }
}
