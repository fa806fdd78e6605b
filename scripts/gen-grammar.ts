// Generates syntaxes/ringside-asm.tmLanguage.json, the TextMate grammar of NASM-syntax guests,
// from the instruction table, the register file and the assembler's keyword lists, so that the
// highlighting knows exactly the mnemonics the assembler knows.
//   npm run gen:grammar            write the grammar
//   npm run gen:grammar -- --check exit 1 when the committed grammar is out of date

import * as fs from 'node:fs';
import * as path from 'node:path';
import { PREFIX_WORDS } from '../src/arch/descriptions';
import { formsOf, MNEMONICS } from '../src/arch/instructions';
import { REGISTERS, RegisterClass } from '../src/arch/registers';
import { DATA as PARSER_DATA, DIRECTIVES as PARSER_DIRECTIVES, RESERVE as PARSER_RESERVE } from '../src/asm/parser';

export const SCOPE = 'source.ringside-asm';
export const GRAMMAR_PATH = path.join('syntaxes', 'ringside-asm.tmLanguage.json');

/** Assembler directives: the parser's, and NASM's others so that foreign sources colour well. */
export const DIRECTIVES = [...PARSER_DIRECTIVES, 'static'];
export const DATA = [...Object.keys(PARSER_DATA), 'dt', 'do', 'dy', 'dz'];
export const RESERVE = [...Object.keys(PARSER_RESERVE), 'resy', 'resz'];
export const SIZES = ['byte', 'word', 'dword', 'qword', 'tword', 'oword', 'yword', 'zword'];
export const MODIFIERS = ['short', 'near', 'far', 'strict', 'nosplit', 'rel', 'abs'];
export const WORD_OPERATORS = ['seg', 'wrt'];

/** Preprocessor directives: what src/asm/preprocessor.ts handles, plus NASM's others. */
export const PP_DEFINES = [
  'define', 'idefine', 'xdefine', 'ixdefine', 'defstr', 'idefstr', 'deftok', 'ideftok',
  'assign', 'iassign', 'undef', 'strlen', 'substr', 'strcat', 'defalias', 'idefalias', 'undefalias',
];
export const PP_MACROS = ['macro', 'imacro', 'rmacro', 'irmacro'];
export const PP_CONDITIONS = [
  '', 'def', 'macro', 'idn', 'idni', 'empty', 'num', 'str', 'id', 'ctx', 'env', 'token', 'usable', 'using',
].flatMap((t) => ['if', 'elif'].flatMap((k) => [`${k}${t}`, `${k}n${t}`])).concat(['else', 'endif']);
export const PP_OTHERS = [
  'endmacro', 'endm', 'unmacro', 'unimacro', 'exitmacro', 'rep', 'endrep', 'endr', 'exitrep', 'rotate',
  'include', 'depend', 'use', 'pathsearch', 'error', 'fatal', 'warning', 'line', 'pragma', 'local',
  'arg', 'stacksize', 'push', 'pop', 'repl', 'clear',
];
export const PP_FUNCTIONS = ['str', 'eval', 'strcat', 'strlen', 'substr', 'tok', 'num', 'cond', 'sel', 'abs', 'hex'];

// NASM identifiers: letters, digits and _ $ # @ ~ . ? (not starting with a digit, $ or #)
const ID = '[A-Za-z_.?@][\\w$#@~.?]*';
const BEFORE = '(?<![\\w$#@~.?%])';
const AFTER = '(?![\\w$#@~.?])';
const word = (words: readonly string[]) => `(?i)${BEFORE}(?:${alternation(words)})${AFTER}`;

function alternation(words: readonly string[]): string {
  return [...new Set(words)].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).join('|');
}

type Group = 'vmx' | 'control' | 'system' | 'general';

