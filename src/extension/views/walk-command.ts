// "Ringside: Walk Page Tables for Address…": asks for a linear address (a number or any debugger
// expression: a label, eip, [esp+4]), has the adapter walk the guest's tables, and shows each
// level at the top of the Page Tables view (walked again on every stop).

import * as vscode from 'vscode';
import type { GuestRegion, PageWalkAnswer } from '../../../debug-adapter/custom-request-types';
import { GUEST_LANGUAGE } from '../guest-files';
import { PAGE_TABLES_VIEW, PageTablesView } from './page-tables-view';

export const WALK_PAGE_TABLES = 'ringside.walkPageTables';
/** The same walk, from a region of the Page Tables view (its inline action). */
export const WALK_THIS_ADDRESS = 'ringside.walkThisAddress';

/** An address the command was handed: a string, a number, a region of the view. */
function given(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg.trim() !== '') return arg.trim();
  if (typeof arg === 'number') return `0x${(arg >>> 0).toString(16)}`;
  const region = (arg as { data?: GuestRegion } | undefined)?.data;
  return typeof region?.virtual === 'string' ? region.virtual : undefined;
}

/** From the editor: the selection, else the word under the cursor (a label or a number). */
function fromEditor(): { text: string; selected: boolean } | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const sel = editor.selection;
  if (!sel.isEmpty) return { text: editor.document.getText(sel).trim(), selected: true };
  const range = editor.document.getWordRangeAtPosition(sel.active, /[A-Za-z0-9_.$?@]+/);
  return range ? { text: editor.document.getText(range), selected: false } : undefined;
}

export async function walkPageTables(view: PageTablesView, arg?: unknown): Promise<PageWalkAnswer | undefined> {
  let address = given(arg);
  if (address === undefined) {
    // from the editor's context menu (a Uri argument) a selection is walked at once; the word
    // under the cursor of a guest file only fills the input box
    const fromMenu = arg instanceof vscode.Uri;
    const editor = fromMenu || vscode.window.activeTextEditor?.document.languageId === GUEST_LANGUAGE ? fromEditor() : undefined;
    address = fromMenu && editor?.selected ? editor.text : await vscode.window.showInputBox({
      title: 'Walk Page Tables for Address',
      prompt: 'A guest-linear address or expression: 0x40003000, a label, eip, [esp+4]',
      value: editor?.text ?? (view.lastWalk?.address ?? ''),
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() === '' ? 'Type an address or an expression' : undefined),
    });
    if (address === undefined) return undefined;
  }
  try {
    const walk = await view.walk(address);
    void vscode.commands.executeCommand(`${PAGE_TABLES_VIEW}.focus`);
    return walk;
  } catch (e) {
    void vscode.window.showErrorMessage(`Ringside: cannot walk ${address}: ${(e as Error).message}`);
    return undefined;
  }
}
