// What the in-host tests share: the extension under test, the fixture workspace's files, and
// positions found by the text at them (so the fixtures can change without renumbering tests).

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RingsideApi } from '../../src/extension/extension';

export const EXTENSION_ID = 'ringside.ringside';

export async function ringside(): Promise<RingsideApi> {
  const ext = vscode.extensions.getExtension<RingsideApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
  return ext.activate();
}

export function folder(): vscode.WorkspaceFolder {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'a workspace folder is open');
  return f;
}

export function fixture(name: string): vscode.Uri {
  return vscode.Uri.joinPath(folder().uri, name);
}

export async function open(name: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(fixture(name));
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** The position of the `nth` (0-based) occurrence of `text`, plus `offset` characters. */
export function positionOf(doc: vscode.TextDocument, text: string, nth = 0, offset = 0): vscode.Position {
  const all = doc.getText();
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = all.indexOf(text, at + 1);
    assert.ok(at >= 0, `${doc.uri.path} contains ${nth + 1} × ${JSON.stringify(text)}`);
  }
  return doc.positionAt(at + offset);
}

/** "file:line" (1-based) for a location, to compare with readable expectations. */
export function where(loc: vscode.Location | vscode.LocationLink): string {
  const uri = 'uri' in loc ? loc.uri : loc.targetUri;
  const range = 'range' in loc ? loc.range : loc.targetSelectionRange ?? loc.targetRange;
  return `${uri.path.split('/').pop()}:${range.start.line + 1}`;
}

/** Stops a debug session and waits until VS Code says it has ended. */
export async function stopSession(session: vscode.DebugSession): Promise<void> {
  const ended = new Promise<void>((resolve) => {
    const sub = vscode.debug.onDidTerminateDebugSession((t) => {
      if (t.id === session.id) {
        sub.dispose();
        resolve();
      }
    });
  });
  await vscode.debug.stopDebugging(session);
  await ended;
}
