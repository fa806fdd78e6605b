// The guest language in a real VS Code: activation, the grammar's language, the manifest, the
// assembler's diagnostics, the outline, navigation between labels and hovers for mnemonics.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { BOOT_MODES, MAX_MEMORY_MB, MMUS, MONITORS } from '../../src/extension/launch-attributes';
import { MAX_MEMORY_MB as MACHINE_MAX_MEMORY_MB } from '../../src/machine/session';
import { EXTENSION_ID, fixture, open, positionOf, ringside, where } from './fixtures';
import { suite, test, waitFor } from './harness';

function errorsOf(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
}

suite('activation', () => {
  test('opening a guest activates the extension, which hands out its API', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'the extension under development is loaded');
    assert.equal(ext.isActive, false, 'not active before a guest is opened');
    await open('guest.asm');
    await waitFor('activation', () => (ext.isActive ? true : undefined));
    const api = await ringside();
    assert.equal(typeof api.onDidRefuseLaunch, 'function');
    console.log(`# VS Code ${vscode.version}, extension host on Node ${process.version}`);
  });

  test('the commands are registered', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const c of ['ringside.debugGuest', 'ringside.runGuest']) assert.ok(all.includes(c), c);
  });

  test('the manifest schema lists the same launch values as the extension checks', () => {
    // From disk: VS Code adds its common attributes (preLaunchTask, ...) to packageJSON's schema.
    const pkg = JSON.parse(fs.readFileSync(path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'package.json'), 'utf8'));
    const dbg = pkg.contributes.debuggers.find((d: { type: string }) => d.type === 'ringside');
    const props = dbg.configurationAttributes.launch.properties;
    assert.deepEqual(Object.keys(props).sort(), ['args', 'boot', 'historyMB', 'memoryMB', 'mmu', 'monitor', 'program', 'stopOnEntry']);
    assert.deepEqual(props.boot.enum, [...BOOT_MODES]);
    assert.deepEqual(props.monitor.enum, [...MONITORS]);
    assert.deepEqual(props.mmu.enum, [...MMUS]);
    assert.equal(props.memoryMB.maximum, MAX_MEMORY_MB);
    assert.equal(props.memoryMB.maximum, MACHINE_MAX_MEMORY_MB, 'the machine accepts what the schema allows');
    for (const [name, p] of Object.entries<{ description?: string; default?: unknown }>(props)) {
      assert.ok(p.description && p.default !== undefined, `${name} has a description and a default`);
    }
    assert.deepEqual(pkg.contributes.breakpoints, [{ language: 'ringside-asm' }]);
  });
});

