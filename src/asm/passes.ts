// Multi-pass assembly as NASM does it: walk the statements, with forward references taken from
// the previous pass (and, in the first pass, branches to unknown targets assumed short), until
// no label moves; the last pass's bytes are the output.

import { AsmError, clip, Diagnostics } from './diagnostics';
import { encodeInstruction } from './encoder';
import { ABS, evaluate, Expr, Scope, Value } from './expressions';
import { ByteSink } from './byte-sink';
import { pushString, pushValue } from './data';
import { Operand } from './operands';
import { isFixed, Parser } from './parser';
import { OperandSpec, Stmt } from './statements';

const MAX_PASSES = 50;
/** A flat binary larger than this is surely a mistake (and would exhaust memory). */
const MAX_SECTION_BYTES = 256 * 1024 * 1024;

export interface Sym {
  name: string;
  kind: 'label' | 'equ';
  val: Value;
  known: boolean;
  stmt: Stmt;
}

function toNumber(v: bigint): number {
  return v >= -0x1fffffffffffffn && v <= 0x1fffffffffffffn ? Number(v) : Number(BigInt.asIntN(48, v));
}

/** The numbers an encoding depends on: operand values and whether they are known. */
function signature(ops: Operand[], address: number): number[] {
  const out = [address];
  for (const op of ops) {
    if (op.kind === 'imm') out.push(op.value, op.known ? 1 : 0);
    else if (op.kind === 'mem') out.push(op.disp, op.known ? 1 : 0);
    else if (op.kind === 'far') out.push(op.selector, op.offset, op.known ? 1 : 0);
  }
  return out;
}

function guessKey(s: Stmt, op: Operand): string | undefined {
  if (op.kind !== 'imm') return undefined;
  return `${s.bits}${s.prefixes.join(' ')}:${s.mnemonic}:${op.size}:${op.strict}:${op.branch}`;
}

