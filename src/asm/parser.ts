// Parses preprocessed lines into statements: labels, TIMES, prefixes, instructions with their
// operands, data and reserve directives, EQU, and the directives that act at parse time
// (BITS, SECTION, ORG, ALIGN, INCBIN).

import { formsOf, isMnemonic } from '../arch/instructions';
import { lookupRegister, SEG } from '../arch/registers';
import { AsmError, clip, Diagnostics, Origin } from './diagnostics';
import { evaluate, Expr, isConstant, num, parseExpr, Scope, TokenStream } from './expressions';
import { T, Token, tokenize } from './lexer';
import { splitAddress } from './memory';
import { BranchKind, OperandSize, PrefixWord } from './operands';
import { SectionTable } from './sections';
import { DataItem, OperandSpec, Stmt, StmtKind } from './statements';

const SIZES: Record<string, OperandSize> = { byte: 8, word: 16, dword: 32, qword: 64, tword: 80, oword: 128 };
export const DATA: Record<string, 1 | 2 | 4 | 8> = { db: 1, dw: 2, dd: 4, dq: 8 };
export const RESERVE: Record<string, number> = { resb: 1, resw: 2, resd: 4, resq: 8, rest: 10, reso: 16 };
const PREFIXES = new Set<string>([
  'lock', 'rep', 'repe', 'repz', 'repne', 'repnz', 'o16', 'o32', 'a16', 'a32', 'es', 'cs', 'ss', 'ds', 'fs', 'gs',
]);
/** Directives the parser handles (the grammar is generated from this list too). */
export const DIRECTIVES: ReadonlySet<string> = new Set<string>([
  'bits', 'use16', 'use32', 'org', 'section', 'segment', 'align', 'alignb', 'times', 'equ', 'incbin',
  'global', 'extern', 'common', 'cpu', 'default', 'absolute', 'struc', 'endstruc', 'istruc', 'at', 'iend',
]);
const BRANCH_KINDS = new Set<string>(['short', 'near', 'far']);

const branchCache = new Map<string, boolean>();
function isBranch(mnemonic: string): boolean {
  let b = branchCache.get(mnemonic);
  if (b === undefined) {
    b = formsOf(mnemonic).some((f) => f.operands.some((t) => t.startsWith('rel')));
    branchCache.set(mnemonic, b);
  }
  return b;
}

/** Whether an operand's value is the same in every pass. */
export function isFixed(op: OperandSpec): boolean {
  switch (op.kind) {
    case 'reg': return true;
    case 'imm': return op.expr.op === 'num';
    case 'mem': return op.disp === null || op.disp.op === 'num';
    case 'far': return op.selector.op === 'num' && op.offset.op === 'num';
  }
}

function memoKey(s: Stmt, toks: Token[], from: number): string {
  let key = `${s.bits}${s.prefixes.join(' ')}:${s.mnemonic}`;
  for (let i = from; i < toks.length; i++) key += `\u0001${toks[i].k}${toks[i].s}`;
  return key;
}

function isEqu(t: Token | undefined): boolean {
  return t !== undefined && t.k === T.Id && t.s.toLowerCase() === 'equ';
}

function isKeyword(word: string): boolean {
  const w = word.toLowerCase();
  return DIRECTIVES.has(w) || w in DATA || w in RESERVE || PREFIXES.has(w) || isMnemonic(w);
}

export interface ParserOptions {
  readFile: (path: string) => string;
  resolveInclude: (name: string, from: string) => string | undefined;
}

export class Parser {
  readonly statements: Stmt[] = [];
  readonly sections = new SectionTable();
  origin: { expr: Expr; at: Origin } | undefined;
  private section = 0;
  private bits: 16 | 32 = 16;
  private localBase = '';
  private at: Origin = { file: '', line: 0 };
  /** Instruction lines already parsed, by text; see parseLine. */
  private readonly seen = new Map<string, Stmt>();
  private usedLocal = false;
  private struc: { name: string; section: number } | undefined;
  private istruc: { name: string; start: string } | undefined;
  private readonly qualify = (name: string): string => {
    if (name[0] !== '.' || name.startsWith('..')) return name;
    this.usedLocal = true;
    return this.localBase + name;
  };

  constructor(private readonly diags: Diagnostics, private readonly opts: ParserOptions) {}