suite('language', () => {
  test('.asm and .inc files get the guest language', async () => {
    assert.equal((await open('guest.asm')).languageId, 'ringside-asm');
    assert.equal((await vscode.workspace.openTextDocument(fixture('lib.inc'))).languageId, 'ringside-asm');
  });

  test('a broken guest shows its assembler errors in the Problems panel', async () => {
    const doc = await open('broken.asm');
    const errors = await waitFor('diagnostics on broken.asm', () => {
      const e = errorsOf(doc.uri);
      return e.length >= 2 ? e : undefined;
    });
    const seen = errors.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`).sort();
    assert.deepEqual(seen, ["6:9 unknown mnemonic 'frobnicate'", "7:13 symbol 'nowhere' is not defined"]);
    assert.equal(doc.getText(errors.find((d) => /frobnicate/.test(d.message))!.range), 'frobnicate');
    assert.equal(errors[0].source, 'ringside asm');
  });

  test('the clean guest has no problems, and typing an error shows one (then undo clears it)', async () => {
    const doc = await open('guest.asm');
    await waitFor('guest.asm to be checked', () => (errorsOf(doc.uri).length === 0 ? true : undefined));
    const editor = vscode.window.activeTextEditor!;
    const at = positionOf(doc, '        cli');
    await editor.edit((e) => e.insert(at, '        bogus_op eax\n'));
    const typed = await waitFor('a diagnostic for the typed error', () => errorsOf(doc.uri)[0]);
    assert.match(typed.message, /bogus_op/);
    assert.equal(typed.range.start.line, at.line);
    await vscode.commands.executeCommand('undo');
    await waitFor('the diagnostic to clear', () => (errorsOf(doc.uri).length === 0 ? true : undefined));
    assert.equal(doc.isDirty, false);
  });

  test('the outline lists labels (with their local labels), constants and macros', async () => {
    const guest = await open('guest.asm');
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', guest.uri);
    const names = symbols.map((s) => s.name);
    for (const n of ['MB_MAGIC', 'DEBUG_PORT', 'multiboot_header', 'start', 'message', 'stack_top']) assert.ok(names.includes(n), n);
    const start = symbols.find((s) => s.name === 'start')!;
    assert.equal(start.kind, vscode.SymbolKind.Function);
    assert.deepEqual(start.children.map((c) => c.name), ['.loop']);
    assert.equal(symbols.find((s) => s.name === 'MB_MAGIC')!.kind, vscode.SymbolKind.Constant);

    const lib = await vscode.workspace.openTextDocument(fixture('lib.inc'));
    const libSymbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', lib.uri);
    assert.deepEqual(libSymbols.map((s) => `${s.name}:${vscode.SymbolKind[s.kind]}`), ['exit_with:Method', 'print:Function']);
    assert.deepEqual(libSymbols[1].children.map((c) => c.name), ['.next', '.done']);
  });

  test('go to definition: local labels, labels and macros across %include', async () => {
    const guest = await open('guest.asm');
    const lib = await vscode.workspace.openTextDocument(fixture('lib.inc'));
    const defs = async (doc: vscode.TextDocument, pos: vscode.Position) =>
      (await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, pos)).map(where);
    const line = (doc: vscode.TextDocument, text: string) => `${doc.uri.path.split('/').pop()}:${positionOf(doc, text).line + 1}`;

    assert.deepEqual(await defs(guest, positionOf(guest, 'jnz .loop', 0, 6)), [line(guest, '.loop:')]);
    assert.deepEqual(await defs(guest, positionOf(guest, 'call print', 0, 6)), [line(lib, 'print:')]);
    assert.deepEqual(await defs(guest, positionOf(guest, 'exit_with 0', 0, 2)), [line(lib, '%macro exit_with')]);
    // From the included file back to the includer's constant; ".next" resolves inside print.
    assert.deepEqual(await defs(lib, positionOf(lib, 'DEBUG_PORT', 0, 3)), [line(guest, 'DEBUG_PORT      equ')]);
    assert.deepEqual(await defs(lib, positionOf(lib, 'jmp .next', 0, 5)), [line(lib, '.next:')]);
  });

  test('find references: across the files that include one another', async () => {
    const guest = await open('guest.asm');
    const lib = await vscode.workspace.openTextDocument(fixture('lib.inc'));
    const refs = async (doc: vscode.TextDocument, pos: vscode.Position) =>
      (await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, pos)).map(where).sort();
    const g = (text: string, nth = 0) => `guest.asm:${positionOf(guest, text, nth).line + 1}`;
    const l = (text: string) => `lib.inc:${positionOf(lib, text).line + 1}`;

    assert.deepEqual(await refs(guest, positionOf(guest, 'DEBUG_PORT')), [g('DEBUG_PORT'), l('DEBUG_PORT')].sort());
    assert.deepEqual(await refs(guest, positionOf(guest, '.loop:', 0, 1)), [g('.loop'), g('.loop', 1)].sort());
    assert.deepEqual(await refs(lib, positionOf(lib, 'print:')), [g('call print'), l('print:')].sort());
  });

  test('hovering a mnemonic describes it, with its privilege and sensitivity', async () => {
    const guest = await open('guest.asm');
    const hover = async (pos: vscode.Position) => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', guest.uri, pos);
      const markdown = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      return markdown.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1'); // as plain text
    };
    const cli = await hover(positionOf(guest, 'cli', 0, 1));
    assert.match(cli, /\*\*CLI\*\*/);
    assert.match(cli, /interrupt flag/);
    assert.match(cli, /IOPL/);
    assert.equal(await hover(positionOf(guest, 'message:', 0, 2)), '', 'no hover on a label');
  });
});
