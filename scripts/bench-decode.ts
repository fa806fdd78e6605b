// Decoder throughput on a stream shaped like compiled kernel code: register moves, loads and
// stores through base+displacement and SIB, ALU with small immediates, compares and branches,
// pushes, calls, LEA, string moves. Run with `npm run bench:decode` after a build.

import { performance } from 'node:perf_hooks';
import { decode } from '../src/arch/decoder';
import { disassemble } from '../src/asm/disassembler';

// 32-bit code, one instruction per entry
const MIX = [
  '8b 45 08', '89 45 f8', '8b 04 8d 00 10 00 00', '89 14 24', '8b 5c 24 10', '89 c3', '8b 0d 78 56 34 12',
  '83 c0 01', '83 e9 04', '01 d0', '29 c8', '31 c0', '21 d2', '81 e1 ff 0f 00 00', '83 f8 0a', '39 d0', '85 c0',
  '74 0c', '75 f0', '0f 84 00 01 00 00', '7e 05', 'eb 10', 'e8 00 02 00 00', 'c3', 'e9 00 ff ff ff',
  '55', '89 e5', '53', '56', '5e', '5b', '5d', '6a 00', '68 00 10 00 00',
  '8d 44 24 04', '8d 04 40', 'c1 e0 02', 'd1 e8', '0f b6 45 ff', '0f be c0', '40', '4a', 'ff 45 fc',
  'c7 45 f4 00 00 00 00', 'c6 00 20', '66 89 08', '66 c7 40 02 10 00', 'f3 a5', 'f3 ab', 'fa', 'fb',
  '0f 22 d8', '0f 01 15 00 20 00 00', 'ee', 'e4 60', 'cd 80', 'f0 0f b1 11', '0f af c2', 'f7 e1', '99', 'f7 f9',
];

const instructions = MIX.map((s) => s.split(' ').map((b) => parseInt(b, 16)));
const stream: number[] = [];
const starts: number[] = [];
let seed = 1;
while (stream.length < 1 << 16) {
  seed = (seed * 1103515245 + 12345) >>> 0;
  starts.push(stream.length);
  stream.push(...instructions[(seed >>> 16) % instructions.length]);
}
const bytes = Uint8Array.from(stream);

let base = 0;
const fetch = (i: number): number => bytes[base + i];

function decodeAll(): number {
  let total = 0;
  for (let k = 0; k < starts.length; k++) {
    base = starts[k];
    total += decode(fetch, 32).length;
  }
  return total;
}

decodeAll(); // warm up
const rounds = 60;
const t0 = performance.now();
let sink = 0;
for (let r = 0; r < rounds; r++) sink += decodeAll();
const seconds = (performance.now() - t0) / 1000;
const count = rounds * starts.length;
console.log(`decoder: ${(count / seconds / 1e6).toFixed(1)} M instructions/s (${count} decoded, ${sink} bytes)`);

const slice = bytes.subarray(0, 16384);
disassemble(slice, { bits: 32 });
const t1 = performance.now();
const lines = disassemble(slice, { bits: 32 }).length;
const ms = performance.now() - t1;
console.log(`disassembler (checked text): ${(lines / ms / 1000).toFixed(2)} M lines/s (${lines} lines)`);
