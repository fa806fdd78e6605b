// The monitor views in the Run and Debug container: a debug session on the demand-paging sample
// stops after paging is on, and the views' data providers show the guest's page tables (with
// real addresses and flags), say that VMCS, translation cache and VM exits do not exist natively,
// refresh on the next stop, and empty when the session ends. The walk command shows each level.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GuestRegion, PageWalkAnswer } from '../../debug-adapter/custom-request-types';
import type { RingsideApi } from '../../src/extension/extension';
import { histogramHtml, histogramSvg } from '../../src/extension/views/exit-histogram';
import type { MonitorView } from '../../src/extension/views/monitor-view';
import { renderBlock } from '../../src/extension/views/translated-block';
import type { TreeNode } from '../../src/extension/views/tree-node';
import { folder, positionOf, ringside, stopSession } from './fixtures';
import { suite, test, waitFor } from './harness';

const EXTENSION_ROOT = path.resolve(__dirname, '../../..');
const GUEST = path.join(EXTENSION_ROOT, 'sample-guests', 'paging-demand.asm');

// What paging-demand.asm does: the page directory at 2 MiB (CR3), 0..8 MiB identity-mapped, and
// its #PF handler hands out frames from 4 MiB up, a page table first where the directory has none.
const CR3 = 0x200000;
const FRAMES = 0x400000;
const HEAP = 0x40000000;
const hex8 = (v: number) => `0x${(v >>> 0).toString(16).padStart(8, '0')}`;

let api: RingsideApi;
let session: vscode.DebugSession | undefined;
let doc: vscode.TextDocument;
const breakpoints: vscode.SourceBreakpoint[] = [];

function regions(): GuestRegion[] {
  const guest = api.views.pageTables.getChildren().find((n) => n.label === 'Guest page tables');
  assert.ok(guest, 'the Page Tables view has a "Guest page tables" item');
  return api.views.pageTables.getChildren(guest).map((n) => n.data as GuestRegion);
}

function regionAt(virtual: number): GuestRegion | undefined {
  return regions().find((r) => Number(r.virtual) <= virtual && virtual < Number(r.virtual) + r.size);
}

/** Runs `action` and resolves when `view` has refreshed since (its refresh count went up). */
/** Runs `action`, then waits until each view has fetched an answer since (they refresh independently). */
async function refreshedBy(views: MonitorView<unknown>[], action: () => Thenable<unknown> | void): Promise<void> {
  const before = views.map((v) => v.refreshes);
  await action();
  for (const [i, view] of views.entries()) {
    await waitFor(`a refresh of the ${view.constructor.name}`, () => (view.refreshes > before[i] && view.answer !== undefined ? true : undefined), 20_000);
  }
}

function labels(nodes: TreeNode[]): string[] {
  return nodes.map((n) => n.label);
}

function breakpointAt(text: string): vscode.SourceBreakpoint {
  const bp = new vscode.SourceBreakpoint(new vscode.Location(doc.uri, new vscode.Position(positionOf(doc, text).line, 0)));
  breakpoints.push(bp);
  return bp;
}