  parseLine(text: string, origin: Origin): void {
    this.at = origin;
    // Code repeats itself: an instruction line seen before (in the same BITS) parses the same.
    const key = this.bits === 32 ? text : `\u0000${text}`;
    const seen = this.seen.get(key);
    if (seen !== undefined) {
      const s = this.add('insn', seen.col);
      s.mnemonic = seen.mnemonic;
      s.prefixes = seen.prefixes;
      s.operands = seen.operands;
      s.branch = seen.branch;
      s.memoKey = seen.memoKey;
      return;
    }
    const toks = tokenize(text);
    if (toks.length === 0) return;
    const before = this.statements.length;
    this.usedLocal = false;
    try {
      this.statementFrom(toks, text.length + 1);
    } catch (e) {
      if (e instanceof RangeError) this.diags.error(origin, 1, 'expression nested too deeply');
      else if (e instanceof AsmError) this.diags.error(origin, e.col, e.message);
      else throw e;
      return;
    }
    const s = this.statements[before];
    if (this.statements.length === before + 1 && s.k === 'insn' && s.label === undefined && s.times === undefined &&
        s.alignTo === undefined && !this.usedLocal) {
      this.seen.set(key, s);
    }
  }

  private add(k: StmtKind, col: number, label?: { name: string; col: number }, times?: Expr): Stmt {
    const s = new Stmt(k, this.at, col, this.section, this.bits);
    s.label = label;
    s.times = times;
    this.statements.push(s);
    return s;
  }

  private statementFrom(toks: Token[], endCol: number): void {
    const ts = new TokenStream(toks, endCol);
    const first = toks[0];
    if (first.k === T.Op && first.s === '[') return this.bracketDirective(ts);
    if (first.k === T.Bad) throw new AsmError(first.col, first.err!);
    if (first.k !== T.Id) throw new AsmError(first.col, `label or instruction expected${ts.describeNext()}`);

    let label: { name: string; col: number } | undefined;
    const second = toks[1];
    const word = first.s[0] === '$' ? '' : first.s.toLowerCase();
    if (second !== undefined && second.k === T.Op && second.s === ':' && !isEqu(toks[2])) {
      label = this.defineLabel(first);
      ts.i = 2;
    } else if (word !== '' && isKeyword(word)) {
      // an instruction or directive: no label
    } else if (isEqu(second) || (second?.s === ':' && isEqu(toks[2]))) {
      ts.i = isEqu(second) ? 2 : 3;
      const expr = parseExpr(ts, this.qualify);
      this.expectEnd(ts);
      const s = this.add('equ', first.col);
      s.name = this.qualifyLabel(first);
      s.expr = expr;
      return;
    } else if (second !== undefined && second.k === T.Id && second.s[0] !== '$' && isKeyword(second.s)) {
      label = this.defineLabel(first);
      ts.i = 1;
    } else if (second === undefined) {
      this.diags.warning(this.at, first.col, `label '${clip(first.s)}' alone on a line without a colon might be in error`);
      this.add('label', first.col, this.defineLabel(first));
      return;
    } else {
      throw new AsmError(first.col, `unknown mnemonic '${clip(first.s)}'`);
    }
    if (ts.atEnd()) {
      this.add('label', first.col, label);
      return;
    }
    this.rest(ts, label);
  }

  private qualifyLabel(tok: Token): string {
    const name = tok.s[0] === '$' ? tok.s.slice(1) : tok.s;
    if (lookupRegister(name) !== undefined && tok.s[0] !== '$') {
      throw new AsmError(tok.col, `'${name}' is a register and cannot be a label`);
    }
    return this.qualify(name);
  }

  private defineLabel(tok: Token): { name: string; col: number } {
    const name = this.qualifyLabel(tok);
    const plain = tok.s[0] === '$' ? tok.s.slice(1) : tok.s;
    if (plain[0] !== '.' && !plain.startsWith('..@')) this.localBase = plain;
    return { name, col: tok.col };
  }

  private expectEnd(ts: TokenStream): void {
    if (!ts.atEnd()) {
      const t = ts.peek()!;
      throw new AsmError(t.col, t.k === T.Bad ? t.err! : `unexpected '${clip(t.s, 20)}' after the statement`);
    }
  }

