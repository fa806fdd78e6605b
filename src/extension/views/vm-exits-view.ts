// The VM Exits view (`ringside.vmExits`): the log of exits, newest first, with reason,
// qualification and guest location (clicking one goes there), and an item that opens the
// histogram by reason (exit-histogram.ts).

import * as vscode from 'vscode';
import type { ExitLogAnswer, VmExit } from '../../../debug-adapter/custom-request-types';
import { REVEAL_IN_SOURCE } from './guest-location';
import { MonitorView } from './monitor-view';
import type { SessionFeed } from './session-feed';
import { messageNode, TreeNode } from './tree-node';

export const VM_EXITS_VIEW = 'ringside.vmExits';
export const SHOW_EXIT_HISTOGRAM = 'ringside.showExitHistogram';

function exitNode(e: VmExit): TreeNode {
  const where = e.location.source ? `${e.location.source.path.split(/[\\/]/).pop()}:${e.location.source.line}` : e.location.address;
  return {
    id: `exit:${e.index}`,
    label: `#${e.index} ${e.reason}`,
    description: `qual ${e.qualification} · at ${where}`,
    tooltip: `exit reason ${e.reasonNumber} (${e.reason}), qualification ${e.qualification}, guest at ${e.location.address}, after ${e.instructions} instructions`,
    icon: 'debug-stackframe',
    contextValue: e.location.source ? 'ringside.exit.withSource' : 'ringside.exit',
    command: { title: 'Go to Guest Location', command: REVEAL_IN_SOURCE, arguments: [e.location] },
    data: e,
  };
}

export class VmExitsView extends MonitorView<ExitLogAnswer> {
  constructor(feed: SessionFeed) {
    super(feed, 'exitLog');
  }

  protected override requestArguments(): Record<string, unknown> {
    return { limit: vscode.workspace.getConfiguration('ringside').get<number>('vmExits.logLimit', 1000) };
  }

  protected build(answer: ExitLogAnswer): TreeNode[] {
    if (!answer.available) return [messageNode(`No VM exits: ${answer.message ?? `not available under monitor "${answer.monitor}"`}`)];
    const total = Object.values(answer.histogram).reduce((n, c) => n + c, 0);
    const histogram: TreeNode = {
      label: 'Histogram by reason',
      description: `${total} exits, ${Object.keys(answer.histogram).length} reasons`,
      icon: 'graph',
      command: { title: 'Show VM-Exit Histogram', command: SHOW_EXIT_HISTOGRAM, arguments: [] },
    };
    if (answer.exits.length === 0) return [histogram, messageNode('No VM exits yet.')];
    return [histogram, ...[...answer.exits].reverse().map(exitNode)];
  }
}
