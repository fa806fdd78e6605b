// The custom requests behind the extension's views, through bin/ringside dap: the guest's regions
// with the flags of each level (4 KiB pages under a table, 4 MiB PSE pages), `pageWalk` level by
// level (mapped, not present, paging off, bad arguments); and the pure parts the monitors will
// feed: the VMCS in the SDM's groups and shadow-table disagreements.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GuestRegion, PageTablesAnswer, PageWalkAnswer, SecondLevelRegion } from '../debug-adapter/custom-request-types';
import { vmcsGroups, vmcsGroupTitle } from '../debug-adapter/custom-requests';
import { markShadowDisagreements } from '../debug-adapter/paging-view';
import { VMCS_FIELDS } from '../src/arch/vmx/vmcs';
import { launch, lineOf, multibootGuest, startAdapter, stopAfter, writeGuest } from './support/dap-harness';

// Page directory at 0x300000: entry 0 a 4 MiB PSE page (identity, global), entry 1 a page table
// mapping 0x400000 → 0x800000 read-only and 0x401000 → 0x801000 user-writable.
const PAGING_GUEST = multibootGuest(`
start:
        mov esp, stack_top
        mov cr3, eax                    ; @before-paging (eax is anything: paging is off)
        mov edi, 0x300000
        xor eax, eax
        mov ecx, 2048
        rep stosd                       ; clears the directory and the table after it
        mov dword [0x300000], 0x00000183        ; P W PS G: 4 MiB at 0
        mov dword [0x300004], 0x00301007        ; P W U: the table at 0x301000
        mov dword [0x301000], 0x00800001        ; P: read-only, supervisor
        mov dword [0x301004], 0x00801007        ; P W U
        mov eax, cr4
        or eax, 0x10                    ; CR4.PSE
        mov cr4, eax
        mov eax, 0x300000
        mov cr3, eax
        mov eax, cr0
        or eax, 0x80000000
        mov cr0, eax
        mov eax, [0x400000]             ; read: A on the PDE and the first PTE
        nop                             ; @paged
        hlt
`);

test('pageTables: regions with the flags of each level; pageWalk through each level', async () => {
  const file = writeGuest('pse.asm', PAGING_GUEST);
  const a = await startAdapter();
  try {
    await launch(a, file);
    await a.dc.setBreakpointsRequest({ source: { path: file }, breakpoints: [{ line: lineOf(file, '@before-paging') }, { line: lineOf(file, '@paged') }] });
    await stopAfter(a, () => a.dc.configurationDoneRequest());

    const off = (await a.dc.customRequest('pageTables')).body as PageTablesAnswer;
    assert.equal(off.guest.paging, false);
    assert.match(off.guest.message ?? '', /paging is off/);
    const walkOff = (await a.dc.customRequest('pageWalk', { address: '0x1234' })).body as PageWalkAnswer;
    assert.deepEqual([walkOff.paging, walkOff.physical, walkOff.steps.length], [false, '0x00001234', 0]);

    await stopAfter(a, () => a.dc.continueRequest({ threadId: 1 }));
    const pt = (await a.dc.customRequest('pageTables')).body as PageTablesAnswer;
    assert.equal(pt.monitor, 'native');
    assert.equal(pt.mmu, null);
    assert.deepEqual([pt.shadow, pt.ept], [null, null]);
    assert.match(pt.message ?? '', /no shadow page tables or EPT natively/);
    assert.equal(pt.guest.cr3, '0x00300000');
    assert.equal(pt.guest.pse, true);
    const rows = pt.guest.regions.map((r) => `${r.virtual}→${r.physical}/${r.machine} ${r.size.toString(16)} ${r.levels.map((l) => `${l.level}:${l.flags.join(',')}`).join(' ')} = ${r.flags.join(',')}`);
    assert.deepEqual(rows, [
      '0x00000000→0x00000000/0x00000000 400000 PDE:W,A,G,PS = W,A,G,PS',
      '0x00400000→0x00800000/0x00800000 1000 PDE:W,U,A PTE:A = A',
      '0x00401000→0x00801000/0x00801000 1000 PDE:W,U,A PTE:W,U = W,U',
    ]);

    const w = (await a.dc.customRequest('pageWalk', { address: '0x401abc' })).body as PageWalkAnswer;
    assert.deepEqual(w.steps.map((s) => [s.level, s.index, s.at, s.value, s.present]), [
      ['CR3', undefined, '0x00300000', '0x00300000', true],
      ['PDE', 1, '0x00300004', '0x00301027', true],
      ['PTE', 1, '0x00301004', '0x00801007', true],
      ['page', undefined, '0x00801abc', '0x00801abc', true],
    ]);
    assert.equal(w.physical, '0x00801abc');
    assert.equal(w.summary, '0x00401abc → physical 0x00801abc');

    const large = (await a.dc.customRequest('pageWalk', { address: 'eip' })).body as PageWalkAnswer;
    assert.deepEqual(large.steps.map((s) => s.level), ['CR3', 'PDE', 'page']);
    assert.deepEqual(large.steps[1].flags, ['W', 'A', 'G', 'PS']);
    assert.match(large.summary, /\(4 MiB page\)$/);

    const hole = (await a.dc.customRequest('pageWalk', { address: 0x402000 })).body as PageWalkAnswer;
    assert.equal(hole.physical, null);
    assert.deepEqual(hole.steps.map((s) => `${s.level}${s.index ?? ''}:${s.present}`), ['CR3:true', 'PDE1:true', 'PTE2:false']);
    assert.equal(hole.summary, '0x00402000 is not mapped: PTE[2] is not present');

    await assert.rejects(a.dc.customRequest('pageWalk', {}), /pageWalk needs an address/);
    await assert.rejects(a.dc.customRequest('pageWalk', { address: 'no_such_label' }), /no_such_label/);
    await assert.rejects(a.dc.customRequest('exitLog', { limit: -1 }), /'limit' must be a whole number/);
  } finally {
    await a.close();
  }
});

