// Registers the four views of the monitor in the Run and Debug container, the ringside-tc:
// documents, the histogram panel and the commands that go with them.

import * as vscode from 'vscode';
import { ExitHistogramPanel } from './exit-histogram';
import { REVEAL_IN_SOURCE, revealGuestLocation } from './guest-location';
import type { MonitorView } from './monitor-view';
import { PAGE_TABLES_VIEW, PageTablesView } from './page-tables-view';
import { SessionFeed } from './session-feed';
import { showTranslatedBlock, TC_SCHEME, TranslatedBlockDocuments } from './translated-block';
import { SHOW_TRANSLATED_BLOCK, TRANSLATION_CACHE_VIEW, TranslationCacheView } from './translation-cache-view';
import { VMCS_VIEW, VmcsView } from './vmcs-view';
import { SHOW_EXIT_HISTOGRAM, VM_EXITS_VIEW, VmExitsView } from './vm-exits-view';
import { WALK_PAGE_TABLES, WALK_THIS_ADDRESS, walkPageTables } from './walk-command';

export const REFRESH_VIEWS = 'ringside.refreshViews';

export interface MonitorViews {
  readonly vmcs: VmcsView;
  readonly pageTables: PageTablesView;
  readonly translationCache: TranslationCacheView;
  readonly vmExits: VmExitsView;
  readonly histogram: ExitHistogramPanel;
  readonly feed: SessionFeed;
}

export function registerMonitorViews(context: vscode.ExtensionContext): MonitorViews {
  const feed = new SessionFeed();
  const vmcs = new VmcsView(feed);
  const pageTables = new PageTablesView(feed);
  const translationCache = new TranslationCacheView(feed);
  const vmExits = new VmExitsView(feed);
  const histogram = new ExitHistogramPanel(vmExits);
  const all: MonitorView<unknown>[] = [vmcs, pageTables, translationCache, vmExits];
  const blocks = new TranslatedBlockDocuments(feed);

  context.subscriptions.push(
    feed, ...all, histogram, blocks,
    vscode.window.createTreeView(VMCS_VIEW, { treeDataProvider: vmcs, showCollapseAll: true }),
    vscode.window.createTreeView(PAGE_TABLES_VIEW, { treeDataProvider: pageTables, showCollapseAll: true }),
    vscode.window.createTreeView(TRANSLATION_CACHE_VIEW, { treeDataProvider: translationCache, showCollapseAll: true }),
    vscode.window.createTreeView(VM_EXITS_VIEW, { treeDataProvider: vmExits }),
    vscode.workspace.registerTextDocumentContentProvider(TC_SCHEME, blocks),
    vscode.commands.registerCommand(REFRESH_VIEWS, () => Promise.all(all.map((v) => v.refresh()))),
    vscode.commands.registerCommand(WALK_PAGE_TABLES, (arg?: unknown) => walkPageTables(pageTables, arg)),
    vscode.commands.registerCommand(WALK_THIS_ADDRESS, (arg?: unknown) => walkPageTables(pageTables, arg)),
    vscode.commands.registerCommand(SHOW_TRANSLATED_BLOCK, (arg?: unknown) => showTranslatedBlock(feed, arg)),
    vscode.commands.registerCommand(SHOW_EXIT_HISTOGRAM, () => histogram.show()),
    vscode.commands.registerCommand(REVEAL_IN_SOURCE, (arg?: unknown) => revealGuestLocation(arg)),
  );
  return { vmcs, pageTables, translationCache, vmExits, histogram, feed };
}
