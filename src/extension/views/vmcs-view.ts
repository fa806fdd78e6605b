// The VMCS view (`ringside.vmcs`): the fields of the current VMCS in the SDM's groups, each with
// its name, encoding and value; fields whose value changed since the last stop are marked.

import * as vscode from 'vscode';
import type { VmcsAnswer } from '../../../debug-adapter/custom-request-types';
import { MonitorView } from './monitor-view';
import type { SessionFeed } from './session-feed';
import { messageNode, TreeNode } from './tree-node';

export const VMCS_VIEW = 'ringside.vmcs';

export class VmcsView extends MonitorView<VmcsAnswer> {
  constructor(feed: SessionFeed) {
    super(feed, 'vmcs');
  }

  protected build(answer: VmcsAnswer, previous: VmcsAnswer | undefined): TreeNode[] {
    if (!answer.available) return [messageNode(`No VMCS: ${answer.message ?? `not available under monitor "${answer.monitor}"`}`)];
    const before = new Map(previous?.available ? previous.groups.flatMap((g) => g.fields.map((f) => [f.name, f.value] as const)) : []);
    return answer.groups.map((g) => {
      const fields = g.fields.map((f): TreeNode => {
        const old = before.get(f.name);
        const changed = old !== undefined && old !== f.value;
        return {
          id: `field:${f.name}`,
          label: f.name,
          description: `${f.value}  ${f.encoding}${changed ? '  (changed)' : ''}`,
          tooltip: new vscode.MarkdownString(`**${f.name}**  \nencoding ${f.encoding}, ${f.width === 'natural' ? 'natural width' : `${f.width}-bit`}  \nvalue ${f.value}${changed ? `  \nwas ${old} at the last stop` : ''}`),
          icon: changed ? 'diff-modified' : 'symbol-field',
          iconColor: changed ? 'charts.yellow' : undefined,
          contextValue: changed ? 'ringside.vmcsField.changed' : 'ringside.vmcsField',
          data: { ...f, changed },
        };
      });
      const changedCount = fields.filter((n) => (n.data as { changed: boolean }).changed).length;
      return {
        id: `group:${g.id}`,
        label: g.title,
        description: `${g.fields.length} fields${changedCount ? `, ${changedCount} changed` : ''}`,
        icon: 'symbol-namespace',
        children: fields,
        expanded: changedCount > 0,
        data: g,
      };
    });
  }
}