/** How a mnemonic is coloured: VMX, control flow, system (every form privileged/IOPL/sensitive), other. */
export function mnemonicGroup(name: string): Group {
  const forms = formsOf(name).filter((f) => !f.flags.has('nd') || formsOf(name).every((g) => g.flags.has('nd')));
  if (forms.some((f) => f.flags.has('vmx'))) return 'vmx';
  const transfers = forms.some((f) => f.operands.some((t) => /^(rel|far|mfar)/.test(t)));
  if (transfers || /^(retn?[wd]?|retf[wd]?|iret[wd]?|int(o|1|3|01|03)?|icebp)$/.test(name)) return 'control';
  if (forms.every((f) => f.flags.has('priv') || f.flags.has('iopl') || f.flags.has('sens'))) return 'system';
  return 'general';
}

const MNEMONIC_SCOPES: Record<Group, string> = {
  vmx: 'keyword.mnemonic.vmx',
  control: 'keyword.control.mnemonic',
  system: 'keyword.mnemonic.system',
  general: 'keyword.mnemonic',
};

const REGISTER_SCOPES: Record<RegisterClass, string> = {
  r8: 'general', r16: 'general', r32: 'general', sreg: 'segment', creg: 'control', dreg: 'debug', treg: 'test',
};

type Rule = Record<string, unknown>;
const s = (scope: string) => `${scope}.ringside-asm`;
const captures = (...names: string[]): Rule => Object.fromEntries(names.map((n, i) => [String(i + 1), { name: s(n) }]));

function stringRules(kind: 'string' | 'char'): Rule[] {
  const base = kind === 'string' ? 'string.quoted' : 'constant.character.quoted';
  const quoted = (q: string, sub: string, escapes: boolean): Rule => ({
    name: s(`${base}.${sub}`),
    begin: q,
    beginCaptures: { 0: { name: s('punctuation.definition.string.begin') } },
    end: `(${q})|$`,
    endCaptures: { 1: { name: s('punctuation.definition.string.end') } },
    ...(escapes ? { patterns: [{ include: '#escape' }] } : {}),
  });
  return [quoted("'", 'single', false), quoted('"', 'double', false), quoted('`', 'backtick', true)];
}

/** Operands and expressions: everything after a mnemonic or directive. */
function operandRules(): Rule[] {
  const regs = (Object.keys(REGISTER_SCOPES) as RegisterClass[]).reduce<Record<string, string[]>>((acc, cls) => {
    const names = [...REGISTERS.values()].filter((r) => r.cls === cls).map((r) => r.name);
    (acc[REGISTER_SCOPES[cls]] ??= []).push(...names);
    return acc;
  }, {});
  return [
    ...Object.entries(regs).map(([kind, names]) => ({ name: s(`variable.language.register.${kind}`), match: word(names) })),
    { include: '#number' },
    { include: '#macro-parameter' },
    { include: '#preprocessor-inline' },
    { name: s('storage.type.size'), match: word(SIZES) },
    { name: s('storage.modifier'), match: word(MODIFIERS) },
    { name: s('keyword.operator.word'), match: word(WORD_OPERATORS) },
    { name: s('variable.language.section-start'), match: `${BEFORE}\\$\\$${AFTER}` },
    { name: s('variable.language.location'), match: `${BEFORE}\\$${AFTER}` },
    { name: s('variable.other.label.local'), match: `${BEFORE}\\.(?!\\.)[\\w$#@~.?]+` },
    { name: s('variable.other.label.special'), match: `${BEFORE}\\.\\.[@\\w][\\w$#@~.?]*` },
    { name: s('constant.language.builtin'), match: '__\\??(?:FILE|LINE|BITS|NASM_VERSION_ID|NASM_VER|OUTPUT_FORMAT|SECT)\\??__' },
    { match: `${BEFORE}\\$?${ID}` }, // other identifiers, kept whole so no keyword is found inside one
    { name: s('keyword.operator'), match: '<<<|>>>|<=>|//|%%|<<|>>|<=|>=|==|!=|<>|&&|\\|\\||\\^\\^|[-+*/%<>=&|^~!?:]' },
    { name: s('punctuation.separator.comma'), match: ',' },
    { name: s('punctuation.definition.memory.begin'), match: '\\[' },
    { name: s('punctuation.definition.memory.end'), match: '\\]' },
  ];
}

