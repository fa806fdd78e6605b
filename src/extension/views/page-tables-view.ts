// The Page Tables view (`ringside.pageTables`): each mapped region guest-virtual → guest-physical
// → machine-physical with the flags at each level, the guest's tables beside the monitor's
// shadow tables or EPT (disagreements marked), and the last "walk this address" result, walked
// again on every stop.

import * as vscode from 'vscode';
import type {
  GuestRegion, PageTablesAnswer, PageWalkAnswer, SecondLevelTables,
} from '../../../debug-adapter/custom-request-types';
import { MonitorView } from './monitor-view';
import type { SessionFeed } from './session-feed';
import { messageNode, TreeNode } from './tree-node';

export const PAGE_TABLES_VIEW = 'ringside.pageTables';

const hex8 = (v: number) => `0x${(v >>> 0).toString(16).padStart(8, '0')}`;

/** "0x40000000–0x40000fff": the region's first and last byte. */
export function regionRange(r: { virtual: string; size: number }): string {
  return `${r.virtual}–${hex8(Number(r.virtual) + r.size - 1)}`;
}

function size(bytes: number): string {
  if (bytes % 0x100000 === 0) return `${bytes / 0x100000} MiB`;
  return `${bytes / 1024} KiB`;
}

function regionNode(r: GuestRegion, native: boolean): TreeNode {
  const flags = r.flags.join(' ') || 'read-only, supervisor';
  const machine = r.machine ?? 'not mapped by the monitor';
  const levels = r.levels.map((l): TreeNode => ({ label: l.level, description: l.flags.join(' ') || '(no flags: read-only, supervisor)', icon: 'list-tree' }));
  return {
    id: `region:${r.virtual}`,
    label: regionRange(r),
    description: `${r.disagreement ? '⚠ ' : ''}→ ${r.physical} → ${machine}  ${flags}`,
    tooltip: new vscode.MarkdownString([
      `**${regionRange(r)}** (${size(r.size)}, ${r.pageSize === 4096 ? '4 KiB' : '4 MiB'} pages)`,
      `guest-virtual ${r.virtual} → guest-physical ${r.physical} → machine-physical ${machine}${native ? ' (native: the same)' : ''}`,
      ...r.levels.map((l) => `${l.level}: ${l.flags.join(' ') || '—'}`),
      ...(r.disagreement ? [`⚠ ${r.disagreement}`] : []),
    ].join('  \n')),
    icon: r.disagreement ? 'warning' : 'symbol-array',
    iconColor: r.disagreement ? 'problemsWarningIcon.foreground' : undefined,
    contextValue: 'ringside.region',
    children: [
      ...levels,
      { label: 'guest-physical', description: r.physical, icon: 'arrow-right' },
      { label: 'machine-physical', description: `${machine}${native ? ' (native: guest-physical is machine-physical)' : ''}`, icon: 'server' },
      ...(r.disagreement ? [messageNode(r.disagreement, 'warning')] : []),
    ],
    data: r,
  };
}

function secondLevelNode(name: string, tables: SecondLevelTables | null, why: string): TreeNode {
  if (!tables) return { id: `second:${name}`, label: name, description: 'not available', icon: 'circle-slash', children: [messageNode(why)], expanded: true };
  return {
    id: `second:${name}`,
    label: name,
    description: `root ${tables.root} · ${tables.regions.length} regions`,
    icon: 'layers',
    children: tables.regions.map((r) => ({
      label: `${r.from}–${hex8(Number(r.from) + r.size - 1)}`,
      description: `→ machine ${r.machine}  ${r.flags.join(' ')}`,
      icon: 'symbol-array',
      data: r,
    })),
  };
}

export function walkNode(w: PageWalkAnswer): TreeNode {
  return {
    id: 'walk',
    label: `Walk ${w.address}`,
    description: w.physical ? `→ ${w.physical}` : 'not mapped',
    tooltip: w.summary,
    icon: 'search',
    contextValue: 'ringside.walk',
    expanded: true,
    children: [
      ...w.steps.map((s): TreeNode => ({
        label: s.index === undefined ? s.level : `${s.level}[${s.index}]`,
        description: `${s.text}${s.level === 'PDE' || s.level === 'PTE' ? ` · at ${s.at} = ${s.value}` : ''}${s.flags.length ? ` · ${s.flags.join(' ')}` : ''}`,
        icon: s.present ? 'pass' : 'circle-slash',
      })),
      messageNode(w.summary, w.physical ? 'arrow-right' : 'warning'),
    ],
    data: w,
  };
}

export class PageTablesView extends MonitorView<PageTablesAnswer> {
  /** The address the user last walked: walked again on every stop. */
  private walked: string | undefined;
  lastWalk: PageWalkAnswer | undefined;

  constructor(feed: SessionFeed) {
    super(feed, 'pageTables');
  }

  /** Asks the adapter to walk `address` (a number or expression) and shows the levels. */
  async walk(address: string, session = this.feed.session): Promise<PageWalkAnswer> {
    if (!session) throw new Error('no Ringside debug session is stopped: start one and stop it to walk its page tables');
    const w = (await session.customRequest('pageWalk', { address })) as PageWalkAnswer;
    this.walked = address;
    this.lastWalk = w;
    this.show([walkNode(w), ...this.roots.filter((n) => n.contextValue !== 'ringside.walk')]);
    return w;
  }

  override clear(): void {
    this.walked = undefined;
    this.lastWalk = undefined;
    super.clear();
  }

  protected async build(answer: PageTablesAnswer, _previous: PageTablesAnswer | undefined, session: vscode.DebugSession): Promise<TreeNode[]> {
    const g = answer.guest;
    const native = answer.mmu === null;
    const guest: TreeNode = {
      id: 'guest',
      label: 'Guest page tables',
      tooltip: 'Each row: guest-virtual range → guest-physical → machine-physical, then the rights that apply. Expand a row for the flags at each level (PDE, PTE).',
      description: g.paging ? `CR3 ${g.cr3} · ${g.pse ? '4 KiB and 4 MiB pages' : '4 KiB pages'} · ${g.regions.length}${g.truncated ? '+' : ''} regions` : 'paging off',
      icon: 'symbol-structure',
      expanded: true,
      children: g.paging
        ? [...g.regions.map((r) => regionNode(r, native)), ...(g.truncated ? [messageNode('more regions than shown (the list stops at 4096)', 'warning')] : [])]
        : [messageNode(g.message ?? 'paging is off')],
    };
    const why = answer.message ?? `not available under monitor "${answer.monitor}"`;
    const roots = [guest];
    if (native || answer.mmu === 'shadow') roots.push(secondLevelNode('Shadow page tables', answer.shadow, why));
    if (native || answer.mmu === 'ept') roots.push(secondLevelNode('EPT', answer.ept, why));
    if (this.walked !== undefined) {
      try {
        this.lastWalk = (await session.customRequest('pageWalk', { address: this.walked })) as PageWalkAnswer;
        roots.unshift(walkNode(this.lastWalk));
      } catch (e) {
        roots.unshift(messageNode(`Walk ${this.walked}: ${(e as Error).message}`, 'error'));
      }
    }
    return roots;
  }
}
