// The disassemble request: instructions from guest-linear memory, with bytes, the label at the
// address and the source line the assembler recorded. Going backwards from an address needs a
// starting point that decodes in step with it: we try starts until one lands on the address.

import { DebugProtocol } from '@vscode/debugprotocol';
import { decode } from '../src/arch/decoder';
import { disassembleOne } from '../src/asm/disassembler';
import type { Runtime } from './runtime/runtime';
import { hex } from './runtime/format';

interface Insn {
  address: number;
  length: number;
  text: string;
  bytes: Uint8Array;
  readable: boolean;
}

function decodeAt(rt: Runtime, address: number, bits: 16 | 32, symbols: Map<number, string>): Insn {
  const r = rt.memory.read('linear', address, 16);
  if (r.data.length === 0) return { address, length: 1, text: '??', bytes: new Uint8Array(0), readable: false };
  const line = disassembleOne(r.data, 0, { bits, origin: address, symbols });
  return { address, length: Math.max(1, line.bytes.length), text: line.text || '??', bytes: line.bytes, readable: true };
}

/** The length of the instruction at `address` (1 where nothing decodes). */
function lengthAt(rt: Runtime, address: number, bits: 16 | 32): number {
  const r = rt.memory.read('linear', address, 16);
  try {
    const insn = decode((i) => {
      if (i >= r.data.length) throw new RangeError('unreadable');
      return r.data[i];
    }, bits, true);
    return insn.form === null ? 1 : insn.length;
  } catch {
    return 1;
  }
}

/** Instructions before `address`, nearest last (at most `count`). */
function before(rt: Runtime, address: number, count: number, bits: 16 | 32, symbols: Map<number, string>): Insn[] {
  // The assembler's statements, followed back while each ends where the next begins...
  const chain: number[] = [];
  let at = address;
  while (chain.length < count) {
    const e = rt.lineTable.find((x) => (x.address + x.length) >>> 0 === at && x.length > 0);
    if (e === undefined) break;
    chain.unshift(e.address);
    at = e.address;
  }
  if (chain.length === count) return chain.map((s) => decodeAt(rt, s, bits, symbols));
  // ...then a start a few bytes per instruction back, moved until decoding lands in step
  for (let back = Math.min(at, (count - chain.length) * 4 + 16); back > 0; back--) {
    const starts: number[] = [];
    let a = at - back;
    while (a < at) {
      starts.push(a);
      a += lengthAt(rt, a, bits);
    }
    if (a === at) return [...starts, ...chain].slice(-count).map((s) => decodeAt(rt, s, bits, symbols));
  }
  return chain.map((s) => decodeAt(rt, s, bits, symbols));
}

export function disassemble(rt: Runtime, args: DebugProtocol.DisassembleArguments, reference: number): DebugProtocol.DisassembledInstruction[] {
  const bits: 16 | 32 = rt.cpu.segs[1].big ? 32 : 16;
  const symbols = rt.symbols.addressMap();
  let start = (reference + (args.offset ?? 0)) >>> 0;
  const count = Math.max(0, Math.min(args.instructionCount, 4096));
  const skip = args.instructionOffset ?? 0;
  const out: Insn[] = [];
  if (skip < 0) {
    const earlier = before(rt, start, -skip, bits, symbols);
    // pad with placeholders where nothing decodes in step
    for (let i = earlier.length; i < -skip; i++) out.push({ address: (start - (-skip - i)) >>> 0, length: 1, text: '??', bytes: new Uint8Array(0), readable: false });
    out.push(...earlier);
  } else {
    for (let i = 0; i < skip; i++) start = (start + decodeAt(rt, start, bits, symbols).length) >>> 0;
  }
  while (out.length < count) {
    const i = decodeAt(rt, start, bits, symbols);
    out.push(i);
    start = (start + i.length) >>> 0;
  }
  let lastFile: string | undefined;
  let lastLine: number | undefined;
  return out.slice(0, count).map((i) => {
    const d: DebugProtocol.DisassembledInstruction = {
      address: hex(i.address, 8),
      instruction: i.text,
      instructionBytes: [...i.bytes].map((b) => b.toString(16).padStart(2, '0')).join(' '),
    };
    if (!i.readable) d.presentationHint = 'invalid';
    const symbol = symbols.get(i.address);
    if (symbol !== undefined) d.symbol = symbol;
    const entry = rt.sourceAt(i.address);
    if (entry !== undefined && (entry.file !== lastFile || entry.line !== lastLine)) {
      d.location = { name: entry.file.split(/[\\/]/).pop(), path: entry.file };
      d.line = entry.line;
      lastFile = entry.file;
      lastLine = entry.line;
    }
    return d;
  });
}
