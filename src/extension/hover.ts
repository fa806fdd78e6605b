// Hover text for mnemonics and prefixes: the one-line description, then what the instruction
// table says about privilege, sensitivity and VM exits.

import * as vscode from 'vscode';
import { describeMnemonic } from '../arch/descriptions';

const WORD = /[A-Za-z][A-Za-z0-9]*/;

export class MnemonicHoverProvider implements vscode.HoverProvider {
  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const range = document.getWordRangeAtPosition(position, WORD);
    if (!range) return undefined;
    // Only words in code: not in a comment, and not a label's name.
    const line = document.lineAt(position.line).text;
    const comment = line.indexOf(';');
    if (comment >= 0 && comment < range.start.character) return undefined;
    const before = line[range.start.character - 1];
    if (before === '.' || before === '%' || line[range.end.character] === ':') return undefined;
    const info = describeMnemonic(document.getText(range));
    if (!info) return undefined;
    const md = new vscode.MarkdownString();
    const tags = [
      info.privileged && 'privileged',
      info.sensitive && 'sensitive',
      info.iopl && 'IOPL-checked',
      info.vmx && 'VMX',
    ].filter(Boolean);
    md.appendMarkdown(`**${info.name.toUpperCase()}**${info.kind === 'prefix' ? ' (prefix)' : ''}`);
    if (tags.length > 0) md.appendMarkdown(` — ${tags.join(', ')}`);
    md.appendMarkdown('\n\n');
    md.appendText(info.summary);
    for (const note of info.notes) {
      md.appendMarkdown('\n\n');
      md.appendText(note);
    }
    return new vscode.Hover(md, range);
  }
}
