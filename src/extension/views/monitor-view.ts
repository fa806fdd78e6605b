// What the four monitor views share: on every stop of the followed session, fetch one custom
// request and rebuild the tree from its answer; when the session ends, empty the tree (the view
// then shows its viewsWelcome text from package.json). A failed request shows its error as an
// item instead of leaving stale data.

import * as vscode from 'vscode';
import type { SessionFeed } from './session-feed';
import { messageNode, toTreeItem, TreeNode } from './tree-node';


export abstract class MonitorView<Answer> implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly refreshed = new vscode.EventEmitter<void>();
  /** Fires after each refresh (fetch and rebuild) and after each clear. */
  readonly onDidRefresh = this.refreshed.event;
  /** How many refreshes have completed in this window (tests compare before and after a stop). */
  refreshes = 0;
  /** The last answer, or undefined without one. */
  answer: Answer | undefined;
  /** The session the answer came from (what "changed since the last stop" compares within). */
  private answerSession: string | undefined;
  protected roots: TreeNode[] = [];
  private generation = 0;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    protected readonly feed: SessionFeed,
    /** The custom request that feeds the view. */
    private readonly request: string,
  ) {
    this.subscriptions = [
      this.changed,
      this.refreshed,
      feed.onDidStop((s) => {
        if (vscode.workspace.getConfiguration('ringside').get<boolean>('views.refreshOnStop', true)) void this.refresh(s);
      }),
      feed.onDidEnd(() => this.clear()),
    ];
  }

  /** Arguments for the request (settings such as limits). */
  protected requestArguments(): Record<string, unknown> | undefined {
    return undefined;
  }

  /** The tree for an answer (`previous` is the answer of the last stop, if any). */
  protected abstract build(answer: Answer, previous: Answer | undefined, session: vscode.DebugSession): TreeNode[] | Promise<TreeNode[]>;

  /** Fetches from `session` (the followed one by default) and rebuilds. */
  async refresh(session = this.feed.session): Promise<void> {
    const mine = ++this.generation;
    let roots: TreeNode[];
    let answer: Answer | undefined;
    if (!session) {
      roots = [];
    } else {
      try {
        answer = (await session.customRequest(this.request, this.requestArguments())) as Answer;
        roots = await this.build(answer, this.answerSession === session.id ? this.answer : undefined, session);
      } catch (e) {
        roots = [messageNode(`The debug adapter did not answer '${this.request}': ${(e as Error).message ?? e}`, 'error')];
      }
    }
    if (mine !== this.generation) return; // a later stop's refresh overtook this one
    this.answer = answer;
    this.answerSession = answer === undefined ? undefined : session?.id;
    this.show(roots);
  }

  clear(): void {
    this.generation++;
    this.answer = undefined;
    this.answerSession = undefined;
    this.show([]);
  }

  /** Replaces the tree (for results that are not fetched, such as a page walk). */
  protected show(roots: TreeNode[]): void {
    this.roots = roots;
    this.refreshes++;
    this.changed.fire(undefined);
    this.refreshed.fire();
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return toTreeItem(node);
  }

  getChildren(node?: TreeNode): TreeNode[] {
    return node === undefined ? this.roots : node.children ?? [];
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
