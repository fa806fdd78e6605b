// Reads the instruction table (table.ts) into InstructionForm objects and indexes them.
//
// A table line is   mnemonic | operands | roles | encoding | flags
// and may stand for several forms:
//   * "v" placeholders make a 16-bit and a 32-bit form: operand types rv, rmv, mv, immv, relv,
//     moffsv, farv, mfarv, accv; encoding tokens ov, av, iv, jv, pv; mnemonic parts {w16/w32}.
//   * "cc" in the mnemonic with an opcode byte "XX+cc" makes the sixteen condition forms.
// An alias line "name => mnemonic" adds another spelling the assembler accepts.

import { CONDITIONS } from './conditions';
import { CpuLevel, Flag, ImmField, InstructionForm, OperandType, Role } from './forms';
import { TABLE } from './table';

const OPERAND_TYPES = new Set<string>([
  'r8', 'r16', 'r32', 'sreg', 'creg', 'dreg', 'treg', 'rm8', 'rm16', 'rm32',
  'm', 'm8', 'm16', 'm32', 'm64', 'm128', 'mfar16', 'mfar32', 'imm8', 'imm16', 'imm32', 'simm8',
  'rel8', 'rel16', 'rel32', 'far16', 'far32', 'moffs8', 'moffs16', 'moffs32', 'unity',
  'al', 'ax', 'eax', 'cl', 'cx', 'ecx', 'dx', 'es', 'cs', 'ss', 'ds', 'fs', 'gs',
]);

const SIZED_OPERANDS: Record<string, [OperandType, OperandType]> = {
  rv: ['r16', 'r32'], rmv: ['rm16', 'rm32'], mv: ['m16', 'm32'], immv: ['imm16', 'imm32'],
  relv: ['rel16', 'rel32'], moffsv: ['moffs16', 'moffs32'], farv: ['far16', 'far32'],
  mfarv: ['mfar16', 'mfar32'], accv: ['ax', 'eax'],
};

const SIZED_TOKENS: Record<string, [string, string]> = {
  ov: ['o16', 'o32'], av: ['a16', 'a32'], iv: ['iw', 'id'], jv: ['jw', 'jd'], pv: ['pw', 'pd'],
};

const IMM_FIELDS = new Set<string>(['ib', 'iw', 'id', 'jb', 'jw', 'jd', 'pw', 'pd', 'ia']);
const FLAGS = new Set<string>([
  'lock', 'rep', 'repe', 'priv', 'iopl', 'sens', 'vmx', 'nd', 'na',
  'dsize', 'anysize', 'nearsize', 'bareimm', 'leads', 'bnd',
]);
const CPU_LEVELS = new Set<number>([8086, 186, 286, 386, 486, 586, 686]);
const ROLES = new Set<string>(['r', 'm', 'o', 'x', 'i', '-']);

export class TableError extends Error {}

interface RawLine {
  line: number;
  mnemonic: string;
  operands: string[];
  roles: string;
  encoding: string[];
  flags: string[];
}

function splitLine(text: string, line: number): RawLine {
  const cols = text.split('|').map((c) => c.trim());
  if (cols.length < 4 || cols.length > 5) {
    throw new TableError(`table line ${line}: expected 4 or 5 columns separated by '|'`);
  }
  const [mnemonic, ops, roles, enc, flags = ''] = cols;
  return {
    line,
    mnemonic,
    operands: ops === '' ? [] : ops.split(',').map((o) => o.trim()),
    roles,
    encoding: enc.split(/\s+/).filter(Boolean),
    flags: flags.split(/\s+/).filter(Boolean),
  };
}

/** Expands "v" placeholders into the 16- and 32-bit lines (or returns the line as it is). */
function expandSizes(raw: RawLine): RawLine[] {
  const hasV =
    raw.operands.some((o) => o in SIZED_OPERANDS) ||
    raw.encoding.some((t) => t in SIZED_TOKENS) ||
    raw.mnemonic.includes('{');
  if (!hasV) return [raw];
  return [0, 1].map((which) => ({
    ...raw,
    mnemonic: raw.mnemonic.replace(/\{([^/}]*)\/([^}]*)\}/g, (_, a: string, b: string) => (which ? b : a)),
    operands: raw.operands.map((o) => (o in SIZED_OPERANDS ? SIZED_OPERANDS[o][which] : o)),
    encoding: raw.encoding.map((t) => (t in SIZED_TOKENS ? SIZED_TOKENS[t][which] : t)),
  }));
}

/** Expands a condition-code template into its sixteen forms. */
function expandConditions(raw: RawLine): { raw: RawLine; cc?: number }[] {
  if (!raw.encoding.some((t) => t.endsWith('+cc'))) return [{ raw }];
  if (!raw.mnemonic.includes('cc')) throw new TableError(`table line ${raw.line}: '+cc' needs 'cc' in the mnemonic`);
  return CONDITIONS.map((names, cc) => ({
    cc,
    raw: {
      ...raw,
      mnemonic: raw.mnemonic.replace('cc', names[0]),
      encoding: raw.encoding.map((t) =>
        t.endsWith('+cc') ? hex(parseInt(t.slice(0, -3), 16) + cc, raw.line) : t,
      ),
    },
  }));
}

function hex(n: number, line: number): string {
  if (n > 0xff) throw new TableError(`table line ${line}: opcode byte overflows`);
  return n.toString(16).padStart(2, '0');
}

