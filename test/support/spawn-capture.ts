// Runs a program to its end with standard output kept as bytes and standard error as text;
// one that outlives its time is killed. QEMU and `bin/ringside run` are both run this way.

import { spawn } from 'node:child_process';

export interface CapturedRun {
  /** Everything the program wrote to standard output (the guest's bytes, for a machine). */
  stdout: Buffer;
  /** Exit status; null when the program was killed (timeout). */
  status: number | null;
  /** True when the run was stopped by the timeout. */
  timedOut: boolean;
  stderr: string;
}

export function runCaptured(command: string, args: string[], timeoutMs: number): Promise<CapturedRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout: Buffer.concat(out), status: code, timedOut, stderr: err });
    });
  });
}
