// The NASM preprocessor: includes, conditionals, %define/%assign, %macro and %rep. It turns the
// source files into a flat list of lines, each with the place that the line table should show
// (the line itself, or the invocation line for code that a macro produced).

import * as path from 'node:path';
import { AsmError, clip, Diagnostics, Origin } from './diagnostics';
import { evaluate, parseExpr, Scope, TokenStream } from './expressions';
import { stringEnd, T, tokenize } from './lexer';
import { bindArguments, MacroCall, MMacro, parseMacroHeader, substituteParams } from './mmacros';
import { callee, firstChar, message, P, quote, splitArgs, splitLines, splitSegments, squeeze, stripComment } from './pptokens';
import { pasteTokens, SMacroTable } from './smacros';

export interface SourceLine {
  text: string;
  origin: Origin;
}

export interface PreprocessOptions {
  defines?: Record<string, string>;
  includePaths?: string[];
  readFile: (path: string) => string;
}

const MAX_INCLUDE_DEPTH = 64;
const MAX_MACRO_DEPTH = 1000;
const MAX_OUTPUT_LINES = 1_000_000;
const MAX_REP = 1_000_000;

interface Frame {
  lines: SourceLine[] | string[];
  i: number;
  /** File frames: the file's path; its lines are plain strings numbered from 1 (so are a macro's). */
  file?: string;
  /** Macro frames, and %rep frames inside a macro: the parameters to substitute. */
  call?: MacroCall;
  /** Macro frames: the invocation, where every line maps. */
  origin?: Origin;
  /** %rep frames: repetitions left after this one. */
  repeats?: number;
  /** Conditional nesting at entry, to drop conditionals left open in a macro or %rep body. */
  conds: number;
}

const enum Cond {
  Active,
  /** No branch taken yet. */
  Waiting,
  /** A branch was taken, or the whole %if sits in skipped code. */
  Done,
}

interface Collecting {
  kind: 'macro' | 'rep';
  depth: number;
  macro?: MMacro;
  count?: number;
  body: SourceLine[];
  origin: Origin;
}

export class Preprocessor {
  readonly smacros = new SMacroTable();
  private readonly mmacros = new Map<string, MMacro[]>();
  private readonly frames: Frame[] = [];
  private readonly conds: { state: Cond; sawElse: boolean }[] = [];
  private collecting: Collecting | undefined;
  private emitted = 0;
  private sink: (text: string, origin: Origin) => void = () => undefined;
  private uid = 0;
  private readonly contexts: { name: string; uid: number }[] = [];
  private macroDepth = 0;
  /** Set by %fatal and by runaway expansion: nothing more is read. */
  stopped = false;

  constructor(private readonly diags: Diagnostics, private readonly opts: PreprocessOptions) {
    for (const [name, value] of Object.entries(opts.defines ?? {})) this.smacros.define(name, null, value, false);
  }

  /** Preprocesses a file, handing each resulting line to `sink`. */
  run(file: string, text: string, sink: (text: string, origin: Origin) => void): void {
    this.sink = sink;
    this.frames.push({ lines: splitLines(text), i: 0, file, conds: 0 });
    while (this.frames.length > 0 && !this.stopped) {
      const frame = this.frames[this.frames.length - 1];
      if (frame.i >= frame.lines.length) {
        this.endFrame(frame);
        continue;
      }
      const line = this.readLine(frame);
      line.origin.seq = this.emitted;
      try {
        this.line(line.text, line.origin, frame.call);
      } catch (e) {
        if (!(e instanceof AsmError)) throw e;
        this.diags.error(line.origin, e.col, e.message);
      }
    }
    if (this.collecting !== undefined) {
      const c = this.collecting;
      this.diags.error(c.origin, 1, c.kind === 'macro' ? `%macro '${c.macro!.name}' has no %endmacro` : '%rep has no %endrep');
    }
    if (this.conds.length > 0 && !this.stopped) {
      this.diags.error({ file, line: (text.match(/\n/g)?.length ?? 0) + 1, seq: Number.MAX_SAFE_INTEGER }, 1, '%if has no %endif');
    }
  }

  private readLine(frame: Frame): SourceLine {
    if (frame.file !== undefined) {
      const lines = frame.lines as string[];
      const origin: Origin = { file: frame.file, line: frame.i + 1, macro: undefined, seq: 0 };
      let text = lines[frame.i++];
      while (text.endsWith('\\') && frame.i < lines.length) text = text.slice(0, -1) + lines[frame.i++];
      return { text, origin };
    }
    const l = frame.lines[frame.i++];
    return frame.origin === undefined ? (l as SourceLine) : { text: l as string, origin: frame.origin };
  }