  /** Everything after an optional label. */
  private rest(ts: TokenStream, label: { name: string; col: number } | undefined): void {
    const start = ts.peek()!;
    let times: Expr | undefined;
    const word = (t: Token | undefined) => (t !== undefined && t.k === T.Id && t.s[0] !== '$' ? t.s.toLowerCase() : '');
    if (word(ts.peek()) === 'times') {
      ts.i++;
      times = parseExpr(ts, this.qualify);
    }
    const prefixes: PrefixWord[] = [];
    while (PREFIXES.has(word(ts.peek()))) {
      prefixes.push(word(ts.next()) as PrefixWord);
    }
    const t = ts.next();
    if (t === undefined) {
      if (prefixes.length > 0) {
        this.add('insn', start.col, label, times).prefixes = prefixes;
        return;
      }
      throw new AsmError(ts.endCol, 'instruction expected after TIMES');
    }
    if (t.k !== T.Id) throw new AsmError(t.col, t.k === T.Bad ? t.err! : `instruction expected${ts.describeNext()}`);
    const w = word(t);
    const width = DATA[w];
    if (width !== undefined) {
      const items = this.dataItems(ts);
      const s = this.add('data', start.col, label, times);
      s.width = width;
      s.items = items;
      return;
    }
    if (w in RESERVE) {
      const count = parseExpr(ts, this.qualify);
      this.expectEnd(ts);
      const s = this.add('res', start.col, label, times);
      s.width = RESERVE[w];
      s.count = count;
      return;
    }
    if (w === 'incbin') {
      const bytes = this.incbin(ts);
      this.add('bytes', start.col, label, times).bytes = bytes;
      return;
    }
    if (w === 'align' || w === 'alignb') return this.align(ts, w === 'alignb', label, start.col);
    if (isMnemonic(w)) {
      const mnemonic = w;
      const first = ts.i;
      const operands: OperandSpec[] = [];
      if (!ts.atEnd()) {
        for (;;) {
          operands.push(this.operand(ts));
          if (!ts.eat(',')) break;
        }
      }
      this.expectEnd(ts);
      const s = this.add('insn', start.col, label, times);
      s.mnemonic = mnemonic;
      s.prefixes = prefixes;
      s.operands = operands;
      s.branch = isBranch(mnemonic);
      if (!s.branch && operands.every(isFixed)) s.memoKey = memoKey(s, ts.toks, first);
      return;
    }
    if (DIRECTIVES.has(w)) {
      if (prefixes.length > 0 || times !== undefined) throw new AsmError(t.col, `'${w}' cannot follow a prefix or TIMES`);
      if (label !== undefined) this.add('label', start.col, label);
      return this.directive(w, ts, t.col);
    }
    throw new AsmError(t.col, `unknown mnemonic '${clip(t.s)}'`);
  }

  private dataItems(ts: TokenStream): DataItem[] {
    const items: DataItem[] = [];
    if (ts.atEnd()) throw new AsmError(ts.endCol, 'no data after the directive');
    for (;;) {
      const t = ts.peek();
      if (t === undefined) throw new AsmError(ts.endCol, "data expected after ','");
      const next = ts.toks[ts.i + 1];
      if (t.k === T.Str && (next === undefined || (next.k === T.Op && next.s === ','))) {
        ts.i++;
        items.push({ str: t.s, col: t.col });
      } else if (t.k === T.Op && t.s === '?' && (next === undefined || next.s === ',')) {
        ts.i++;
        items.push({ expr: num(0n), col: t.col });
      } else items.push({ expr: parseExpr(ts, this.qualify), col: t.col });
      if (!ts.eat(',')) break;
    }
    this.expectEnd(ts);
    return items;
  }

  private incbin(ts: TokenStream): Uint8Array {
    const t = ts.next();
    if (t === undefined || t.k !== T.Str) throw new AsmError(t?.col ?? ts.endCol, 'INCBIN needs a file name in quotes');
    const args: bigint[] = [];
    while (ts.eat(',')) args.push(this.constant(parseExpr(ts, this.qualify), t.col));
    this.expectEnd(ts);
    const file = this.opts.resolveInclude(t.s, this.at.file);
    if (file === undefined) throw new AsmError(t.col, `unable to open file '${clip(t.s, 200)}' for INCBIN`);
    const all = Buffer.from(this.opts.readFile(file), 'latin1');
    const skip = Number(args[0] ?? 0n);
    const len = args[1] === undefined ? all.length - skip : Number(args[1]);
    return new Uint8Array(all.subarray(skip, Math.max(skip, skip + len)));
  }

