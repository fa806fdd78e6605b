// The guest language's TextMate grammar, tokenized by the engine VS Code uses (vscode-textmate
// with the Oniguruma WebAssembly build), and the language configuration beside it.

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as textmate from 'vscode-textmate';
import { grammarText, GRAMMAR_PATH, PP_CONDITIONS, PP_DEFINES, PP_MACROS, PP_OTHERS, SCOPE } from '../scripts/gen-grammar';
import { MNEMONICS } from '../src/arch/instructions';
import { REGISTERS } from '../src/arch/registers';

// Loaded with require so that its typings (which need the DOM's WebAssembly types) stay out of the build.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const oniguruma = require('vscode-oniguruma') as {
  loadWASM(data: ArrayBuffer): Promise<void>;
} & textmate.IOnigLib;

const ROOT = path.resolve(__dirname, '..', '..');
let grammar: textmate.IGrammar;

before(async () => {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({ createOnigScanner: oniguruma.createOnigScanner, createOnigString: oniguruma.createOnigString }),
    loadGrammar: async (scope) => {
      if (scope !== SCOPE) return null;
      const file = path.join(ROOT, GRAMMAR_PATH);
      return textmate.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
    },
  });
  grammar = (await registry.loadGrammar(SCOPE))!;
});

interface Tok { text: string; scopes: string[] }