const NUMBER_RULES: Rule[] = [
  // hexadecimal: 0x1F 0h1F $1F (a digit after $) 1Fh 1Fx
  { name: s('constant.numeric.integer.hexadecimal'), match: `(?i)${BEFORE}(?:0[xh][0-9a-f_]+|\\$[0-9][0-9a-f_]*|[0-9][0-9a-f_]*[hx])${AFTER}` },
  // binary: 0b101 0y101 101b 101y
  { name: s('constant.numeric.integer.binary'), match: `(?i)${BEFORE}(?:0[by][01_]+|[01][01_]*[by])${AFTER}` },
  // octal: 0o17 0q17 17o 17q
  { name: s('constant.numeric.integer.octal'), match: `(?i)${BEFORE}(?:0[oq][0-7_]+|[0-7][0-7_]*[oq])${AFTER}` },
  // decimal: 0d99 0t99 99d 99t 99 1_000
  { name: s('constant.numeric.integer.decimal'), match: `(?i)${BEFORE}(?:0[dt][0-9_]+|[0-9][0-9_]*[dt]?)${AFTER}` },
  // floating point, for dd/dq/dt: 1.5 1.5e10 1e-3
  { name: s('constant.numeric.float'), match: `(?i)${BEFORE}[0-9][0-9_]*(?:\\.[0-9_]*(?:e[+-]?[0-9]+)?|e[+-]?[0-9]+)${AFTER}` },
  { name: s('invalid.illegal.constant.numeric'), match: `${BEFORE}[0-9][\\w$#@~.?]*` },
];

const PREPROCESSOR_END = { end: '$', patterns: [{ include: '#comment' }, { include: '#preprocessor-operands' }] };

