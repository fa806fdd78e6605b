// "Ringside: Show Translated Block": a read-only document (scheme ringside-tc:) with a block's
// guest instructions beside its translated form, fetched from the session's translation cache.
// Natively there is no translation cache, and the command and the document say so.

import * as vscode from 'vscode';
import type { TranslatedBlock, TranslationCacheAnswer } from '../../../debug-adapter/custom-request-types';
import type { SessionFeed } from './session-feed';

export const TC_SCHEME = 'ringside-tc';

const KIND_MARK = { ident: '   ', translated: ' * ', callout: ' ! ' } as const;

/** The two columns: guest instructions on the left, the translated form on the right. */
export function renderBlock(b: TranslatedBlock): string {
  const left = b.guest.map((g) => `${g.address}  ${g.text}`);
  const right = b.translated.map((t) => `${KIND_MARK[t.kind]}${t.text}`);
  const width = Math.max(28, ...left.map((l) => l.length)) + 2;
  const rows = Math.max(left.length, right.length);
  const lines = [
    `; translated block ${b.id}: guest ${b.start}–${b.end}, executed ${b.executions} times` +
      (b.successors.length ? `, chained to ${b.successors.map((s) => `block ${s}`).join(', ')}` : ''),
    b.location.source ? `; source ${b.location.source.path}:${b.location.source.line}` : '; no source line for this block',
    '; right column:    copied as is (IDENT)   * replaced by a translation   ! calls out to the monitor',
    '',
    `${'guest'.padEnd(width)}│ translated`,
    `${'─'.repeat(width)}┼${'─'.repeat(40)}`,
  ];
  for (let i = 0; i < rows; i++) lines.push(`${(left[i] ?? '').padEnd(width)}│${right[i] ?? ''}`);
  return `${lines.join('\n')}\n`;
}

/** ringside-tc:/block-<id>.tc?session=<id> */
export function blockUri(session: vscode.DebugSession, id: number): vscode.Uri {
  return vscode.Uri.from({ scheme: TC_SCHEME, path: `/block-${id}.tc`, query: `session=${encodeURIComponent(session.id)}` });
}

export class TranslatedBlockDocuments implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  private readonly subscription: vscode.Disposable;

  constructor(private readonly feed: SessionFeed) {
    // an open block document shows the cache as of the last stop
    this.subscription = feed.onDidStop(() => {
      for (const d of vscode.workspace.textDocuments) if (d.uri.scheme === TC_SCHEME) this.changed.fire(d.uri);
    });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const id = Number(/block-(\d+)/.exec(uri.path)?.[1]);
    const session = this.feed.session;
    const wanted = new URLSearchParams(uri.query).get('session');
    if (!session || session.id !== wanted) return `; block ${id}: its debug session has ended\n`;
    const answer = (await session.customRequest('translationCache', { block: id })) as TranslationCacheAnswer;
    if (!answer.available) return `; no translation cache: ${answer.message}\n`;
    const block = answer.blocks.find((b) => b.id === id);
    return block ? renderBlock(block) : `; block ${id} is no longer in the translation cache (invalidated or flushed)\n`;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/**
 * Opens a block (an id, a tree node's data or, asked for, one of the cache's blocks). Resolves
 * with the document shown, or with the message shown when there is nothing to show.
 */
export async function showTranslatedBlock(feed: SessionFeed, arg?: unknown): Promise<vscode.TextDocument | string> {
  const session = feed.session;
  if (!session) return say('Ringside: no debug session is stopped. Start one with monitor "bt" (binary translation) to see its translation cache.');
  const answer = (await session.customRequest('translationCache')) as TranslationCacheAnswer;
  if (!answer.available) return say(`Ringside: there is no translation cache to show: ${answer.message}`);
  let id = typeof arg === 'number' ? arg : (arg as { data?: TranslatedBlock } | undefined)?.data?.id;
  if (id === undefined) {
    const pick = await vscode.window.showQuickPick(
      answer.blocks.map((b) => ({ label: `block ${b.id}`, description: `${b.start}–${b.end} ×${b.executions}`, id: b.id })),
      { placeHolder: 'Which translated block?' },
    );
    if (!pick) return 'cancelled';
    id = pick.id;
  }
  const doc = await vscode.workspace.openTextDocument(blockUri(session, id));
  await vscode.window.showTextDocument(doc, { preview: true });
  return doc;
}

function say(message: string): string {
  void vscode.window.showInformationMessage(message);
  return message;
}
