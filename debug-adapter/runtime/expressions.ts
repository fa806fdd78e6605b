// The debugger's expression language (watch, hover, REPL, breakpoint conditions, logpoints):
//
//   registers  eax ax al ah ... eip eflags cs ... cr0 cr2 cr3 cr4 dr0-dr7   flags  cf zf sf of ...
//   numbers    42  0x2a  2ah  0b101010          symbols  start  message  start.halt
//   memory     [esp+4]  dword [label]  word [ebx]  byte [eax]   (linear addresses, dword by default)
//   operators  unary - ~ !   * / %   + -   << >>   < <= > >=   == !=   &   ^   |   &&   ||
//
// Values are unsigned 32-bit. Expressions compile once to closures, so a breakpoint condition
// costs a few calls per hit.

export interface EvalContext {
  /** A register or flag by lower-case name, or undefined when there is none by that name. */
  register(name: string): number | undefined;
  symbol(name: string): number | undefined;
  /** Reads guest-linear memory; throws EvalError when the address is not mapped. */
  readLinear(address: number, size: 1 | 2 | 4): number;
}

export class EvalError extends Error {
  override name = 'EvalError';
}

export type Compiled = (ctx: EvalContext) => number;

/** What an expression is, for the variables view: a plain value, or one read from memory. */
export interface CompiledExpression {
  evaluate: Compiled;
  /** The address expression of a top-level memory operand (`[esp+4]`), for memoryReference. */
  address?: Compiled;
  size?: 1 | 2 | 4;
}

type Token = { kind: 'num'; value: number } | { kind: 'id'; text: string } | { kind: 'op'; text: string };