export function buildGrammar(): Rule {
  const byGroup: Record<Group, string[]> = { vmx: [], control: [], system: [], general: [] };
  for (const m of MNEMONICS) byGroup[mnemonicGroup(m)].push(m);
  const instructions = (Object.keys(byGroup) as Group[]).map((g) => ({
    name: s('meta.instruction'),
    begin: `(?i)${BEFORE}(${alternation(byGroup[g])})${AFTER}`,
    beginCaptures: captures(MNEMONIC_SCOPES[g]),
    end: '(?=;)|$',
    patterns: [{ include: '#character-constant' }, { include: '#operands' }],
  }));
  const dirs = alternation(DIRECTIVES);
  return {
    comment: 'Generated by scripts/gen-grammar.ts from src/arch (instruction table, registers). Do not edit; run npm run gen:grammar.',
    name: 'x86 Assembly (Ringside)',
    scopeName: SCOPE,
    fileTypes: ['asm', 'nasm', 'inc'],
    patterns: [
      { include: '#comment' },
      { include: '#preprocessor' },
      { include: '#bracket-directive' },
      { include: '#label-definition' },
      { include: '#directive' },
      { name: s('storage.modifier.prefix'), match: word(PREFIX_WORDS) },
      ...instructions,
      { include: '#string' },
      { include: '#operands' },
    ],
    repository: {
      comment: {
        name: s('comment.line.semicolon'),
        match: '(;).*$',
        captures: captures('punctuation.definition.comment'),
      },
      escape: {
        name: s('constant.character.escape'),
        match: '\\\\(?:[0-7]{1,3}|x[0-9A-Fa-f]{1,2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)',
      },
      string: { patterns: stringRules('string') },
      'character-constant': { patterns: stringRules('char') },
      number: { patterns: NUMBER_RULES },
      'macro-parameter': {
        patterns: [
          { name: s('variable.parameter.macro'), match: '%(?:\\{[+-]?[0-9]+(?::[+-]?[0-9]+)?\\}|[+-]?[0-9]+)' },
          { name: s('variable.other.macro-local'), match: `%%${ID}` },
          { name: s('variable.other.context-local'), match: `%\\$+${ID}` },
        ],
      },
      'preprocessor-inline': {
        patterns: [
          { name: s('support.function.preprocessor'), match: `(?i)%(?:${alternation(PP_FUNCTIONS)})(?=\\()` },
          { name: s('keyword.operator.paste'), match: '%\\+' },
        ],
      },
      operands: { patterns: operandRules() },
      'preprocessor-operands': { patterns: [{ include: '#string' }, { include: '#operands' }] },
      preprocessor: {
        patterns: [
          {
            name: s('meta.preprocessor.define'),
            begin: `(?i)^\\s*((%)(?:${alternation(PP_DEFINES)}))\\s+(${ID}|\\$${ID})`,
            beginCaptures: captures('keyword.control.directive.define', 'punctuation.definition.directive', 'entity.name.function.preprocessor'),
            ...PREPROCESSOR_END,
          },
          {
            name: s('meta.preprocessor.macro'),
            begin: `(?i)^\\s*((%)(?:${alternation(PP_MACROS)}))\\s+(${ID})`,
            beginCaptures: captures('keyword.control.directive.macro', 'punctuation.definition.directive', 'entity.name.function.macro'),
            ...PREPROCESSOR_END,
          },
          {
            name: s('meta.preprocessor.conditional'),
            begin: `(?i)^\\s*((%)(?:${alternation(PP_CONDITIONS)}))${AFTER}`,
            beginCaptures: captures('keyword.control.directive.conditional', 'punctuation.definition.directive'),
            ...PREPROCESSOR_END,
          },
          {
            name: s('meta.preprocessor'),
            begin: `(?i)^\\s*((%)(?:${alternation(PP_OTHERS)}))${AFTER}`,
            beginCaptures: captures('keyword.control.directive', 'punctuation.definition.directive'),
            ...PREPROCESSOR_END,
          },
        ],
      },
      'bracket-directive': {
        name: s('meta.directive.bracketed'),
        begin: `(?i)^\\s*(\\[)(?=\\s*(?:${dirs})${AFTER})`,
        beginCaptures: captures('punctuation.definition.directive.begin'),
        end: '(\\])|$',
        endCaptures: captures('punctuation.definition.directive.end'),
        patterns: [{ include: '#directive' }, { include: '#string' }, { include: '#operands' }],
      },
      'label-definition': {
        patterns: [
          { match: `^\\s*(%%${ID})\\s*(:)`, captures: captures('entity.name.function.label.macro-local', 'punctuation.separator.label') },
          { match: `^\\s*(\\.(?!\\.)[\\w$#@~.?]+)\\s*(:)`, captures: captures('entity.name.function.label.local', 'punctuation.separator.label') },
          { match: `^\\s*(\\$?${ID})\\s*(:)`, captures: captures('entity.name.function.label', 'punctuation.separator.label') },
          // NAME equ value
          { match: `(?i)^\\s*(\\$?${ID})\\s+(equ)${AFTER}`, captures: captures('entity.name.constant', 'keyword.other.directive') },
          // a label without a colon before data or a reservation: msg db 'hi'
          {
            match: `(?i)^\\s*(\\.(?!\\.)[\\w$#@~.?]+|\\$?${ID})(?=\\s+(?:${alternation([...DATA, ...RESERVE, 'times'])})${AFTER})`,
            captures: { 1: { name: s('entity.name.function.label') } },
          },
        ],
      },
      directive: {
        patterns: [
          {
            match: `(?i)${BEFORE}(section|segment)\\s+([\\w$#@~.?]+)`,
            captures: captures('keyword.other.directive', 'entity.name.section'),
          },
          { name: s('keyword.other.directive'), match: word(DIRECTIVES) },
          { name: s('storage.type.data'), match: word(DATA) },
          { name: s('storage.type.reserve'), match: word(RESERVE) },
        ],
      },
    },
  };
}

export function grammarText(): string {
  return `${JSON.stringify(buildGrammar(), null, 2)}\n`;
}

function main(): void {
  const root = path.resolve(__dirname, '..', '..');
  const file = path.join(root, GRAMMAR_PATH);
  const text = grammarText();
  if (process.argv.includes('--check')) {
    const same = fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text;
    console.log(same ? `${GRAMMAR_PATH} is up to date` : `${GRAMMAR_PATH} is out of date: run npm run gen:grammar`);
    process.exitCode = same ? 0 : 1;
    return;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  console.log(`wrote ${GRAMMAR_PATH}`);
}

if (require.main === module) main();