  private align(ts: TokenStream, reserve: boolean, label: { name: string; col: number } | undefined, col: number): void {
    const boundary = Number(this.constant(parseExpr(ts, this.qualify), col));
    if (boundary <= 0 || (boundary & (boundary - 1)) !== 0) throw new AsmError(col, 'ALIGN needs a power of two');
    const section = this.sections.list[this.section];
    section.align = Math.max(section.align, boundary);
    const before = this.statements.length;
    if (ts.eat(',')) this.rest(ts, label);
    else if (reserve) {
      const s = this.add('res', col, label);
      s.width = 1;
      s.count = num(1n);
    } else {
      const s = this.add('data', col, label);
      s.width = 1;
      s.items = [{ expr: num(0x90n), col }];
    }
    const stmt = this.statements[this.statements.length - 1];
    if (this.statements.length !== before + 1 || stmt.times !== undefined) throw new AsmError(col, 'ALIGN needs one instruction to repeat');
    stmt.alignTo = boundary;
  }

  private constant(e: Expr, col: number): bigint {
    const scope: Scope = {
      unknown: false,
      symbol: () => undefined,
      here: () => {
        throw new AsmError(col, "'$' is not allowed here");
      },
      base: () => {
        throw new AsmError(col, "'$$' is not allowed here");
      },
    };
    const v = evaluate(e, scope);
    if (scope.unknown || !isConstant(e)) throw new AsmError(col, 'a constant expression is needed here');
    return v.v;
  }

  private bracketDirective(ts: TokenStream): void {
    ts.i++;
    const t = ts.next();
    const close = ts.toks.length - 1;
    if (t === undefined || t.k !== T.Id || !DIRECTIVES.has(t.s.toLowerCase()) || ts.toks[close].s !== ']') {
      throw new AsmError(t?.col ?? 1, 'directive expected inside [ ]');
    }
    const inner = new TokenStream(ts.toks.slice(ts.i, close), ts.toks[close].col);
    this.directive(t.s.toLowerCase(), inner, t.col);
  }

  private directive(w: string, ts: TokenStream, col: number): void {
    switch (w) {
      case 'bits': {
        const v = this.constant(parseExpr(ts, this.qualify), col);
        if (v !== 16n && v !== 32n) throw new AsmError(col, v === 64n ? '64-bit code is not supported' : 'BITS must be 16 or 32');
        this.bits = Number(v) as 16 | 32;
        break;
      }
      case 'use16':
      case 'use32':
        this.bits = w === 'use16' ? 16 : 32;
        break;
      case 'org': {
        const expr = parseExpr(ts, this.qualify);
        if (this.origin !== undefined) throw new AsmError(col, 'program origin redefined');
        this.origin = { expr, at: this.at };
        break;
      }
      case 'section':
      case 'segment':
        return this.sectionDirective(ts, col);
      case 'equ':
        throw new AsmError(col, 'EQU needs a label in front of it');
      case 'times':
        throw new AsmError(col, 'TIMES needs an instruction after it');
      case 'absolute':
        this.section = this.sections.absolute(Number(this.constant(parseExpr(ts, this.qualify), col))).index;
        break;
      case 'struc':
      case 'endstruc':
      case 'istruc':
      case 'at':
      case 'iend':
        return this.structure(w, ts, col);
      default:
        // global, extern, common, cpu, default: nothing to do in a flat binary
        ts.i = ts.toks.length;
    }
    this.expectEnd(ts);
  }

  /** STRUC/ENDSTRUC declare a layout in ABSOLUTE space; ISTRUC/AT/IEND fill one in with data. */
  private structure(w: string, ts: TokenStream, col: number): void {
    const name = ts.next();
    const at = this.at;
    const line = (src: string) => this.parseLine(src, at);
    switch (w) {
      case 'struc': {
        if (name === undefined || name.k !== T.Id) throw new AsmError(col, 'STRUC needs a name');
        const start = ts.eat(',') ? Number(this.constant(parseExpr(ts, this.qualify), col)) : 0;
        this.expectEnd(ts);
        this.struc = { name: name.s, section: this.section };
        this.section = this.sections.absolute(start).index;
        this.add('label', col, this.defineLabel(name));
        return;
      }
      case 'endstruc': {
        if (this.struc === undefined) throw new AsmError(col, 'ENDSTRUC without STRUC');
        const { name: struc, section } = this.struc;
        this.struc = undefined;
        line(`${struc}_size equ $ - ${struc}`);
        this.section = section;
        return;
      }
      case 'istruc':
        if (name === undefined || name.k !== T.Id) throw new AsmError(col, 'ISTRUC needs a structure name');
        this.istruc = { name: name.s, start: `..@istruc.${this.statements.length}` };
        line(`${this.istruc.start}:`);
        return;
      case 'at': {
        if (this.istruc === undefined) throw new AsmError(col, 'AT outside ISTRUC');
        ts.i--;
        const from = ts.i;
        parseExpr(ts, this.qualify);
        const field = ts.toks.slice(from, ts.i).map((t) => (t.k === T.Str ? `'${t.s}'` : t.s)).join(' ');
        line(`times (${field}) - ($ - ${this.istruc.start}) db 0`);
        if (ts.eat(',')) this.rest(ts, undefined);
        return;
      }
      default: {
        if (this.istruc === undefined) throw new AsmError(col, 'IEND without ISTRUC');
        line(`times ${this.istruc.name}_size - ($ - ${this.istruc.start}) db 0`);
        this.istruc = undefined;
      }
    }
  }

