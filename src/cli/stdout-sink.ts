// Guest output to the process's standard output: raw bytes, written synchronously at every
// newline, when the buffer fills and between run slices, so nothing is lost when the run ends
// (or is killed) and a chatty guest does not cost a system call per byte.

import * as fs from 'node:fs';
import { OutputChannel, OutputSink } from '../machine/output';

const CAPACITY = 16 * 1024;

export class StdoutSink implements OutputSink {
  private readonly buffer = Buffer.alloc(CAPACITY);
  private used = 0;

  constructor(private readonly fd = 1) {}

  write(_channel: OutputChannel, byte: number): void {
    this.buffer[this.used++] = byte;
    if (byte === 0x0a || this.used === CAPACITY) this.flush();
  }

  flush(): void {
    let offset = 0;
    while (offset < this.used) {
      try {
        offset += fs.writeSync(this.fd, this.buffer, offset, this.used - offset);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') continue; // a non-blocking pipe is full: wait for the reader
        if (code === 'EPIPE') break; // the reader is gone: drop the output, keep running
        throw e;
      }
    }
    this.used = 0;
  }
}