suite('monitor views', () => {
  test('without a session the views are empty (their welcome text shows) and the manifest places them in Run and Debug', async () => {
    api = await ringside();
    for (const view of [api.views.vmcs, api.views.pageTables, api.views.translationCache, api.views.vmExits]) assert.deepEqual(view.getChildren(), []);
    const pkg = JSON.parse(fs.readFileSync(path.join(EXTENSION_ROOT, 'package.json'), 'utf8'));
    assert.deepEqual(
      pkg.contributes.views.debug.map((v: { id: string; name: string }) => `${v.id}=${v.name}`).sort(),
      ['ringside.pageTables=Page Tables', 'ringside.translationCache=Translation Cache', 'ringside.vmExits=VM Exits', 'ringside.vmcs=VMCS'],
    );
    const all = await vscode.commands.getCommands(true);
    for (const c of ['ringside.walkPageTables', 'ringside.showTranslatedBlock', 'ringside.showExitHistogram', 'ringside.refreshViews']) assert.ok(all.includes(c), c);
  });

  test('stopped after paging is on, Page Tables lists the guest\'s regions with real addresses and flags at each level', async () => {
    doc = await vscode.workspace.openTextDocument(GUEST);
    await vscode.window.showTextDocument(doc);
    vscode.debug.addBreakpoints([breakpointAt('mov dword [HEAP + 0x10], 0x22222222'), breakpointAt('mov esi, msg_back')]);
    const started = vscode.debug.onDidStartDebugSession((s) => (session ??= s));
    try {
      await refreshedBy([api.views.pageTables, api.views.vmcs, api.views.translationCache, api.views.vmExits], async () => {
        assert.equal(await vscode.debug.startDebugging(folder(), { type: 'ringside', request: 'launch', name: 'views', program: GUEST }), true);
      });
    } finally {
      started.dispose();
    }
    assert.ok(session);
    assert.equal(api.views.feed.session?.id, session.id, 'the views follow the stopped session');
    const answer = api.views.pageTables.answer!;
    assert.equal(answer.monitor, 'native');
    assert.equal(answer.guest.cr3, hex8(CR3));
    assert.equal(labels(api.views.pageTables.getChildren()).join(' | '), 'Guest page tables | Shadow page tables | EPT');

    // 0..8 MiB identity-mapped, writable at both levels; natively machine-physical = guest-physical
    const low = regions().filter((r) => Number(r.virtual) < 0x800000);
    assert.equal(low.reduce((n, r) => n + r.size, 0), 8 * 1024 * 1024);
    for (const r of low) {
      assert.equal(r.physical, r.virtual);
      assert.equal(r.machine, r.physical);
      assert.deepEqual(r.levels.map((l) => l.level), ['PDE', 'PTE']);
      assert.ok(r.levels.every((l) => l.flags.includes('W')), `${r.virtual}: W at each level`);
    }
    // the first heap page: the handler's first frame went to a page table, the second to the page
    const heap = regionAt(HEAP);
    assert.ok(heap, `a region maps ${hex8(HEAP)}`);
    assert.equal(heap.virtual, hex8(HEAP));
    assert.equal(heap.physical, hex8(FRAMES + 0x1000));
    assert.equal(heap.size, 0x1000);
    assert.deepEqual(heap.levels[1].flags, ['W', 'A', 'D'], 'the PTE: writable, accessed and dirty (the guest wrote there)');
    assert.deepEqual(heap.levels[0].flags, ['W', 'A'], 'the PDE: writable and accessed');
    assert.equal(regionAt(HEAP + 0x400000), undefined, 'the next 4 MiB is not mapped yet');

    const row = api.views.pageTables.getChildren(api.views.pageTables.getChildren()[0]).find((n) => (n.data as GuestRegion).virtual === hex8(HEAP))!;
    assert.equal(row.label, '0x40000000–0x40000fff');
    assert.match(row.description ?? '', /→ 0x00401000 → 0x00401000 {2}W A D/);
    assert.equal(row.contextValue, 'ringside.region', 'the row offers "Walk This Address"');
  }, 40_000);

  test('natively, Page Tables says there are no shadow tables or EPT, and the other views say what is not available', () => {
    for (const name of ['Shadow page tables', 'EPT']) {
      const node = api.views.pageTables.getChildren().find((n) => n.label === name)!;
      assert.equal(node.description, 'not available');
      assert.match(api.views.pageTables.getChildren(node)[0].label, /no shadow page tables or EPT natively/);
    }
    const only = (view: MonitorView<unknown>) => {
      const nodes = view.getChildren();
      assert.equal(nodes.length, 1);
      assert.equal(nodes[0].contextValue, 'ringside.message');
      return nodes[0].label;
    };
    assert.match(only(api.views.vmcs), /^No VMCS: the guest runs natively \(monitor "native"\): there is no monitor/);
    assert.match(only(api.views.translationCache), /^No translation cache: .*no monitor.*use monitor "bt"/);
    assert.match(only(api.views.vmExits), /^No VM exits: .*no monitor/);
  });

  test('"Walk Page Tables for Address…" shows each level, and the walk is at the top of the view', async () => {
    const w = await vscode.commands.executeCommand<PageWalkAnswer>('ringside.walkPageTables', '0x40000010');
    assert.deepEqual(w.steps.map((s) => s.level), ['CR3', 'PDE', 'PTE', 'page']);
    const [cr3, pde, pte] = w.steps;
    assert.equal(cr3.value, hex8(CR3));
    assert.equal(pde.index, HEAP >>> 22);
    assert.equal(pde.at, hex8(CR3 + (HEAP >>> 22) * 4));
    assert.equal(Number(pde.value) & ~0xfff, FRAMES, 'the PDE points at the first frame handed out: the page table');
    assert.equal(pte.index, 0);
    assert.equal(pte.at, hex8(FRAMES));
    assert.equal(Number(pte.value) & ~0xfff, FRAMES + 0x1000);
    assert.deepEqual(pte.flags, ['W', 'A', 'D']);
    assert.equal(w.physical, hex8(FRAMES + 0x1010));
    assert.equal(w.machine, w.physical);
    const top = api.views.pageTables.getChildren()[0];
    assert.equal(top.label, 'Walk 0x40000010');
    assert.deepEqual(labels(api.views.pageTables.getChildren(top)), ['CR3', 'PDE[256]', 'PTE[0]', 'page', w.summary]);

    // from the editor: the selected text is an expression (here the sample's HEAP equate)
    const editor = await vscode.window.showTextDocument(doc);
    const at = positionOf(doc, 'HEAP + 0x10]', 0);
    editor.selection = new vscode.Selection(at, at.translate(0, 4));
    const fromEditor = await vscode.commands.executeCommand<PageWalkAnswer>('ringside.walkPageTables', doc.uri);
    assert.equal(fromEditor.address, hex8(HEAP));
    assert.equal(fromEditor.physical, hex8(FRAMES + 0x1000));

    const unmapped = await vscode.commands.executeCommand<PageWalkAnswer>('ringside.walkPageTables', `${HEAP + 0x400000}`);
    assert.equal(unmapped.physical, null);
    assert.deepEqual(unmapped.steps.map((s) => `${s.level}:${s.present}`), ['CR3:true', 'PDE:false']);
    assert.match(unmapped.summary, /0x40400000 is not mapped: PDE\[257\] is not present/);
  });

  test('on the next stop every view refreshes: the new mappings show, and the pinned walk is walked again', async () => {
    await refreshedBy([api.views.pageTables, api.views.vmcs, api.views.translationCache, api.views.vmExits], () => session!.customRequest('continue', { threadId: 1 }));
    // by the second breakpoint the guest has touched 0x40003000, 0x40005000 and 0x40400000
    const next = regionAt(HEAP + 0x400000);
    assert.ok(next, 'the new page at 0x40400000 is listed');
    assert.equal(next.physical, hex8(FRAMES + 0x5000), 'after the second page table at +0x4000');
    assert.equal(regionAt(HEAP + 0x3000)?.physical, hex8(FRAMES + 0x2000));
    assert.equal(regionAt(HEAP + 0x5000)?.physical, hex8(FRAMES + 0x3000));
    const top = api.views.pageTables.getChildren()[0];
    assert.equal(top.label, 'Walk 0x40400000');
    assert.equal(top.description, `→ ${hex8(FRAMES + 0x5000)}`, 'the walk of a then-unmapped address now finds the page');
  }, 30_000);

  test('"Show Translated Block" and the histogram say plainly that native mode has neither', async () => {
    const said = await vscode.commands.executeCommand<string>('ringside.showTranslatedBlock');
    assert.match(said, /there is no translation cache to show: the guest runs natively/);
    const html = await vscode.commands.executeCommand<string>('ringside.showExitHistogram');
    assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'nonce-[A-Za-z0-9+/=]+'/);
    assert.match(html, /Not available: the guest runs natively/);
    assert.doesNotMatch(html, /<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/, 'no scripts and nothing fetched');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('when the session ends the views empty', async () => {
    const s = session!;
    await stopSession(s);
    vscode.debug.removeBreakpoints(breakpoints);
    await waitFor('the views to empty', () => (api.views.pageTables.getChildren().length === 0 ? true : undefined));
    for (const view of [api.views.vmcs, api.views.translationCache, api.views.vmExits]) assert.deepEqual(view.getChildren(), []);
    assert.equal(api.views.pageTables.lastWalk, undefined);
    await assert.rejects(Promise.resolve(api.views.pageTables.walk('0x1000')), /no Ringside debug session is stopped/);
  }, 20_000);
});

suite('monitor view rendering', () => {
  test('the histogram draws one bar per reason, longest for the most frequent, in a strict page', () => {
    const svg = histogramSvg({ HLT: 2, CPUID: 8, IO_INSTR: 0, MOV_CRX: 4 });
    const bars = [...svg.matchAll(/<rect class="bar" x="\d+" y="\d+" width="(\d+)"[^>]*><title>([A-Z_]+): (\d+)/g)].map((m) => ({ width: Number(m[1]), reason: m[2], n: Number(m[3]) }));
    assert.deepEqual(bars.map((b) => `${b.reason}:${b.n}`), ['CPUID:8', 'MOV_CRX:4', 'HLT:2'], 'largest first; reasons with no exits left out');
    assert.equal(bars[0].width, 2 * bars[1].width);
    assert.equal(bars[1].width, 2 * bars[2].width);
    const html = histogramHtml({ monitor: 'vtx', available: true, exits: [], histogram: { CPUID: 8, HLT: 2 } }, 'abc');
    assert.match(html, /10 exits, 2 reasons/);
    assert.match(html, /<style nonce="abc">/);
    assert.match(histogramSvg({ '<b>': 1 }), /&#60;b&#62;/, 'text is escaped');
  });

  test('a translated block shows its guest instructions beside the translated form', () => {
    const text = renderBlock({
      id: 7, start: '0x00100000', end: '0x00100004', executions: 3, successors: [9],
      location: { address: '0x00100000', source: { path: '/g/k.asm', line: 12 } },
      guest: [{ address: '0x00100000', text: 'cli' }, { address: '0x00100001', text: 'mov eax, cr0' }],
      translated: [{ text: 'and byte [vcpu.eflags+1], ~2', kind: 'translated' }, { text: 'call monitor_read_cr0', kind: 'callout' }, { text: 'jmp block 9', kind: 'ident' }],
    });
    const rows = text.split('\n').filter((l) => l.includes('│'));
    assert.match(rows[0], /^guest +│ translated$/);
    assert.match(rows[1], /^0x00100000 {2}cli +│ \* and byte \[vcpu\.eflags\+1\], ~2$/);
    assert.match(rows[2], /^0x00100001 {2}mov eax, cr0 +│ ! call monitor_read_cr0$/);
    assert.match(rows[3], /^ +│ {3}jmp block 9$/);
    assert.match(text, /executed 3 times, chained to block 9/);
    assert.match(text, /source \/g\/k\.asm:12/);
  });

  test('the VMCS view groups fields as the SDM does and marks those changed since the last stop', async () => {
    // No VT-x monitor yet: a stand-in session answers `vmcs` as the adapter will.
    const field = (name: string, encoding: string, value: string) => ({ name, encoding, width: 'natural' as const, value });
    const answers = [
      { monitor: 'vtx', available: true, groups: [{ id: 'NATURAL_WIDTH_GUEST_STATE_FIELDS', title: 'Natural-width guest-state fields', fields: [field('GUEST_RIP', '0x681e', '0x00100000'), field('GUEST_CR3', '0x6802', '0x00200000')] }] },
      { monitor: 'vtx', available: true, groups: [{ id: 'NATURAL_WIDTH_GUEST_STATE_FIELDS', title: 'Natural-width guest-state fields', fields: [field('GUEST_RIP', '0x681e', '0x00100005'), field('GUEST_CR3', '0x6802', '0x00200000')] }] },
    ];
    const stand = { id: 'stand-in', customRequest: async () => answers.shift() } as unknown as vscode.DebugSession;
    const view = api.views.vmcs;
    await view.refresh(stand);
    await view.refresh(stand);
    const [group] = view.getChildren();
    assert.equal(group.label, 'Natural-width guest-state fields');
    assert.equal(group.description, '2 fields, 1 changed');
    const [rip, cr3] = view.getChildren(group);
    assert.equal(rip.label, 'GUEST_RIP');
    assert.equal(rip.description, '0x00100005  0x681e  (changed)');
    assert.equal(rip.contextValue, 'ringside.vmcsField.changed');
    assert.equal(cr3.description, '0x00200000  0x6802');
    view.clear();
  });

  test('the VM Exits view lists exits newest first, clicking one goes to its source line; the histogram item opens the chart', async () => {
    // No VT-x monitor yet: a stand-in session answers `exitLog` as the adapter will.
    const line = positionOf(doc, 'mov eax, cr0').line + 1;
    const exit = (index: number, reason: string, reasonNumber: number) => ({
      index, reason, reasonNumber, qualification: '0x00000000', instructions: 100 + index,
      location: { address: '0x00100040', source: { path: GUEST, line } },
    });
    const answer = { monitor: 'vtx', available: true, exits: [exit(0, 'CPUID', 10), exit(1, 'MOV_CRX', 28)], histogram: { CPUID: 1, MOV_CRX: 1 } };
    const stand = { id: 'stand-in', customRequest: async (command: string, args: { limit?: number }) => {
      assert.equal(command, 'exitLog');
      assert.equal(args.limit, 1000, 'the ringside.vmExits.logLimit setting is passed on');
      return answer;
    } } as unknown as vscode.DebugSession;
    const view = api.views.vmExits;
    await view.refresh(stand);
    const nodes = view.getChildren();
    assert.deepEqual(labels(nodes), ['Histogram by reason', '#1 MOV_CRX', '#0 CPUID']);
    assert.equal(nodes[0].description, '2 exits, 2 reasons');
    assert.equal(nodes[1].description, `qual 0x00000000 · at paging-demand.asm:${line}`);
    const cmd = nodes[1].command!;
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>(cmd.command, ...(cmd.arguments ?? []));
    assert.equal(editor.document.uri.fsPath, GUEST);
    assert.equal(editor.selection.active.line, line - 1);
    const html = await vscode.commands.executeCommand<string>(nodes[0].command!.command);
    assert.match(html, /2 exits, 2 reasons \(monitor "vtx"\)/);
    assert.equal((html.match(/<rect class="bar"/g) ?? []).length, 2);
    view.clear();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the Translation Cache view lists blocks with their range, executions and chained successors', async () => {
    const block = (id: number, start: number, successors: number[]) => ({
      id, start: hex8(start), end: hex8(start + 8), executions: id * 10, successors,
      location: { address: hex8(start) }, guest: [], translated: [],
    });
    const answer = { monitor: 'bt', available: true, blocks: [block(1, 0x100000, [2, 5]), block(2, 0x100008, [])], stats: { blocks: 2, hits: 30, misses: 2, invalidations: 0 } };
    const view = api.views.translationCache;
    await view.refresh({ id: 'stand-in', customRequest: async () => answer } as unknown as vscode.DebugSession);
    const nodes = view.getChildren();
    assert.deepEqual(labels(nodes), ['2 blocks · 30 hits · 2 misses · 0 invalidations', 'block 1  0x00100000–0x00100008', 'block 2  0x00100008–0x00100010']);
    assert.equal(nodes[1].description, '×10  chained to 2, 5');
    assert.deepEqual(view.getChildren(nodes[1]).map((n) => `${n.label} ${n.description}`), ['→ block 2 0x00100008–0x00100010', '→ block 5 not in the cache']);
    assert.deepEqual(nodes[1].command?.arguments, [1], 'clicking a block shows it');
    assert.equal(nodes[1].contextValue, 'ringside.block', 'no source line: no "Reveal in Source"');
    view.clear();
  });
});