function sameNumbers(a: number[], b: number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class Passes implements Scope {
  readonly symbols = new Map<string, Sym>();
  unknown = false;
  pass = 0;
  origin = 0;
  starts: number[] = [];
  sinks: ByteSink[] = [];
  /** Address and length of each statement in the last pass (for the line table). */
  addresses = new Float64Array(0);
  lengths = new Float64Array(0);
  private offsets: number[] = [];
  private sec = 0;
  private hereValue = 0;
  private stmt!: Stmt;
  private passDiags = new Diagnostics();
  private sawUnknown = false;
  private changed = false;
  private undefinedSeen = new Set<string>();
  private readonly memo = new Map<string, number[]>();
  private guessedBranch = false;

  constructor(private readonly parser: Parser, private readonly diags: Diagnostics) {}

  run(): Diagnostics {
    const n = this.parser.sections.list.length;
    this.starts = new Array<number>(n).fill(0);
    const count = this.parser.statements.length;
    this.addresses = new Float64Array(count);
    this.lengths = new Float64Array(count);
    for (this.pass = 1; this.pass <= MAX_PASSES; this.pass++) {
      this.runPass();
      if (!this.changed) return this.passDiags;
    }
    this.diags.error(this.parser.statements[0]?.origin ?? { file: '', line: 0 }, 1,
      `label addresses did not settle after ${MAX_PASSES} passes`);
    return this.passDiags;
  }

  private runPass(): void {
    const sections = this.parser.sections;
    this.passDiags = new Diagnostics();
    this.sawUnknown = false;
    this.changed = false;
    this.undefinedSeen.clear();
    this.evaluateOrigin();
    this.starts = sections.layout(this.origin, this.offsets);
    this.offsets = sections.list.map(() => 0);
    this.sinks = sections.list.map(() => new ByteSink());
    const stmts = this.parser.statements;
    for (let i = 0; i < stmts.length; i++) {
      const s = stmts[i];
      this.stmt = s;
      this.sec = s.section;
      const start = this.offsets[s.section];
      this.hereValue = this.starts[s.section] + start;
      try {
        this.statement(s);
      } catch (e) {
        if (e instanceof RangeError) this.passDiags.error(s.origin, s.col, 'expression nested too deeply');
        else if (e instanceof AsmError) this.passDiags.error(s.origin, e.col, e.message);
        else throw e;
      }
      this.addresses[i] = this.hereValue;
      this.lengths[i] = sections.list[s.section].nobits ? 0 : this.offsets[s.section] - start;
    }
    const next = sections.layout(this.origin, this.offsets);
    if (next.some((v, k) => v !== this.starts[k])) this.changed = true;
    if (this.sawUnknown) this.changed = true;
  }

  private evaluateOrigin(): void {
    const org = this.parser.origin;
    if (org === undefined) return;
    this.stmt = new Stmt('label', org.at, 1, 0, 16);
    this.unknown = false;
    let v: Value;
    try {
      v = evaluate(org.expr, this);
    } catch (e) {
      if (!(e instanceof AsmError)) throw e;
      if (this.pass === 1) this.diags.error(org.at, e.col, e.message);
      return;
    }
    if (this.unknown || v.s !== ABS) {
      if (this.pass > 1) this.passDiags.error(org.at, 1, 'ORG needs a constant address');
      else this.sawUnknown = true;
      return;
    }
    this.origin = toNumber(v.v);
  }

  // Scope
  symbol(name: string, col: number): Value | undefined {
    const s = this.symbols.get(name);
    if (s === undefined) {
      if (this.pass === 1) this.sawUnknown = true;
      else if (!this.undefinedSeen.has(name + '\0' + this.stmt.origin.line)) {
        this.undefinedSeen.add(name + '\0' + this.stmt.origin.line);
        this.passDiags.error(this.stmt.origin, col, `symbol '${clip(name)}' is not defined`);
      }
      return undefined;
    }
    if (!s.known) this.unknown = true;
    return s.val;
  }

  /** The section tag of addresses in the current section (none in ABSOLUTE space). */
  private tag(): number {
    return this.parser.sections.list[this.sec].absolute === undefined ? this.sec : ABS;
  }

  here(): Value {
    return { v: BigInt(this.hereValue), s: this.tag() };
  }

  base(): Value {
    return { v: BigInt(this.starts[this.sec]), s: this.tag() };
  }

  private define(name: string, kind: 'label' | 'equ', val: Value, known: boolean, col: number): void {
    const s = this.symbols.get(name);
    if (s === undefined) {
      this.symbols.set(name, { name, kind, val, known, stmt: this.stmt });
      return;
    }
    if (s.stmt !== this.stmt) {
      if (this.pass === 1) {
        const first = s.stmt.origin;
        this.diags.error(this.stmt.origin, col, `label '${clip(name)}' is already defined (at ${first.file}:${first.line})`);
      }
      return;
    }
    if (s.val.v !== val.v || s.val.s !== val.s || s.known !== known) this.changed = true;
    s.val = val;
    s.known = known;
  }

  private statement(s: Stmt): void {
    if (s.label !== undefined) {
      const old = this.symbols.get(s.label.name);
      // most labels stay where they were: no need for a new value
      if (old === undefined || old.stmt !== s || Number(old.val.v) !== this.hereValue) {
        this.define(s.label.name, 'label', this.here(), true, s.label.col);
      }
    }
    switch (s.k) {
      case 'label':
        return;
      case 'equ': {
        this.unknown = false;
        const v = evaluate(s.expr!, this);
        this.define(s.name, 'equ', v, !this.unknown, s.col);
        return;
      }
      case 'res': {
        const n = this.count(s.count!, 'RESB') * s.width * this.repeat(s);
        return this.reserve(n);
      }
      case 'bytes':
        return this.emit(s.bytes!, this.repeat(s));
      case 'data':
        return this.emit(s.cache ?? this.data(s), this.repeat(s));
      case 'insn':
        return this.emit(this.instruction(s), this.repeat(s));
    }
  }

  private count(e: Expr, what: string): number {
    this.unknown = false;
    const v = evaluate(e, this);
    if (this.unknown || v.s !== ABS) {
      if (this.pass === 1) {
        this.diags.error(this.stmt.origin, this.stmt.col, `${what} needs a constant count (no labels defined later, no addresses)`);
      }
      return 0;
    }
    if (v.v < 0n) {
      this.passDiags.error(this.stmt.origin, this.stmt.col, `${what} value ${v.v} is negative`);
      return 0;
    }
    if (v.v > 0x7fffffffn) throw new AsmError(this.stmt.col, `${what} count ${v.v} is too large`);
    return Number(v.v);
  }

  private repeat(s: Stmt): number {
    if (s.alignTo !== undefined) {
      const off = this.offsets[s.section];
      return (s.alignTo - (off % s.alignTo)) % s.alignTo;
    }
    return s.times === undefined ? 1 : this.count(s.times, 'TIMES');
  }

  private checkSize(n: number): void {
    if (this.offsets[this.sec] + n > MAX_SECTION_BYTES) {
      throw new AsmError(this.stmt.col, `section would grow beyond ${MAX_SECTION_BYTES / 1048576} MiB`);
    }
  }

  private reserve(n: number): void {
    const sec = this.parser.sections.list[this.sec];
    if (!sec.nobits) {
      this.checkSize(n);
      if (this.pass === 1 && n > 0 && this.stmt.alignTo === undefined) {
        this.diags.warning(this.stmt.origin, this.stmt.col, `uninitialized space declared in ${sec.name} section: zeroing`);
      }
      this.sinks[this.sec].zeros(n);
    }
    this.offsets[this.sec] += n;
  }

  private emit(bytes: ArrayLike<number>, times: number): void {
    const sec = this.parser.sections.list[this.sec];
    const n = bytes.length * times;
    if (n === 0) return;
    if (sec.absolute !== undefined) {
      throw new AsmError(this.stmt.col, 'code or data cannot go in ABSOLUTE or STRUC space');
    } else if (sec.nobits) {
      if (this.pass === 1) this.diags.warning(this.stmt.origin, this.stmt.col, 'attempt to initialize memory in a nobits section: ignored');
    } else {
      this.checkSize(n);
      const sink = this.sinks[this.sec];
      for (let k = 0; k < times; k++) sink.push(bytes);
    }
    this.offsets[this.sec] += n;
  }

  private data(s: Stmt): number[] {
    const out: number[] = [];
    let constant = true;
    for (const item of s.items) {
      if ('str' in item) {
        pushString(out, item.str, s.width);
        continue;
      }
      if (item.expr.op !== 'num') constant = false;
      this.unknown = false;
      const v = evaluate(item.expr, this);
      const warning = pushValue(out, v, s.width);
      if (warning !== undefined) {
        constant = false;
        this.passDiags.warning(s.origin, item.col, warning);
      }
    }
    if (constant) s.cache = out;
    return out;
  }

  private instruction(s: Stmt): number[] {
    if (s.cache !== undefined) return s.cache;
    if (s.mnemonic === '') return this.prefixOnly(s);
    if (s.memoKey !== undefined) {
      const shared = this.memo.get(s.memoKey);
      if (shared !== undefined) return (s.cache = shared);
    }
    this.guessedBranch = false;
    const operands = s.operands.map((op) => this.operand(op, s));
    const fixed = !s.branch && s.operands.every(isFixed);
    let inputs: number[] | undefined;
    if (!fixed) {
      inputs = signature(operands, s.branch ? this.hereValue : 0);
      if (s.lastInputs !== undefined && sameNumbers(inputs, s.lastInputs)) return s.lastBytes!;
    }
    // A first-pass branch to a target not seen yet is a branch to itself: the same bytes every time.
    const guess = this.guessedBranch && operands.length === 1 ? guessKey(s, operands[0]) : undefined;
    const shared = guess === undefined ? undefined : this.memo.get(guess);
    const r = shared !== undefined ? { ok: true as const, bytes: shared }
      : encodeInstruction({ mnemonic: s.mnemonic, operands, prefixes: s.prefixes, bits: s.bits, address: this.hereValue });
    if (!r.ok) {
      throw new AsmError(s.col, r.error);
    }
    if (guess !== undefined) this.memo.set(guess, r.bytes);
    if (fixed) {
      s.cache = r.bytes;
      if (s.memoKey !== undefined) this.memo.set(s.memoKey, r.bytes);
    } else {
      s.lastInputs = inputs;
      s.lastBytes = r.bytes;
    }
    return r.bytes;
  }

  private prefixOnly(s: Stmt): number[] {
    const bytes: Record<string, number> = {
      lock: 0xf0, rep: 0xf3, repe: 0xf3, repz: 0xf3, repne: 0xf2, repnz: 0xf2,
      es: 0x26, cs: 0x2e, ss: 0x36, ds: 0x3e, fs: 0x64, gs: 0x65,
    };
    return s.prefixes.map((p) => {
      if (p === 'o16' || p === 'o32') return s.bits === (p === 'o16' ? 16 : 32) ? -1 : 0x66;
      if (p === 'a16' || p === 'a32') return s.bits === (p === 'a16' ? 16 : 32) ? -1 : 0x67;
      return bytes[p];
    }).filter((b) => b >= 0);
  }

  private value(e: Expr): { v: Value; unknown: boolean } {
    this.unknown = false;
    const v = evaluate(e, this);
    return { v, unknown: this.unknown };
  }

  private operand(op: OperandSpec, s: Stmt): Operand {
    switch (op.kind) {
      case 'reg':
        return { kind: 'reg', reg: op.reg };
      case 'imm': {
        const { v, unknown } = this.value(op.expr);
        let known = !unknown && v.s === ABS;
        let value = toNumber(v.v);
        if (s.branch && op.branch !== 'far') {
          // NASM assumes a branch to a target it does not know yet is short, and branches to a
          // fixed address or to another section are near.
          if (unknown) {
            known = this.pass === 1;
            value = this.hereValue;
            this.guessedBranch = known;
          } else known = v.s === this.sec;
        }
        return { kind: 'imm', value, known, size: op.size, strict: op.strict, branch: op.branch };
      }
      case 'mem': {
        let disp = 0;
        let known = true;
        if (op.disp !== null) {
          const { v, unknown } = this.value(op.disp);
          disp = toNumber(v.v);
          known = !unknown && v.s === ABS;
        }
        return {
          kind: 'mem', size: op.size, seg: op.seg, base: op.base, index: op.index, scale: op.scale, disp, known,
          dispSize: op.dispSize, nosplit: op.nosplit, branch: op.branch,
        };
      }
      case 'far': {
        const sel = this.value(op.selector);
        const off = this.value(op.offset);
        return {
          kind: 'far', selector: toNumber(sel.v.v), offset: toNumber(off.v.v),
          known: !sel.unknown && !off.unknown, size: op.size,
        };
      }
    }
  }
}
