// NASM expressions: parsing from tokens (with NASM's operators and precedence) and evaluation in
// 64-bit two's complement. A value also says whether it is an address in a section: NASM never
// shrinks such a value to a sign-extended byte, so the assembler must know.

import { lookupRegister, Register } from '../arch/registers';
import { AsmError, clip } from './diagnostics';
import { T, Token } from './lexer';

/** Section index of a value: ABS for plain numbers, COMPLEX for a mix that is not one section. */
export const ABS = -1;
export const COMPLEX = -2;

export interface Value {
  v: bigint;
  s: number;
}

export type Expr =
  | { op: 'num'; val: Value }
  | { op: 'sym'; name: string; col: number }
  | { op: 'here' }
  | { op: 'base' }
  | { op: 'reg'; reg: Register; col: number }
  | { op: 'un'; o: string; a: Expr; col: number }
  | { op: 'bin'; o: string; a: Expr; b: Expr; col: number }
  | { op: 'cond'; c: Expr; a: Expr; b: Expr };

/** What evaluation needs from the assembler. */
export interface Scope {
  /** A symbol's value, or undefined when it is not (yet) defined; may set `unknown`. */
  symbol(name: string, col: number): Value | undefined;
  here(): Value;
  base(): Value;
  /** Set when a value depended on a symbol not yet known in this pass. */
  unknown: boolean;
}

export class TokenStream {
  i = 0;
  constructor(readonly toks: Token[], readonly endCol: number) {}

  peek(): Token | undefined {
    return this.toks[this.i];
  }

  next(): Token | undefined {
    return this.toks[this.i++];
  }

  atEnd(): boolean {
    return this.i >= this.toks.length;
  }

  /** True (and consumes it) when the next token is the operator `op`. */
  eat(op: string): boolean {
    const t = this.toks[this.i];
    if (t !== undefined && t.k === T.Op && t.s === op) {
      this.i++;
      return true;
    }
    return false;
  }

  isOp(op: string): boolean {
    const t = this.toks[this.i];
    return t !== undefined && t.k === T.Op && t.s === op;
  }

  col(): number {
    return this.toks[this.i]?.col ?? this.endCol;
  }

  expect(op: string): void {
    if (!this.eat(op)) throw new AsmError(this.col(), `expected '${op}'${this.describeNext()}`);
  }

  describeNext(): string {
    const t = this.peek();
    if (t === undefined) return ' at end of line';
    if (t.k === T.Bad) return `, found ${t.err}`;
    if (t.k === T.Str) return ', found a string';
    return ` before '${clip(t.s, 20)}'`;
  }
}

const M64 = (x: bigint) => BigInt.asIntN(64, x);
const U64 = (x: bigint) => BigInt.asUintN(64, x);

/** Qualifies a symbol name (local labels); the parser supplies it. */
export type Qualify = (name: string) => string;

/** Binding strength of the binary operators, loosest first (NASM's order). */
const PRECEDENCE = new Map<string, number>([
  ['||', 1], ['^^', 2], ['&&', 3],
  ['=', 4], ['==', 4], ['!=', 4], ['<>', 4], ['<', 4], ['<=', 4], ['>', 4], ['>=', 4], ['<=>', 4],
  ['|', 5], ['^', 6], ['&', 7],
  ['<<', 8], ['>>', 8], ['<<<', 8], ['>>>', 8],
  ['+', 9], ['-', 9],
  ['*', 10], ['/', 10], ['//', 10], ['%', 10], ['%%', 10],
]);

export function parseExpr(ts: TokenStream, qualify: Qualify): Expr {
  const c = parseBinary(ts, qualify, 1);
  if (!ts.eat('?')) return c;
  const a = parseExpr(ts, qualify);
  ts.expect(':');
  const b = parseExpr(ts, qualify);
  if (c.op === 'num') return c.val.v !== 0n ? a : b;
  return { op: 'cond', c, a, b };
}

/** Precedence climbing: operators of equal strength group to the left. */
function parseBinary(ts: TokenStream, qualify: Qualify, min: number): Expr {
  let a = parseUnary(ts, qualify);
  for (;;) {
    const t = ts.peek();
    if (t === undefined || t.k !== T.Op) return a;
    const p = PRECEDENCE.get(t.s);
    if (p === undefined || p < min) return a;
    ts.i++;
    const b = parseBinary(ts, qualify, p + 1);
    a = fold({ op: 'bin', o: t.s, a, b, col: t.col });
  }
}

function parseUnary(ts: TokenStream, qualify: Qualify): Expr {
  const t = ts.peek();
  if (t !== undefined && t.k === T.Op && (t.s === '-' || t.s === '+' || t.s === '~' || t.s === '!')) {
    ts.i++;
    const a = parseUnary(ts, qualify);
    return fold({ op: 'un', o: t.s, a, col: t.col });
  }
  return parsePrimary(ts, qualify);
}

export function num(v: bigint): Expr {
  return { op: 'num', val: { v, s: ABS } };
}

/** The little-endian value of a character constant ('ab' = 0x6261). */
export function charConstant(bytes: string): bigint {
  let v = 0n;
  for (let i = Math.min(bytes.length, 8) - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes.charCodeAt(i) & 0xff);
  return M64(v);
}

