// Go to definition and find references for labels (local ones included), EQU constants, macros
// and defines, across the files that %include one another.

import * as vscode from 'vscode';
import { filesSharing, includeClosure, scanFile, workspaceGuestFiles } from './guest-files';
import { Definition, nameAt } from './guest-source';

interface Found {
  file: string;
  def: Definition;
}

function location(file: string, line: number, col: number, length: number): vscode.Location {
  return new vscode.Location(vscode.Uri.file(file), new vscode.Range(line, col, line, col + length));
}

function definitionsIn(files: string[], name: string): Found[] {
  return files.flatMap((file) => (scanFile(file)?.definitions ?? []).filter((d) => d.name === name).map((def) => ({ file, def })));
}

/** Where a name is defined: the current file and what it includes first, then its includers. */
async function findDefinitions(current: string, name: string): Promise<Found[]> {
  const near = definitionsIn(includeClosure(current), name);
  if (near.length > 0) return near;
  const includers = (await workspaceGuestFiles()).filter((f) => f !== current && includeClosure(f).includes(current));
  return definitionsIn([...new Set(includers.flatMap(includeClosure))], name);
}

function nameUnder(document: vscode.TextDocument, position: vscode.Position) {
  return nameAt(document.getText(), position.line, position.character);
}

export class GuestDefinitionProvider implements vscode.DefinitionProvider {
  async provideDefinition(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Location[]> {
    const ref = nameUnder(document, position);
    if (!ref) return [];
    const found = await findDefinitions(document.uri.fsPath, ref.name);
    return found.map(({ file, def }) => location(file, def.line, def.col, def.written.length));
  }
}

export class GuestReferenceProvider implements vscode.ReferenceProvider {
  async provideReferences(
    document: vscode.TextDocument,
    position: vscode.Position,
    context: vscode.ReferenceContext,
  ): Promise<vscode.Location[]> {
    const ref = nameUnder(document, position);
    if (!ref) return [];
    const current = document.uri.fsPath;
    const defs = await findDefinitions(current, ref.name);
    const files = await filesSharing(defs[0]?.file ?? current, current);
    const isDeclaration = (file: string, line: number, col: number) =>
      defs.some((d) => d.file === file && d.def.line === line && d.def.col === col);
    const out: vscode.Location[] = [];
    for (const file of files) {
      for (const r of scanFile(file)?.references ?? []) {
        if (r.name !== ref.name) continue;
        if (!context.includeDeclaration && isDeclaration(file, r.line, r.col)) continue;
        out.push(location(file, r.line, r.col, r.length));
      }
    }
    return out;
  }
}
