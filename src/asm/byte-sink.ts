// A growable byte buffer for one section's contents.

export class ByteSink {
  private buf = new Uint8Array(4096);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  push(bytes: ArrayLike<number>): void {
    this.room(bytes.length);
    const b = this.buf;
    let at = this.length;
    for (let i = 0; i < bytes.length; i++) b[at++] = bytes[i];
    this.length = at;
  }

  byte(v: number): void {
    this.room(1);
    this.buf[this.length++] = v;
  }

  zeros(n: number): void {
    this.room(n);
    this.buf.fill(0, this.length, this.length + n);
    this.length += n;
  }

  bytes(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}