function parsePrimary(ts: TokenStream, qualify: Qualify): Expr {
  const t = ts.next();
  if (t === undefined) throw new AsmError(ts.endCol, 'expression expected at end of line');
  switch (t.k) {
    case T.Num:
      return num(M64(t.v!));
    case T.Str:
      if (t.s.length > 8) throw new AsmError(t.col, 'character constant is longer than 8 bytes');
      return num(charConstant(t.s));
    case T.Here:
      return { op: 'here' };
    case T.Base:
      return { op: 'base' };
    case T.Id: {
      if (t.s[0] === '$') return { op: 'sym', name: qualify(t.s.slice(1)), col: t.col };
      const reg = lookupRegister(t.s);
      if (reg !== undefined) return { op: 'reg', reg, col: t.col };
      return { op: 'sym', name: qualify(t.s), col: t.col };
    }
    case T.Op:
      if (t.s === '(') {
        const e = parseExpr(ts, qualify);
        ts.expect(')');
        return e;
      }
      throw new AsmError(t.col, `expression expected before '${t.s}'`);
    case T.Bad:
      throw new AsmError(t.col, t.err!);
    default:
      throw new AsmError(t.col, 'expression expected');
  }
}

function fold(e: Expr): Expr {
  if (e.op === 'un' && e.a.op === 'num') return { op: 'num', val: unary(e.o, e.a.val, e.col) };
  if (e.op === 'bin' && e.a.op === 'num' && e.b.op === 'num') {
    const divides = e.o === '/' || e.o === '//' || e.o === '%' || e.o === '%%';
    if (divides && e.b.val.v === 0n) return e;
    return { op: 'num', val: binary(e.o, e.a.val, e.b.val, e.col) };
  }
  return e;
}

function unary(o: string, a: Value, col: number): Value {
  const s = a.s === ABS ? ABS : o === '+' ? a.s : COMPLEX;
  switch (o) {
    case '-': return { v: M64(-a.v), s };
    case '+': return a;
    case '~': return { v: ~a.v, s };
    case '!': return { v: a.v === 0n ? 1n : 0n, s };
  }
  throw new AsmError(col, `unknown operator '${o}'`);
}

function binary(o: string, a: Value, b: Value, col: number): Value {
  let s: number;
  if (o === '+') s = a.s === ABS ? b.s : b.s === ABS ? a.s : COMPLEX;
  else if (o === '-') s = b.s === ABS ? a.s : a.s === b.s && a.s >= 0 ? ABS : COMPLEX;
  else s = a.s === ABS && b.s === ABS ? ABS : COMPLEX;
  const x = a.v;
  const y = b.v;
  let v: bigint;
  switch (o) {
    case '+': v = M64(x + y); break;
    case '-': v = M64(x - y); break;
    case '*': v = M64(x * y); break;
    case '/':
    case '%':
    case '//':
    case '%%':
      if (y === 0n) throw new AsmError(col, 'division by zero');
      if (o === '/') v = M64(U64(x) / U64(y));
      else if (o === '%') v = M64(U64(x) % U64(y));
      else if (o === '//') v = M64(x / y);
      else v = x % y;
      break;
    case '<<': case '<<<': v = y >= 64n || y < 0n ? 0n : M64(x << y); break;
    case '>>': v = y >= 64n || y < 0n ? 0n : U64(x) >> y; v = M64(v); break;
    case '>>>': v = x >> (y >= 64n || y < 0n ? 63n : y); break;
    case '&': v = x & y; break;
    case '|': v = x | y; break;
    case '^': v = x ^ y; break;
    case '&&': v = x !== 0n && y !== 0n ? 1n : 0n; break;
    case '||': v = x !== 0n || y !== 0n ? 1n : 0n; break;
    case '^^': v = (x !== 0n) !== (y !== 0n) ? 1n : 0n; break;
    case '=': case '==': v = x === y ? 1n : 0n; break;
    case '!=': case '<>': v = x !== y ? 1n : 0n; break;
    case '<': v = x < y ? 1n : 0n; break;
    case '<=': v = x <= y ? 1n : 0n; break;
    case '>': v = x > y ? 1n : 0n; break;
    case '>=': v = x >= y ? 1n : 0n; break;
    // NASM 2.16.01 yields 1 when a > b and 0 otherwise.
    case '<=>': v = x > y ? 1n : 0n; break;
    default: throw new AsmError(col, `unknown operator '${o}'`);
  }
  return { v, s };
}

export function evaluate(e: Expr, scope: Scope): Value {
  switch (e.op) {
    case 'num': return e.val;
    case 'sym': {
      const v = scope.symbol(e.name, e.col);
      if (v === undefined) {
        scope.unknown = true;
        return { v: 0n, s: COMPLEX };
      }
      return v;
    }
    case 'here': return scope.here();
    case 'base': return scope.base();
    case 'reg': throw new AsmError(e.col, `register '${e.reg.name}' cannot be used in this expression`);
    case 'un': return unary(e.o, evaluate(e.a, scope), e.col);
    case 'bin': return binary(e.o, evaluate(e.a, scope), evaluate(e.b, scope), e.col);
    case 'cond': return evaluate(e.c, scope).v !== 0n ? evaluate(e.a, scope) : evaluate(e.b, scope);
  }
}

/** True when an expression needs no symbols and no position, so one evaluation serves every pass. */
export function isConstant(e: Expr): boolean {
  return e.op === 'num';
}
