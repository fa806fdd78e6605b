// The outline of a guest file: labels (each with its local labels inside), EQU constants,
// macros and single-line defines.

import * as vscode from 'vscode';
import { Definition, DefinitionKind, scanGuestSource } from './guest-source';

const KINDS: Record<DefinitionKind, vscode.SymbolKind> = {
  label: vscode.SymbolKind.Function,
  local: vscode.SymbolKind.Field,
  equ: vscode.SymbolKind.Constant,
  macro: vscode.SymbolKind.Method,
  define: vscode.SymbolKind.Constant,
};

const DETAIL: Record<DefinitionKind, string> = {
  label: 'label',
  local: 'local label',
  equ: 'equ',
  macro: 'macro',
  define: '%define',
};

export class GuestDocumentSymbolProvider implements vscode.DocumentSymbolProvider {
  provideDocumentSymbols(document: vscode.TextDocument): vscode.DocumentSymbol[] {
    const { definitions } = scanGuestSource(document.getText());
    const lastLine = Math.max(0, document.lineCount - 1);
    const labels = definitions.filter((d) => d.kind === 'label');
    // A label's range runs to the line before the next label, so the breadcrumbs follow the cursor.
    const end = (d: Definition) => {
      const next = labels.find((l) => l.line > d.line);
      return next ? Math.max(d.line, next.line - 1) : lastLine;
    };
    const symbol = (d: Definition, rangeEnd: number) => {
      const nameRange = new vscode.Range(d.line, d.col, d.line, d.col + d.written.length);
      const full = new vscode.Range(d.line, 0, rangeEnd, document.lineAt(rangeEnd).text.length);
      return new vscode.DocumentSymbol(d.written, DETAIL[d.kind], KINDS[d.kind], full, nameRange);
    };
    const top: vscode.DocumentSymbol[] = [];
    const byLabel = new Map<string, vscode.DocumentSymbol>();
    for (const d of definitions) {
      if (d.kind === 'local' && d.parent !== undefined && byLabel.has(d.parent)) {
        const parent = byLabel.get(d.parent)!;
        parent.children.push(symbol(d, d.line));
        continue;
      }
      const s = symbol(d, d.kind === 'label' ? end(d) : d.line);
      if (d.kind === 'label') byLabel.set(d.name, s);
      top.push(s);
    }
    return top;
  }
}