  private endFrame(frame: Frame): void {
    if (frame.repeats !== undefined && frame.repeats > 0) {
      frame.repeats--;
      frame.i = 0;
      return;
    }
    this.frames.pop();
    if (frame.origin !== undefined) this.macroDepth--;
    if (frame.file === undefined && this.conds.length > frame.conds) this.conds.length = frame.conds;
  }

  private active(): boolean {
    return this.conds.length === 0 || this.conds[this.conds.length - 1].state === Cond.Active;
  }

  /** Replaces %$name (and %$$name, one context further out) with a name unique to the context. */
  private contextLocals(text: string): string {
    return text.replace(/%(\$+)(?=[A-Za-z_.?@$])/g, (_, dollars: string) => {
      const ctx = this.contexts[this.contexts.length - dollars.length];
      if (ctx === undefined) throw new AsmError(1, `'%${dollars}' used with no context pushed`);
      return `..@${ctx.uid}.`;
    });
  }

  private emit(text: string, origin: Origin): void {
    if (this.emitted >= MAX_OUTPUT_LINES) {
      this.diags.error(origin, 1, `more than ${MAX_OUTPUT_LINES} lines after preprocessing; is a %rep or macro running away?`);
      this.stopped = true;
      return;
    }
    this.emitted++;
    this.sink(text, origin);
  }