  private sectionDirective(ts: TokenStream, col: number): void {
    const t = ts.next();
    if (t === undefined || t.k !== T.Id) throw new AsmError(t?.col ?? col, 'SECTION needs a name');
    const section = this.sections.get(t.s);
    while (!ts.atEnd()) {
      const a = ts.next()!;
      const attr = a.s.toLowerCase();
      if (attr === 'align' && ts.eat('=')) {
        const v = Number(this.constant(parseExpr(ts, this.qualify), a.col));
        if (v <= 0 || (v & (v - 1)) !== 0) throw new AsmError(a.col, 'section alignment must be a power of two');
        section.align = v;
      } else if (attr === 'nobits' || attr === 'progbits') section.nobits = attr === 'nobits';
      else if (attr === 'vstart' || attr === 'start' || attr === 'follows' || attr === 'vfollows') {
        throw new AsmError(a.col, `section attribute '${attr}' is not supported`);
      } else if (ts.eat('=')) parseExpr(ts, this.qualify);
    }
    this.section = section.index;
  }

  private operand(ts: TokenStream): OperandSpec {
    let size: OperandSize | undefined;
    let strict = false;
    let branch: BranchKind | undefined;
    const col = ts.col();
    for (;;) {
      const t = ts.peek();
      if (t === undefined || t.k !== T.Id || t.s[0] === '$') break;
      const w = t.s.toLowerCase();
      if (w in SIZES) size = SIZES[w];
      else if (w === 'strict') strict = true;
      else if (BRANCH_KINDS.has(w)) branch = w as BranchKind;
      else break;
      ts.i++;
    }
    const t = ts.peek();
    if (t === undefined) throw new AsmError(ts.endCol, 'operand expected at end of line');
    if (t.k === T.Op && t.s === '[') return this.memory(ts, size, branch, col);
    if (t.k === T.Id && t.s[0] !== '$') {
      const reg = lookupRegister(t.s);
      const after = ts.toks[ts.i + 1];
      if (reg !== undefined && (after === undefined || (after.k === T.Op && after.s === ','))) {
        ts.i++;
        if (size !== undefined && size !== (reg.cls === 'r8' ? 8 : reg.cls === 'r16' || reg.cls === 'sreg' ? 16 : 32)) {
          throw new AsmError(col, 'mismatch in operand sizes');
        }
        return { kind: 'reg', reg, col };
      }
    }
    const expr = parseExpr(ts, this.qualify);
    if (ts.eat(':')) {
      const offset = parseExpr(ts, this.qualify);
      return { kind: 'far', selector: expr, offset, size, col };
    }
    return { kind: 'imm', expr, size, strict: strict || undefined, branch, col };
  }

  private memory(ts: TokenStream, size: OperandSize | undefined, branch: BranchKind | undefined, col: number): OperandSpec {
    ts.i++;
    let dispSize: 8 | 16 | 32 | undefined;
    let nosplit = false;
    let seg: number | undefined;
    for (;;) {
      const t = ts.peek();
      if (t === undefined || t.k !== T.Id || t.s[0] === '$') break;
      const w = t.s.toLowerCase();
      if (w === 'byte' || w === 'word' || w === 'dword') dispSize = SIZES[w] as 8 | 16 | 32;
      else if (w === 'nosplit') nosplit = true;
      else if (w === 'abs' || w === 'rel') {
        // flat binaries have no RIP-relative addressing
      } else if (w in SEG && ts.toks[ts.i + 1]?.s === ':') {
        seg = SEG[w as keyof typeof SEG];
        ts.i++;
      } else break;
      ts.i++;
    }
    let parts: ReturnType<typeof splitAddress> = { scale: 1, disp: null };
    if (!ts.isOp(']')) parts = splitAddress(parseExpr(ts, this.qualify), col);
    ts.expect(']');
    return {
      kind: 'mem', size, seg, base: parts.base, index: parts.index, scale: parts.scale, disp: parts.disp,
      dispSize, nosplit: nosplit || undefined, branch, col,
    };
  }
}
