// The Translation Cache view (`ringside.translationCache`): the binary translator's blocks with
// their guest range, execution count and chained successors. Clicking a block opens its guest
// instructions beside the translated form (translated-block.ts); "Reveal in Source" goes to the
// guest line the block starts at.

import type { TranslatedBlock, TranslationCacheAnswer } from '../../../debug-adapter/custom-request-types';
import { MonitorView } from './monitor-view';
import type { SessionFeed } from './session-feed';
import { messageNode, TreeNode } from './tree-node';

export const TRANSLATION_CACHE_VIEW = 'ringside.translationCache';
export const SHOW_TRANSLATED_BLOCK = 'ringside.showTranslatedBlock';

function blockNode(b: TranslatedBlock, byId: Map<number, TranslatedBlock>): TreeNode {
  const successors = b.successors.map((id): TreeNode => {
    const s = byId.get(id);
    return {
      label: `→ block ${id}`,
      description: s ? `${s.start}–${s.end}` : 'not in the cache',
      icon: 'link',
      command: { title: 'Show Translated Block', command: SHOW_TRANSLATED_BLOCK, arguments: [id] },
    };
  });
  return {
    id: `block:${b.id}`,
    label: `block ${b.id}  ${b.start}–${b.end}`,
    description: `×${b.executions}${b.successors.length ? `  chained to ${b.successors.join(', ')}` : ''}`,
    tooltip: `${b.guest.length} guest instructions → ${b.translated.length} translated; executed ${b.executions} times${b.location.source ? `; ${b.location.source.path}:${b.location.source.line}` : ''}`,
    icon: 'symbol-method',
    contextValue: b.location.source ? 'ringside.block.withSource' : 'ringside.block',
    command: { title: 'Show Translated Block', command: SHOW_TRANSLATED_BLOCK, arguments: [b.id] },
    children: successors.length ? successors : undefined,
    data: b,
  };
}

export class TranslationCacheView extends MonitorView<TranslationCacheAnswer> {
  constructor(feed: SessionFeed) {
    super(feed, 'translationCache');
  }

  protected build(answer: TranslationCacheAnswer): TreeNode[] {
    if (!answer.available) return [messageNode(`No translation cache: ${answer.message ?? `not available under monitor "${answer.monitor}"`}`)];
    const s = answer.stats;
    const stats = messageNode(`${s.blocks} blocks · ${s.hits} hits · ${s.misses} misses · ${s.invalidations} invalidations`, 'graph');
    const byId = new Map(answer.blocks.map((b) => [b.id, b]));
    return [stats, ...answer.blocks.map((b) => blockNode(b, byId))];
  }
}
