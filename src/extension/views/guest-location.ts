// Going to where the guest was: the source line when the program's line table has one, else
// the address in VS Code's disassembly view.

import * as vscode from 'vscode';
import type { GuestLocation } from '../../../debug-adapter/custom-request-types';

/** "Reveal in Source" on a block or an exit; also what clicking an exit does. */
export const REVEAL_IN_SOURCE = 'ringside.revealInSource';

/** The location a tree node or a command argument carries. */
export function locationOf(arg: unknown): GuestLocation | undefined {
  const data = (arg as { data?: unknown } | undefined)?.data ?? arg;
  const loc = (data as { location?: GuestLocation } | undefined)?.location ?? data;
  return typeof (loc as GuestLocation | undefined)?.address === 'string' ? (loc as GuestLocation) : undefined;
}

export async function revealGuestLocation(arg: unknown): Promise<vscode.TextEditor | undefined> {
  const loc = locationOf(arg);
  if (!loc) return undefined;
  if (!loc.source) {
    void vscode.window.showInformationMessage(`Ringside: ${loc.address} has no source line; open the Disassembly view to see it.`);
    return undefined;
  }
  const line = Math.max(0, loc.source.line - 1);
  const range = new vscode.Range(line, 0, line, 0);
  return vscode.window.showTextDocument(vscode.Uri.file(loc.source.path), { selection: range, preview: true });
}