function tokenize(lines: string[]): Tok[][] {
  let state = textmate.INITIAL;
  return lines.map((line) => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** The innermost scope of the token that is exactly `text` (the nth such token) in one line. */
function scopeOf(line: string, text: string, nth = 0): string {
  const toks = tokenize([line])[0].filter((t) => t.text === text);
  assert.ok(toks.length > nth, `no token '${text}' in '${line}': ${JSON.stringify(tokenize([line])[0])}`);
  return toks[nth].scopes[toks[nth].scopes.length - 1];
}

function assertScope(line: string, text: string, scope: string, nth = 0): void {
  assert.equal(scopeOf(line, text, nth), `${scope}.ringside-asm`, `'${text}' in '${line}'`);
}

test('the committed grammar is what the generator produces', () => {
  assert.equal(fs.readFileSync(path.join(ROOT, GRAMMAR_PATH), 'utf8'), grammarText(), 'run npm run gen:grammar');
});

test('mnemonics, prefixes and registers', () => {
  assertScope('    mov eax, cr0', 'mov', 'keyword.mnemonic');
  assertScope('    mov eax, cr0', 'eax', 'variable.language.register.general');
  assertScope('    mov eax, cr0', 'cr0', 'variable.language.register.control');
  assertScope('    mov dr7, eax', 'dr7', 'variable.language.register.debug');
  assertScope('    mov tr6, eax', 'tr6', 'variable.language.register.test');
  assertScope('    mov ds, ax', 'ds', 'variable.language.register.segment');
  assertScope('    MOV AX, BX', 'MOV', 'keyword.mnemonic');
  assertScope('    vmlaunch', 'vmlaunch', 'keyword.mnemonic.vmx');
  assertScope('    vmwrite eax, ebx', 'vmwrite', 'keyword.mnemonic.vmx');
  assertScope('    lgdt [gdtr]', 'lgdt', 'keyword.mnemonic.system');
  assertScope('    popf', 'popf', 'keyword.mnemonic.system');
  assertScope('    jnae .done', 'jnae', 'keyword.control.mnemonic');
  assertScope('    cmovnbe eax, ebx', 'cmovnbe', 'keyword.mnemonic');
  assertScope('    rep movsb', 'rep', 'storage.modifier.prefix');
  assertScope('    lock xadd [eax], ebx', 'lock', 'storage.modifier.prefix');
  assertScope('    mov eax, $eax', '$eax', 'meta.instruction'); // an escaped identifier, not a register
  assertScope('    call add_one', 'add_one', 'meta.instruction');
});

test('every mnemonic, alias and register is recognised', () => {
  const missing = [...MNEMONICS].filter((m) => !/\.mnemonic/.test(scopeOf(`  ${m} `, m)));
  assert.deepEqual(missing, []);
  const regs = [...REGISTERS.keys()].filter((r) => !/register/.test(scopeOf(`  push ${r}`, r)));
  assert.deepEqual(regs, []);
});

test('every NASM number form', () => {
  const hex = 'constant.numeric.integer.hexadecimal';
  for (const n of ['0x1F', '0X1f', '0h1F', '$0FF', '0FFh', '1Fx', '0xdead_beef', '0dh']) assertScope(`  dd ${n}`, n, hex);
  for (const n of ['0b1010', '0y1010', '1010b', '1010y', '0b1000_0001']) assertScope(`  db ${n}`, n, 'constant.numeric.integer.binary');
  for (const n of ['0o17', '0q17', '17o', '17q']) assertScope(`  db ${n}`, n, 'constant.numeric.integer.octal');
  for (const n of ['0d99', '0t99', '99d', '99t', '99', '1_000_000', '0']) assertScope(`  dd ${n}`, n, 'constant.numeric.integer.decimal');
  assertScope('  dd 1.5e3', '1.5e3', 'constant.numeric.float');
  assertScope('  mov eax, 12fz', '12fz', 'invalid.illegal.constant.numeric');
  assertScope("  mov eax, 'abcd'", 'abcd', 'constant.character.quoted.single');
  assertScope('  cmp al, "A"', 'A', 'constant.character.quoted.double');
  assertScope('  mov al, `\\n`', '\\n', 'constant.character.escape');
  assertScope('  mov ax, label1', 'label1', 'meta.instruction'); // a digit in an identifier is no number
});

test('strings, comments, $ and $$', () => {
  assertScope("msg: db 'it''s', 0", "it", 'string.quoted.single');
  assertScope('  db "semi;colon", 10 ; comment', 'semi;colon', 'string.quoted.double');
  assertScope('  db "semi;colon", 10 ; comment', ' comment', 'comment.line.semicolon');
  assertScope('  db `tab\\there\\x41\\u263a`, 0', '\\t', 'constant.character.escape');
  assertScope('  db `tab\\there\\x41\\u263a`, 0', '\\x41', 'constant.character.escape');
  assertScope('  db `tab\\there\\x41\\u263a`, 0', '\\u263a', 'constant.character.escape');
  assertScope('  db `a\\`b`, 0', 'b', 'string.quoted.backtick');
  assertScope('; a whole-line comment', ' a whole-line comment', 'comment.line.semicolon');
  assertScope('  mov al, ";" ; real', ';', 'constant.character.quoted.double');
  assertScope('  times 510-($-$$) db 0', '$', 'variable.language.location');
  assertScope('  times 510-($-$$) db 0', '$$', 'variable.language.section-start');
});

test('labels, local labels and label-like definitions', () => {
  assertScope('start: mov ax, 1', 'start', 'entity.name.function.label');
  assertScope('.loop: dec cx', '.loop', 'entity.name.function.label.local');
  assertScope('    jnz .loop', '.loop', 'variable.other.label.local');
  assertScope('..@entry:', '..@entry', 'entity.name.function.label');
  assertScope('msg db "hi", 0', 'msg', 'entity.name.function.label');
  assertScope('buffer resb 64', 'buffer', 'entity.name.function.label');
  assertScope('PORT equ 0xe9', 'PORT', 'entity.name.constant');
  assertScope('PORT equ 0xe9', 'equ', 'keyword.other.directive');
});

test('directives and size keywords', () => {
  assertScope('bits 16', 'bits', 'keyword.other.directive');
  assertScope('[bits 32]', 'bits', 'keyword.other.directive');
  assertScope('org 0x7c00', 'org', 'keyword.other.directive');
  assertScope('section .text', '.text', 'entity.name.section');
  assertScope('SEGMENT code', 'SEGMENT', 'keyword.other.directive');
  for (const d of ['db', 'dw', 'dd', 'dq', 'dt', 'do']) assertScope(`  ${d} 0`, d, 'storage.type.data');
  for (const d of ['resb', 'resw', 'resd', 'resq', 'rest', 'reso']) assertScope(`  ${d} 1`, d, 'storage.type.reserve');
  for (const d of ['times', 'align', 'alignb', 'use16', 'use32', 'global', 'extern', 'cpu', 'default', 'incbin']) {
    assertScope(`  ${d} 4`, d, 'keyword.other.directive');
  }
  assertScope('  mov byte [bx], 1', 'byte', 'storage.type.size');
  assertScope('  jmp short .x', 'short', 'storage.modifier');
  assertScope('  jmp far [ptr]', 'far', 'storage.modifier');
  assertScope('  mov ax, seg start', 'seg', 'keyword.operator.word');
});

test('preprocessor lines and macro parameters', () => {
  assertScope('%define PORT 0xe9', 'define', 'keyword.control.directive.define');
  assertScope('%define PORT 0xe9', '%', 'punctuation.definition.directive');
  assertScope('%define PORT 0xe9', 'PORT', 'entity.name.function.preprocessor');
  assertScope('%xdefine SLOT(n) (n*4)', 'SLOT', 'entity.name.function.preprocessor');
  assertScope('  %assign i i+1', 'i', 'entity.name.function.preprocessor');
  assertScope('%undef PORT', 'undef', 'keyword.control.directive.define');
  assertScope('%macro outb 1-2 0xe9', 'outb', 'entity.name.function.macro');
  assertScope('%endmacro', 'endmacro', 'keyword.control.directive');
  for (const d of ['%if 1', '%elif 0', '%else', '%endif', '%ifdef X', '%ifndef X', '%ifmacro m', '%ifidn a,b', '%elifnum 3']) {
    assertScope(d, d.split(' ')[0].slice(1), 'keyword.control.directive.conditional');
  }
  for (const d of ['%rep 4', '%endrep', '%include "x.inc"', '%error "no"', '%warning "w"', '%rotate 1', '%exitrep']) {
    assertScope(d, d.split(' ')[0].slice(1), 'keyword.control.directive');
  }
  assertScope('%include "x.inc"', 'x.inc', 'string.quoted.double');
  assertScope('  mov al, %1', '%1', 'variable.parameter.macro');
  assertScope('  mov al, %{2}', '%{2}', 'variable.parameter.macro');
  assertScope('  times %0 nop', '%0', 'variable.parameter.macro');
  assertScope('  jmp %%skip', '%%skip', 'variable.other.macro-local');
  assertScope('%%skip:', '%%skip', 'entity.name.function.label.macro-local');
  assertScope('  db %str(hi)', '%str', 'support.function.preprocessor');
  assertScope('  dd x %+ 1', '%+', 'keyword.operator.paste');
  assertScope('%define X 1 ; why', ' why', 'comment.line.semicolon');
});

test('a whole guest tokenizes with the language scope on every token', () => {
  const file = path.join(ROOT, 'test', 'guests');
  const asm = fs.existsSync(file) ? fs.readdirSync(file).filter((f) => f.endsWith('.asm')).slice(0, 3) : [];
  for (const name of asm) {
    const lines = fs.readFileSync(path.join(file, name), 'latin1').split('\n');
    for (const toks of tokenize(lines)) for (const t of toks) assert.equal(t.scopes[0], SCOPE);
  }
});

test('the grammar knows the preprocessor directives the assembler handles', () => {
  // The parser's directives feed the generator directly; the preprocessor's are a switch.
  const pp = fs.readFileSync(path.join(ROOT, 'src', 'asm', 'preprocessor.ts'), 'utf8');
  const known = new Set([...PP_DEFINES, ...PP_MACROS, ...PP_CONDITIONS, ...PP_OTHERS].map((d) => `%${d}`));
  const ppWords = [...pp.matchAll(/case '(%[a-z]+)'/g)].map((m) => m[1]);
  assert.ok(ppWords.length > 10);
  assert.deepEqual(ppWords.filter((w) => !known.has(w)), []);
});

test('package.json contributes the language, its configuration and the grammar', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const lang = pkg.contributes.languages.find((l: { id: string }) => l.id === 'ringside-asm');
  assert.deepEqual(lang.extensions, ['.asm', '.nasm', '.inc']);
  assert.ok(fs.existsSync(path.join(ROOT, lang.configuration)));
  const g = pkg.contributes.grammars.find((x: { language: string }) => x.language === 'ringside-asm');
  assert.equal(g.scopeName, SCOPE);
  assert.equal(path.normalize(g.path), path.normalize(`./${GRAMMAR_PATH}`));
  assert.equal(pkg.scripts['gen:grammar'], 'node out/scripts/gen-grammar.js');
});

test('the language configuration: comments, pairs, words and folding', () => {
  const conf = JSON.parse(fs.readFileSync(path.join(ROOT, 'language-configuration.json'), 'utf8'));
  assert.equal(conf.comments.lineComment, ';');
  const pairs = conf.autoClosingPairs.map((p: { open: string }) => p.open);
  for (const p of ['[', '(', '"', "'", '`']) assert.ok(pairs.includes(p), p);
  const wordRe = new RegExp(conf.wordPattern, 'g');
  const words = (s: string) => s.match(wordRe);
  assert.deepEqual(words('jnz .loop'), ['jnz', '.loop']);
  assert.deepEqual(words('jmp %%skip'), ['jmp', '%%skip']);
  assert.deepEqual(words('mov al, %1'), ['mov', 'al', '%1']);
  assert.deepEqual(words('[es:di+0x10]'), ['es', 'di', '0x10']);
  const start = new RegExp(conf.folding.markers.start);
  const end = new RegExp(conf.folding.markers.end);
  for (const l of ['%macro m 1', '  %MACRO m 0', '%if X', '%ifdef X', '%rep 3', 'struc point', '; #region io']) assert.ok(start.test(l), l);
  for (const l of ['%endmacro', '%endm', '  %ENDIF', '%endrep', 'endstruc', '; #endregion']) assert.ok(end.test(l), l);
  for (const l of ['%endif', '%else', '  mov ax, 1', '%repl x']) assert.ok(!start.test(l), l);
});