test('vmcsGroups: fields in the SDM appendix B order and groups, values at their width', () => {
  const values = new Map<number, bigint>([[0x681e, 0x100005n], [0x0800, 0x10n], [0x2800, 0xffffffffffffffffn], [0x4402, 12n]]);
  const groups = vmcsGroups((e) => values.get(e));
  assert.deepEqual(groups.map((g) => `${g.title}: ${g.fields.map((f) => `${f.name}=${f.value}@${f.encoding}`).join(' ')}`), [
    '16-bit guest-state fields: GUEST_ES_SEL=0x0010@0x0800',
    '64-bit guest-state fields: GUEST_VMCS_LINK_PTR=0xffffffffffffffff@0x2800',
    '32-bit read-only data fields: EXIT_REASON=0x0000000c@0x4402',
    'Natural-width guest-state fields: GUEST_RIP=0x00100005@0x681e',
  ]);
  const titles = new Set(VMCS_FIELDS.map((f) => vmcsGroupTitle(f.group)));
  assert.ok(titles.has('Natural-width host-state fields') && titles.has('64-bit control fields') && titles.has('32-bit read-only data fields'));
  assert.equal(titles.size, new Set(VMCS_FIELDS.map((f) => f.group)).size);
});

test('markShadowDisagreements: another machine page or rights the guest did not grant; missing or stricter shadow entries are normal', () => {
  const region = (virtual: string, machine: string, size: number, flags: string[]): GuestRegion => ({
    virtual, physical: machine, machine, size, pageSize: 4096, flags, levels: [],
  });
  const regions = [
    region('0x00100000', '0x01100000', 0x2000, ['W']),
    region('0x00200000', '0x01200000', 0x1000, []),
    region('0x00300000', '0x01300000', 0x1000, ['W', 'U']),
    region('0x00400000', '0x01400000', 0x3000, ['W']),
  ];
  const shadow: SecondLevelRegion[] = [
    { from: '0x00101000', machine: '0x01109000', size: 0x1000, flags: ['W'] }, // second page elsewhere
    { from: '0x00200000', machine: '0x01200000', size: 0x1000, flags: ['W'] }, // writable where the guest is not
    { from: '0x00300000', machine: '0x01300000', size: 0x1000, flags: ['U'] }, // write-protected: normal
    { from: '0x00401000', machine: '0x01401000', size: 0x1000, flags: ['W'] }, // the rest not shadowed yet: normal
  ];
  markShadowDisagreements(regions, shadow);
  assert.deepEqual(regions.map((r) => r.disagreement), [
    "shadow maps 0x00101000 to machine 0x01109000; the guest's tables give 0x01101000",
    "shadow grants W at 0x00200000; the guest's tables do not",
    undefined,
    undefined,
  ]);
});