  private line(raw: string, origin: Origin, call: MacroCall | undefined): void {
    let text = stripComment(raw);
    const directive = firstChar(text) === 37 ? /^\s*(%[A-Za-z]+)/.exec(text) : null;
    const name = directive?.[1].toLowerCase();
    if (this.collecting !== undefined) {
      this.collect(raw, name, origin, call);
      return;
    }
    if (call !== undefined) text = substituteParams(text, call);
    if (text.indexOf('%$') >= 0) text = this.contextLocals(text);
    if (name !== undefined && this.conditional(name, text.slice(directive![0].length), origin)) return;
    if (!this.active()) return;
    if (name !== undefined) {
      this.directive(name, text.slice(directive![0].length), origin);
      return;
    }
    let expanded = text;
    if (this.smacros.mayExpand(text) || /__(\?)?(FILE|LINE)(\?)?__|%[a-z]+\(/i.test(text)) {
      expanded = this.expand(text, origin);
    }
    if (this.mmacros.size > 0 && this.tryMacroCall(expanded, origin)) return;
    this.emit(expanded, origin);
  }

  private builtin(name: string, origin: Origin): string | undefined {
    if (name === '__FILE__' || name === '__?FILE?__') return `'${origin.file}'`;
    if (name === '__LINE__' || name === '__?LINE?__') return String(origin.line);
    return undefined;
  }

  private collect(raw: string, name: string | undefined, origin: Origin, call: MacroCall | undefined): void {
    const c = this.collecting!;
    const opens = c.kind === 'macro' ? name === '%macro' || name === '%imacro' : name === '%rep';
    const closes = c.kind === 'macro' ? name === '%endmacro' || name === '%endm' : name === '%endrep' || name === '%endr';
    if (opens) c.depth++;
    else if (closes && --c.depth === 0) {
      this.collecting = undefined;
      if (c.kind === 'macro') {
        const m = c.macro!;
        m.body = c.body.map((l) => l.text);
        if (m.name === '') return;
        const key = m.name.toLowerCase();
        const list = (this.mmacros.get(key) ?? []).filter((x) => x.min !== m.min || x.max !== m.max);
        list.push(m);
        this.mmacros.set(key, list);
      } else if (c.count! > 0) {
        this.frames.push({
          lines: c.body, i: 0, repeats: c.count! - 1, conds: this.conds.length, call,
        });
      }
      return;
    }
    c.body.push({ text: raw, origin });
  }

  /** Handles %if-family directives (also inside skipped code); false for other directives. */
  private conditional(name: string, rest: string, origin: Origin): boolean {
    if (name === '%endif') {
      if (this.conds.length === 0) throw new AsmError(1, '%endif without %if');
      this.conds.pop();
      return true;
    }
    if (name === '%else') {
      const top = this.conds[this.conds.length - 1];
      if (top === undefined) throw new AsmError(1, '%else without %if');
      if (top.sawElse) throw new AsmError(1, '%else after %else');
      top.sawElse = true;
      top.state = top.state === Cond.Waiting ? Cond.Active : Cond.Done;
      return true;
    }
    const m = /^%(if|elif)(n?)(def|macro|idni|idn|empty|num|str|id|ctx|)$/.exec(name);
    if (m === null) return false;
    if (m[1] === 'if') {
      if (!this.active()) {
        this.conds.push({ state: Cond.Done, sawElse: false });
        return true;
      }
      const ok = this.test(m[3], rest, origin) !== (m[2] === 'n');
      this.conds.push({ state: ok ? Cond.Active : Cond.Waiting, sawElse: false });
      return true;
    }
    const top = this.conds[this.conds.length - 1];
    if (top === undefined) throw new AsmError(1, `${name} without %if`);
    if (top.sawElse) throw new AsmError(1, `${name} after %else`);
    if (top.state === Cond.Waiting) {
      if (this.test(m[3], rest, origin) !== (m[2] === 'n')) top.state = Cond.Active;
    } else top.state = Cond.Done;
    return true;
  }

  private test(kind: string, rest: string, origin: Origin): boolean {
    const arg = rest.trim();
    switch (kind) {
      case 'def':
        return this.smacros.isDefined(arg);
      case 'macro':
        return this.mmacros.has(arg.split(/\s+/)[0].toLowerCase());
      case 'idn':
      case 'idni': {
        const parts = splitArgs(this.expand(arg, origin), false);
        if (parts.length !== 2) throw new AsmError(1, `%if${kind} needs two comma-separated texts`);
        const [a, b] = parts.map((p) => p.replace(/\s+/g, ''));
        return kind === 'idn' ? a === b : a.toLowerCase() === b.toLowerCase();
      }
      case 'empty':
        return this.expand(arg, origin).trim() === '';
      case 'ctx': {
        const top = this.contexts[this.contexts.length - 1];
        return top !== undefined && arg.split(/\s+/).includes(top.name);
      }
      case 'num':
      case 'str':
      case 'id': {
        const segs = splitSegments(this.expand(arg, origin).trim());
        const want = kind === 'num' ? P.Num : kind === 'str' ? P.Str : P.Id;
        return segs.length === 1 && segs[0].t === want;
      }
      default:
        return this.evaluate(arg, origin) !== 0n;
    }
  }

  private expand(text: string, origin: Origin): string {
    return this.functions(pasteTokens(this.smacros.expand(text, (n) => this.builtin(n, origin))), origin);
  }

  /** The preprocessor functions %str(...) and %eval(...). */
  private functions(text: string, origin: Origin): string {
    const re = /%(str|eval)\(/gi;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      let depth = 1;
      let j = m.index + m[0].length;
      for (; j < text.length && depth > 0; j++) {
        if (text[j] === '(') depth++;
        else if (text[j] === ')') depth--;
      }
      if (depth !== 0) throw new AsmError(1, `missing ')' after %${m[1]}(`);
      const inner = text.slice(m.index + m[0].length, j - 1);
      const value = m[1].toLowerCase() === 'str' ? quote(squeeze(inner)) : String(this.evaluate(inner, origin));
      text = text.slice(0, m.index) + value + text.slice(j);
      re.lastIndex = m.index + value.length;
    }
    return text;
  }

  /** Evaluates a preprocessor expression: numbers only, no labels. */
  evaluate(text: string, origin: Origin): bigint {
    const expanded = this.expand(text, origin);
    const toks = tokenize(expanded);
    const ts = new TokenStream(toks, expanded.length + 1);
    if (ts.atEnd()) throw new AsmError(1, 'expression expected');
    const e = parseExpr(ts, (n) => n);
    if (!ts.atEnd()) throw new AsmError(1, `unexpected text after expression${ts.describeNext()}`);
    const scope: Scope = {
      unknown: false,
      symbol: (name) => {
        throw new AsmError(1, `'${clip(name)}' is not defined (a preprocessor expression can use only numbers and macros)`);
      },
      here: () => {
        throw new AsmError(1, "'$' cannot be used in a preprocessor expression");
      },
      base: () => {
        throw new AsmError(1, "'$$' cannot be used in a preprocessor expression");
      },
    };
    return evaluate(e, scope).v;
  }

  private directive(name: string, rest: string, origin: Origin): void {
    switch (name) {
      case '%define': case '%idefine': case '%xdefine': case '%ixdefine':
        return this.define(rest, name === '%idefine' || name === '%ixdefine', name.endsWith('xdefine'), origin);
      case '%defstr': case '%idefstr': {
        const m = /^\s*([^\s]+)\s*(.*)$/.exec(rest);
        if (m === null) throw new AsmError(1, `${name} needs a name`);
        this.smacros.define(m[1], null, quote(squeeze(this.expand(m[2], origin))), name === '%idefstr');
        return;
      }
      case '%strlen': case '%substr':
        return this.stringFunction(name, rest, origin);
      case '%undef':
        return this.smacros.undefine(rest.trim());
      case '%assign': case '%iassign': {
        const m = /^\s*([^\s]+)\s+(.*)$/.exec(rest);
        if (m === null) throw new AsmError(1, `${name} needs a name and an expression`);
        this.smacros.define(m[1], null, String(this.evaluate(m[2], origin)), name === '%iassign');
        return;
      }
      case '%macro': case '%imacro': {
        // The body is collected even when the header is wrong, so that it is skipped.
        let macro: MMacro | undefined;
        let error: unknown;
        try {
          macro = parseMacroHeader(rest, name === '%imacro', origin);
        } catch (e) {
          error = e;
          macro = { name: '', icase: false, min: 0, max: 0, greedy: false, defaults: [], body: [], defined: origin };
        }
        this.collecting = { kind: 'macro', depth: 1, macro, body: [], origin };
        if (error !== undefined) throw error;
        return;
      }
      case '%endmacro': case '%endm':
        throw new AsmError(1, `${name} without %macro`);
      case '%rep': {
        this.collecting = { kind: 'rep', depth: 1, count: 0, body: [], origin };
        const count = this.evaluate(rest, origin);
        if (count > BigInt(MAX_REP)) throw new AsmError(1, `%rep count ${count} is too large (limit ${MAX_REP})`);
        this.collecting.count = Number(count < 0n ? 0n : count);
        return;
      }
      case '%endrep': case '%endr':
        throw new AsmError(1, `${name} without %rep`);
      case '%exitrep':
        return this.exitRep();
      case '%rotate':
        return this.rotate(rest, origin);
      case '%include':
        return this.include(rest, origin);
      case '%error': case '%fatal':
        this.diags.error(origin, 1, message(this.expand(rest, origin)));
        if (name === '%fatal') this.stopped = true;
        return;
      case '%warning':
        this.diags.warning(origin, 1, message(this.expand(rest, origin)));
        return;
      case '%push':
        this.contexts.push({ name: rest.trim(), uid: ++this.uid });
        return;
      case '%pop':
      case '%repl': {
        const top = this.contexts[this.contexts.length - 1];
        if (top === undefined) throw new AsmError(1, `${name} with no context pushed`);
        if (name === '%pop') this.contexts.pop();
        else top.name = rest.trim();
        return;
      }
      case '%line': case '%use': case '%pragma': case '%local':
        throw new AsmError(1, `${name} is not supported`);
      default:
        throw new AsmError(1, `unknown preprocessor directive '${clip(name)}'`);
    }
  }

  private define(rest: string, icase: boolean, expandNow: boolean, origin: Origin): void {
    const m = /^\s*([A-Za-z_.?@$][\w.?@$#~]*)(\(([^)]*)\))?(?:\s(.*))?$/.exec(rest);
    if (m === null) throw new AsmError(1, `%define needs a macro name`);
    const params = m[2] === undefined ? null : m[3].trim() === '' ? [] : m[3].split(',').map((p) => p.trim());
    let body = (m[4] ?? '').trim();
    if (expandNow) body = this.expand(body, origin);
    this.smacros.define(m[1], params, body, icase);
  }

  private stringFunction(name: string, rest: string, origin: Origin): void {
    const m = /^\s*([^\s]+)\s+(.*)$/.exec(rest);
    if (m === null) throw new AsmError(1, `${name} needs a name and a string`);
    const text = this.expand(m[2], origin).trim();
    const first = tokenize(text)[0];
    if (first === undefined || first.k !== T.Str) throw new AsmError(1, `${name} needs a quoted string`);
    const str = first.s;
    const after = text.slice(stringEnd(text, first.col - 1)).trim();
    const args = ['', ...(after === '' ? [] : splitArgs(after, true))];
    if (name === '%strlen') {
      this.smacros.define(m[1], null, String(str.length), false);
      return;
    }
    const start = Number(this.evaluate(args[1] ?? '1', origin));
    const len = args[2] === undefined ? 1 : Number(this.evaluate(args[2], origin));
    const from = Math.max(0, start - 1);
    const count = len < 0 ? str.length - from + len + 1 : len;
    this.smacros.define(m[1], null, quote(str.slice(from, from + Math.max(0, count))), false);
  }

  private exitRep(): void {
    for (let k = this.frames.length - 1; k >= 0; k--) {
      const f = this.frames[k];
      if (f.repeats !== undefined) {
        while (this.frames.length > k) {
          const popped = this.frames.pop()!;
          if (popped.origin !== undefined) this.macroDepth--;
        }
        if (this.conds.length > f.conds) this.conds.length = f.conds;
        return;
      }
      if (f.file !== undefined) break;
    }
    throw new AsmError(1, '%exitrep outside %rep');
  }

  private rotate(rest: string, origin: Origin): void {
    const frame = [...this.frames].reverse().find((f) => f.call !== undefined);
    if (frame === undefined) throw new AsmError(1, '%rotate outside a macro');
    const p = frame.call!.params;
    if (p.length === 0) return;
    const n = ((Number(this.evaluate(rest, origin)) % p.length) + p.length) % p.length;
    frame.call!.params = [...p.slice(n), ...p.slice(0, n)];
  }

  private include(rest: string, origin: Origin): void {
    const arg = this.expand(rest, origin).trim();
    const m = /^(["'`<])(.*)(["'`>])$/.exec(arg);
    const name = m !== null ? m[2] : arg;
    if (name === '') throw new AsmError(1, '%include needs a file name');
    const fileFrames = this.frames.filter((f) => f.file !== undefined);
    if (fileFrames.length >= MAX_INCLUDE_DEPTH) throw new AsmError(1, `includes nested more than ${MAX_INCLUDE_DEPTH} deep`);
    const tried = this.candidatesFor(name, origin.file);
    for (const candidate of tried) {
      let text: string;
      try {
        text = this.opts.readFile(candidate);
      } catch {
        continue;
      }
      const resolved = path.resolve(candidate);
      const cycle = fileFrames.find((f) => path.resolve(f.file!) === resolved);
      if (cycle !== undefined) {
        const chain = [...fileFrames.slice(fileFrames.indexOf(cycle)).map((f) => f.file!), candidate];
        throw new AsmError(1, `include cycle: ${chain.join(' -> ')}`);
      }
      this.frames.push({ lines: splitLines(text), i: 0, file: candidate, conds: this.conds.length });
      return;
    }
    throw new AsmError(1, `unable to open include file '${clip(name, 200)}'`);
  }

  private candidatesFor(name: string, from: string): string[] {
    if (path.isAbsolute(name)) return [name];
    const dir = path.dirname(from);
    const list = [dir === '.' ? name : path.join(dir, name)];
    for (const p of this.opts.includePaths ?? []) list.push(path.join(p, name));
    list.push(name);
    return [...new Set(list)];
  }

  /** Expands a multi-line macro when the line calls one (optionally after a label). */
  private tryMacroCall(text: string, origin: Origin): boolean {
    if (!this.mmacros.has(callee(text))) return false;
    const m = /^\s*(?:([A-Za-z_.?@$][\w.?@$#~]*)\s*:)?\s*([A-Za-z_.?@$][\w.?@$#~]*)(?=\s|$)(.*)$/.exec(text);
    if (m === null) return false;
    const list = this.mmacros.get(m[2].toLowerCase());
    if (list === undefined) return false;
    const named = list.filter((x) => x.icase || x.name === m[2]);
    if (named.length === 0) return false;
    let params: string[] | undefined;
    const macro = named.find((x) => (params = bindArguments(x, m[3])) !== undefined);
    if (macro === undefined || params === undefined) {
      const counts = named.map((x) => (x.min === x.max ? `${x.min}` : `${x.min}-${x.max === Infinity ? '*' : x.max}`));
      throw new AsmError(1, `macro '${m[2]}' takes ${counts.join(' or ')} parameter(s)`);
    }
    if (this.macroDepth >= MAX_MACRO_DEPTH) {
      throw new AsmError(1, `macro '${m[2]}' nested more than ${MAX_MACRO_DEPTH} deep; does it call itself without end?`);
    }
    const label = m[1] ?? '';
    if (label !== '' && !macro.body.some((l) => l.includes('%00'))) this.emit(`${label}:`, origin);
    this.macroDepth++;
    this.frames.push({
      lines: macro.body, i: 0, conds: this.conds.length,
      call: { params, count: params.length, label, uid: ++this.uid },
      origin: { file: origin.file, line: origin.line, macro: origin.macro ?? macro.name },
    });
    return true;
  }
}
