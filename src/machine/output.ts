// Where guest output goes: standard output for the CLI, events for the debugger.

export type OutputChannel = 'serial' | 'debugcon';

export interface OutputSink {
  write(channel: OutputChannel, byte: number): void;
}

/** Keeps everything written, per channel (tests, and callers that print at the end). */
export class BufferedOutput implements OutputSink {
  readonly bytes: Record<OutputChannel, number[]> = { serial: [], debugcon: [] };

  write(channel: OutputChannel, byte: number): void {
    this.bytes[channel].push(byte);
  }

  text(channel: OutputChannel): string {
    return Buffer.from(this.bytes[channel]).toString('latin1');
  }
}
