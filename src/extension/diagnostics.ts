// Assembler diagnostics in the Problems panel: as the user types (debounced), on open and on
// save, and on demand before a launch. Included files (.inc) are checked through the files that
// include them, since on their own they usually refer to names defined elsewhere.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { assemble, Diagnostic } from '../asm/assembler';
import { GUEST_LANGUAGE, readGuestFile } from './guest-files';

const TYPING_DELAY_MS = 300;

export class GuestDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('ringside');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** For each checked file, the files its diagnostics were published on. */
  private readonly published = new Map<string, string[]>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, TYPING_DELAY_MS)),
      vscode.workspace.onDidSaveTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d)),
    );
    vscode.workspace.textDocuments.forEach((d) => this.schedule(d, 0));
  }

  private isRoot(document: vscode.TextDocument): boolean {
    return document.languageId === GUEST_LANGUAGE && document.uri.scheme === 'file' && path.extname(document.uri.fsPath) !== '.inc';
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    if (!this.isRoot(document)) return;
    const file = document.uri.fsPath;
    clearTimeout(this.timers.get(file));
    this.timers.set(file, setTimeout(() => {
      this.timers.delete(file);
      this.check(file);
    }, delay));
  }

  private forget(document: vscode.TextDocument): void {
    const file = document.uri.fsPath;
    clearTimeout(this.timers.get(file));
    this.timers.delete(file);
    for (const f of this.published.get(file) ?? []) this.collection.delete(vscode.Uri.file(f));
    this.published.delete(file);
  }

  /** Assembles a guest (with unsaved editor text), publishes its diagnostics, returns them. */
  check(file: string): Diagnostic[] {
    const text = readGuestFile(file);
    const result = assemble({ path: file, text }, {
      readFile: (p) => {
        const t = readGuestFile(path.resolve(p));
        if (t === undefined) throw new Error(`cannot read ${p}`);
        return t;
      },
    });
    const byFile = new Map<string, vscode.Diagnostic[]>([[file, []]]);
    for (const d of result.diagnostics) {
      const target = d.file ? path.resolve(path.dirname(file), d.file) : file;
      const list = byFile.get(target) ?? [];
      list.push(toVscode(d, lineOf(target, d.line)));
      byFile.set(target, list);
    }
    for (const f of this.published.get(file) ?? []) if (!byFile.has(f)) this.collection.delete(vscode.Uri.file(f));
    for (const [f, list] of byFile) this.collection.set(vscode.Uri.file(f), list);
    this.published.set(file, [...byFile.keys()]);
    return result.diagnostics;
  }

  dispose(): void {
    this.timers.forEach((t) => clearTimeout(t));
    this.subscriptions.forEach((s) => s.dispose());
    this.collection.dispose();
  }
}

function lineOf(file: string, line: number): string {
  return readGuestFile(file)?.split(/\r?\n/)[line - 1] ?? '';
}

function toVscode(d: Diagnostic, text: string): vscode.Diagnostic {
  const line = Math.max(0, d.line - 1);
  const col = Math.max(0, d.col - 1);
  // The assembler gives a column, not a span: underline the word there (the line when at its start).
  const word = /^[^\s,;]+/.exec(text.slice(col))?.[0].length ?? 0;
  const end = col === 0 && !text.slice(0, 1).trim() ? text.length : col + Math.max(1, word);
  const range = new vscode.Range(line, col, line, end);
  const severity = d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
  const diagnostic = new vscode.Diagnostic(range, d.message, severity);
  diagnostic.source = 'ringside asm';
  return diagnostic;
}