function buildForm(raw: RawLine, id: number, cc: number | undefined): InstructionForm {
  const fail = (msg: string): never => {
    throw new TableError(`table line ${raw.line} (${raw.mnemonic}): ${msg}`);
  };
  for (const o of raw.operands) if (!OPERAND_TYPES.has(o)) fail(`unknown operand type '${o}'`);
  if (raw.roles.length !== raw.operands.length) fail('one role letter per operand is needed');
  for (const r of raw.roles) if (!ROLES.has(r)) fail(`unknown role '${r}'`);

  let osize: 16 | 32 | undefined;
  let asize: 16 | 32 | undefined;
  let mandatoryPrefix: number | undefined;
  const opcode: number[] = [];
  let opcodeReg = false;
  let modrm: 'r' | number | undefined;
  const imms: ImmField[] = [];
  for (const tok of raw.encoding) {
    if (tok === 'o16' || tok === 'o32') osize = tok === 'o16' ? 16 : 32;
    else if (tok === 'a16' || tok === 'a32') asize = tok === 'a16' ? 16 : 32;
    else if (/^p(66|f2|f3)$/.test(tok)) mandatoryPrefix = parseInt(tok.slice(1), 16);
    else if (/^[0-9a-f]{2}$/i.test(tok)) opcode.push(parseInt(tok, 16));
    else if (/^[0-9a-f]{2}\+r$/i.test(tok)) {
      opcode.push(parseInt(tok.slice(0, 2), 16));
      opcodeReg = true;
    } else if (tok === '/r') modrm = 'r';
    else if (/^\/[0-7]$/.test(tok)) modrm = Number(tok[1]);
    else if (IMM_FIELDS.has(tok)) imms.push(tok as ImmField);
    else fail(`unknown encoding token '${tok}'`);
  }
  if (opcode.length === 0) fail('no opcode bytes');

  const flags = new Set<Flag>();
  let cpu: CpuLevel = 8086;
  for (const f of raw.flags) {
    if (FLAGS.has(f)) flags.add(f as Flag);
    else if (CPU_LEVELS.has(Number(f))) cpu = Number(f) as CpuLevel;
    else fail(`unknown flag '${f}'`);
  }

  // a 32-bit operand or address size needs at least an 80386
  if ((osize === 32 || asize === 32) && cpu < 386) cpu = 386;

  const roles = [...raw.roles] as Role[];
  const count = (r: Role) => roles.filter((x) => x === r).length;
  const inReg = count('r') + count('x');
  const inRm = count('m') + count('x');
  if (inReg > 0 && modrm !== 'r') fail("an 'r' operand needs /r");
  if (inRm > 1 || inReg > 1 || count('o') > 1) fail('an encoding slot is used twice');
  if (inRm === 1 && modrm === undefined) fail("an 'm' operand needs a ModRM byte");
  if (count('o') !== (opcodeReg ? 1 : 0)) fail("'+r' and an 'o' operand go together");
  if (count('i') !== imms.length) fail('each immediate field needs one "i" operand');

  return {
    id, mnemonic: raw.mnemonic, operands: raw.operands as OperandType[], roles, osize, asize,
    mandatoryPrefix, opcode, opcodeReg, modrm, imms, flags, cpu, cc,
  };
}

function parseTable(text: string): { forms: InstructionForm[]; aliases: Map<string, string> } {
  const forms: InstructionForm[] = [];
  const aliases = new Map<string, string>();
  text.split('\n').forEach((rawText, i) => {
    const lineNo = i + 1;
    const text = rawText.replace(/#.*/, '').trim();
    if (text === '') return;
    const alias = /^(\S+)\s*=>\s*(\S+)$/.exec(text);
    if (alias) {
      aliases.set(alias[1], alias[2]);
      return;
    }
    for (const sized of expandSizes(splitLine(text, lineNo))) {
      for (const { raw, cc } of expandConditions(sized)) {
        forms.push(buildForm(raw, forms.length, cc));
        if (cc !== undefined) {
          for (const other of CONDITIONS[cc].slice(1)) {
            const template = sized.mnemonic;
            aliases.set(template.replace('cc', other), raw.mnemonic);
          }
        }
      }
    }
  });
  for (const [alias, target] of aliases) {
    if (!forms.some((f) => f.mnemonic === target)) {
      throw new TableError(`alias '${alias}' names unknown mnemonic '${target}'`);
    }
  }
  return { forms, aliases };
}

const parsed = parseTable(TABLE);

/** Every instruction form, in table order (the order in which the assembler tries them). */
export const FORMS: readonly InstructionForm[] = parsed.forms;

/** Other spellings of mnemonics (je => jz, sal => shl, ...). */
export const ALIASES: ReadonlyMap<string, string> = parsed.aliases;

const byMnemonic = new Map<string, InstructionForm[]>();
for (const f of FORMS) {
  const list = byMnemonic.get(f.mnemonic) ?? [];
  list.push(f);
  byMnemonic.set(f.mnemonic, list);
}

/** The forms of a mnemonic or of an alias of it, in table order; empty when unknown. */
export function formsOf(mnemonic: string): readonly InstructionForm[] {
  const m = mnemonic.toLowerCase();
  return byMnemonic.get(ALIASES.get(m) ?? m) ?? [];
}

export function isMnemonic(word: string): boolean {
  return formsOf(word).length > 0;
}

/** Every mnemonic and alias the assembler accepts. */
export const MNEMONICS: ReadonlySet<string> = new Set([...byMnemonic.keys(), ...ALIASES.keys()]);
