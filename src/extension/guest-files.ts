// The guest's files as the editor sees them: text from an open editor when there is one (unsaved
// changes included), from disk otherwise; each file's scan cached by its text; %include lines
// resolved as the assembler resolves them (next to the including file, then the workspace
// folder); and the family of files that share labels through %include.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { GuestSource, scanGuestSource } from './guest-source';

export const GUEST_LANGUAGE = 'ringside-asm';
export const GUEST_FILES_GLOB = '**/*.{asm,nasm,inc}';

const scans = new Map<string, { text: string; scan: GuestSource }>();

/** The text of a file: the open document's buffer, else the file on disk, else undefined. */
export function readGuestFile(file: string): string | undefined {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file);
  if (open) return open.getText();
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export function scanFile(file: string): GuestSource | undefined {
  const text = readGuestFile(file);
  if (text === undefined) return undefined;
  const cached = scans.get(file);
  if (cached && cached.text === text) return cached.scan;
  const scan = scanGuestSource(text);
  scans.set(file, { text, scan });
  return scan;
}

/** Where an %include of `name` written in `from` points, if that file exists. */
export function resolveInclude(name: string, from: string): string | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(from))?.uri.fsPath;
  const candidates = [path.resolve(path.dirname(from), name), ...(folder ? [path.resolve(folder, name)] : [])];
  return candidates.find((c) => readGuestFile(c) !== undefined);
}

/** A file and every file it includes, transitively. */
export function includeClosure(file: string): string[] {
  const seen = new Set<string>();
  const visit = (f: string) => {
    if (seen.has(f)) return;
    seen.add(f);
    for (const inc of scanFile(f)?.includes ?? []) {
      const target = resolveInclude(inc.file, f);
      if (target) visit(target);
    }
  };
  visit(file);
  return [...seen];
}

/** Every guest file in the workspace folders (bounded, so huge trees stay responsive). */
export async function workspaceGuestFiles(): Promise<string[]> {
  const uris = await vscode.workspace.findFiles(GUEST_FILES_GLOB, '**/node_modules/**', 2000);
  return uris.map((u) => u.fsPath);
}

/**
 * The files in which a name defined in `definedIn` can be referred to: that file's own closure,
 * plus every workspace file that includes it (directly or not) together with its closure.
 */
export async function filesSharing(definedIn: string, current: string): Promise<string[]> {
  const family = new Set([...includeClosure(current), ...includeClosure(definedIn)]);
  for (const f of await workspaceGuestFiles()) {
    const closure = includeClosure(f);
    if (closure.includes(definedIn)) closure.forEach((c) => family.add(c));
  }
  return [...family];
}