const OPERATORS = ['<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '+', '-', '*', '/', '%', '&', '|', '^', '~', '!', '<', '>', '(', ')', '[', ']', ':'];
const SIZES: Record<string, 1 | 2 | 4> = { byte: 1, word: 2, dword: 4 };

function parseNumber(text: string): number | undefined {
  let v: number;
  if (/^0x[0-9a-f]+$/i.test(text)) v = parseInt(text.slice(2), 16);
  else if (/^0b[01]+$/i.test(text)) v = parseInt(text.slice(2), 2);
  else if (/^[0-9][0-9a-f]*h$/i.test(text)) v = parseInt(text.slice(0, -1), 16);
  else if (/^[0-9]+$/.test(text)) v = parseInt(text, 10);
  else return undefined;
  if (!Number.isFinite(v) || v > 0xffffffff) throw new EvalError(`number out of range: ${text}`);
  return v;
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const word = /^[A-Za-z0-9_.$?@]+/.exec(src.slice(i));
    if (word) {
      const text = word[0];
      const n = /^[0-9]/.test(text) ? parseNumber(text) : undefined;
      if (/^[0-9]/.test(text) && n === undefined) throw new EvalError(`bad number '${text}'`);
      out.push(n !== undefined ? { kind: 'num', value: n } : { kind: 'id', text });
      i += text.length;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (op === undefined) throw new EvalError(`unexpected '${c}' at column ${i + 1}`);
    out.push({ kind: 'op', text: op });
    i += op.length;
  }
  return out;
}

const u32 = (v: number) => v >>> 0;

const BINARY: Record<string, (a: number, b: number) => number> = {
  '*': (a, b) => u32(Math.imul(a, b)),
  '/': (a, b) => {
    if (b === 0) throw new EvalError('division by zero');
    return u32(Math.floor(a / b));
  },
  '%': (a, b) => {
    if (b === 0) throw new EvalError('division by zero');
    return u32(a % b);
  },
  '+': (a, b) => u32(a + b),
  '-': (a, b) => u32(a - b),
  '<<': (a, b) => (b >= 32 ? 0 : u32(a << b)),
  '>>': (a, b) => (b >= 32 ? 0 : a >>> b),
  '<': (a, b) => +(a < b),
  '<=': (a, b) => +(a <= b),
  '>': (a, b) => +(a > b),
  '>=': (a, b) => +(a >= b),
  '==': (a, b) => +(a === b),
  '!=': (a, b) => +(a !== b),
  '&': (a, b) => u32(a & b),
  '^': (a, b) => u32(a ^ b),
  '|': (a, b) => u32(a | b),
};

// Lowest precedence first (C's order).
const LEVELS = [['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '<=', '>', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): CompiledExpression {
    if (this.tokens.length === 0) throw new EvalError('empty expression');
    const start = this.pos;
    const memory = this.memoryOperand();
    if (memory !== undefined && this.pos === this.tokens.length) return memory;
    this.pos = start;
    const e = this.level(0);
    if (this.pos < this.tokens.length) throw new EvalError(`unexpected '${this.show(this.tokens[this.pos])}'`);
    return { evaluate: e };
  }

  private show(t: Token): string {
    return t.kind === 'num' ? String(t.value) : t.text;
  }

  private peekOp(): string | undefined {
    const t = this.tokens[this.pos];
    return t?.kind === 'op' ? t.text : undefined;
  }

  private expect(op: string): void {
    if (this.peekOp() !== op) {
      const t = this.tokens[this.pos];
      throw new EvalError(t === undefined ? `missing '${op}'` : `expected '${op}', found '${this.show(t)}'`);
    }
    this.pos++;
  }

  private level(n: number): Compiled {
    if (n === LEVELS.length) return this.unary();
    let left = this.level(n + 1);
    for (;;) {
      const op = this.peekOp();
      if (op === undefined || !LEVELS[n].includes(op)) return left;
      this.pos++;
      const right = this.level(n + 1);
      const l = left;
      if (op === '&&') left = (c) => +(l(c) !== 0 && right(c) !== 0);
      else if (op === '||') left = (c) => +(l(c) !== 0 || right(c) !== 0);
      else {
        const f = BINARY[op];
        left = (c) => f(l(c), right(c));
      }
    }
  }

  /** `[expr]` or `SIZE [expr]` (with an optional PTR), or undefined when not at one. */
  private memoryOperand(): CompiledExpression | undefined {
    let size: 1 | 2 | 4 = 4;
    const t = this.tokens[this.pos];
    if (t?.kind === 'id' && SIZES[t.text.toLowerCase()] !== undefined) {
      size = SIZES[t.text.toLowerCase()];
      this.pos++;
      const p = this.tokens[this.pos];
      if (p?.kind === 'id' && p.text.toLowerCase() === 'ptr') this.pos++;
      if (this.peekOp() !== '[') throw new EvalError(`expected '[' after ${t.text}`);
    }
    if (this.peekOp() !== '[') return undefined;
    this.pos++;
    const address = this.level(0);
    this.expect(']');
    return { evaluate: (c) => c.readLinear(address(c), size), address, size };
  }

  private unary(): Compiled {
    const op = this.peekOp();
    if (op === '-' || op === '~' || op === '!' || op === '+') {
      this.pos++;
      const e = this.unary();
      if (op === '-') return (c) => u32(-e(c));
      if (op === '~') return (c) => u32(~e(c));
      if (op === '!') return (c) => +(e(c) === 0);
      return e;
    }
    const memory = this.memoryOperand();
    if (memory !== undefined) return memory.evaluate;
    return this.primary();
  }

  private primary(): Compiled {
    const t = this.tokens[this.pos++];
    if (t === undefined) throw new EvalError('unexpected end of expression');
    if (t.kind === 'num') {
      const v = t.value;
      return () => v;
    }
    if (t.kind === 'op') {
      if (t.text !== '(') throw new EvalError(`unexpected '${t.text}'`);
      const e = this.level(0);
      this.expect(')');
      return e;
    }
    const name = t.text;
    const lower = name.toLowerCase();
    return (c) => {
      const r = c.register(lower);
      if (r !== undefined) return r;
      const s = c.symbol(name);
      if (s !== undefined) return s >>> 0;
      throw new EvalError(`unknown name '${name}'`);
    };
  }
}

export function compile(source: string): CompiledExpression {
  return new Parser(tokenize(source)).parse();
}

/** Splits a logpoint message into text and `{expression}` parts, compiled. */
export function compileLogMessage(message: string): (ctx: EvalContext, format: (v: number) => string) => string {
  const parts: (string | Compiled)[] = [];
  const re = /\{([^{}]*)\}/g;
  let last = 0;
  for (let m = re.exec(message); m !== null; m = re.exec(message)) {
    parts.push(message.slice(last, m.index));
    parts.push(compile(m[1]).evaluate);
    last = m.index + m[0].length;
  }
  parts.push(message.slice(last));
  return (ctx, format) =>
    parts
      .map((p) => {
        if (typeof p === 'string') return p;
        try {
          return format(p(ctx));
        } catch (e) {
          return `<${(e as Error).message}>`;
        }
      })
      .join('');
}
