// The disassembler: Intel syntax as ndisasm prints it. By default every line is text that
// assembles back to the same bytes: the encoder checks each line, a stricter spelling (explicit
// sizes, STRICT, NEAR, displacement widths) is tried when NASM would pick a shorter encoding,
// and encodings NASM never produces come out as `db`. Never throws on any bytes.

import { decode, DecodedInstruction } from '../arch/decoder';
import { encodeInstruction } from './encoder';
import { Printed, printInstruction, RenderContext } from './disassembler-render';
import { printedText } from './disassembler-text';

export interface DisassemblyOptions {
  bits: 16 | 32;
  /** Address of the first byte (ndisasm's -o). */
  origin?: number;
  /** Names for branch targets and absolute addresses. */
  symbols?: ReadonlyMap<number, string>;
  /** Exactly ndisasm's text, even where it would not assemble back to the same bytes. */
  ndisasm?: boolean;
}

export interface DisassembledLine {
  address: number;
  bytes: Uint8Array;
  text: string;
}

const PAST_END = { pastEnd: true };

function dbLine(address: number, bytes: Uint8Array): DisassembledLine {
  const text = `db ${[...bytes].map((b) => `0x${b.toString(16).padStart(2, '0')}`).join(',')}`;
  return { address, bytes, text };
}

function assemblesTo(p: Printed, insn: DecodedInstruction, bytes: Uint8Array, ctx: RenderContext): boolean {
  const request = {
    mnemonic: p.mnemonic, operands: p.operands.map((o) => o.op), prefixes: p.prefixes, bits: ctx.bits, address: ctx.address,
  };
  let r: ReturnType<typeof encodeInstruction>;
  try {
    r = encodeInstruction(request);
  } catch {
    return false; // an encoder bug must not make the disassembler throw; the line falls back to db
  }
  return r.ok && r.bytes.length === insn.length && r.bytes.every((b, i) => b === bytes[i]);
}

/** The text of the decoded instruction that assembles to `bytes`, or null when there is none. */
// NASM reads F2 before a branch as the MPX BND prefix and refuses to write it as REPNE
const BND_MNEMONICS = new Set(['jmp', 'call', 'ret', 'retn', 'retw', 'retd', 'retnw', 'retnd']);

function reassemblable(insn: DecodedInstruction, bytes: Uint8Array, base: Omit<RenderContext, 'strict' | 'ndisasm'>): string | null {
  const form = insn.form!;
  if (insn.rep === 0xf2 && (form.cc !== undefined && form.imms.length > 0 || BND_MNEMONICS.has(form.mnemonic))) return null;
  // NASM writes WAIT ahead of any prefix given with it
  if (form.mnemonic === 'wait' && insn.prefixCount > 0) return null;
  for (const strict of [false, true]) {
    const ctx = { ...base, strict, ndisasm: false };
    const p = printInstruction(insn, ctx);
    if (assemblesTo(p, insn, bytes, ctx)) return printedText(p);
  }
  return null;
}

/** Disassembles the one instruction at `offset` in `bytes` (an empty line when there is no byte there). */
export function disassembleOne(bytes: Uint8Array, offset: number, options: DisassemblyOptions): DisassembledLine {
  const address = ((options.origin ?? 0) + offset) >>> 0;
  if (offset < 0 || offset >= bytes.length) return { address, bytes: new Uint8Array(0), text: '' };
  let insn: DecodedInstruction;
  try {
    insn = decode((i) => {
      if (offset + i >= bytes.length) throw PAST_END;
      return bytes[offset + i];
    }, options.bits, true);
  } catch (e) {
    if (e !== PAST_END) throw e;
    return dbLine(address, bytes.subarray(offset, offset + 1));
  }
  // ndisasm does not know the encodings the assembler never picks (82, SHL /6, TEST /1)
  if (insn.form === null || (options.ndisasm && insn.form.flags.has('na'))) return dbLine(address, bytes.subarray(offset, offset + 1));
  const own = bytes.subarray(offset, offset + insn.length);
  const ctx = { bits: options.bits, address, symbols: options.symbols };
  const text = options.ndisasm
    ? printedText(printInstruction(insn, { ...ctx, strict: false, ndisasm: true }))
    : reassemblable(insn, own, ctx);
  return text === null ? dbLine(address, own) : { address, bytes: own, text };
}

/** Disassembles all of `bytes`, one line per instruction (or per undecodable byte). */
export function disassemble(bytes: Uint8Array, options: DisassemblyOptions): DisassembledLine[] {
  const lines: DisassembledLine[] = [];
  for (let offset = 0; offset < bytes.length;) {
    const line = disassembleOne(bytes, offset, options);
    lines.push(line);
    offset += line.bytes.length;
  }
  return lines;
}
