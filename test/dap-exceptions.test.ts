// Exception breakpoint filters: guest-exception stops before delivery (#PF with its error code and
// CR2, #GP), conditions narrow it, continuing delivers the fault; the monitor filters are accepted.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { GP_GUEST, launch, launchStopped, lineOf, registers, SAMPLES, startAdapter, stopAfter, topFrame, writeGuest } from './support/dap-harness';

test('#PF stops before delivery with vector, address, error code and CR2; continuing delivers it', async () => {
  const file = path.join(SAMPLES, 'paging-demand.asm');
  const a = await startAdapter();
  try {
    await launch(a, file);
    const f = await a.dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'guest-exception', condition: '#PF' }] });
    assert.equal(f.body?.breakpoints?.[0].verified, true);
    const stop = await stopAfter(a, () => a.dc.configurationDoneRequest());
    assert.equal(stop.body.reason, 'exception');
    const line = lineOf(file, 'mov dword [HEAP], 0x11111111');
    assert.equal((await topFrame(a)).line, line);
    assert.match(stop.body.text ?? '', /^#PF at 0x001[0-9a-f]{5}, error code 0x2, CR2=0x40000000$/);
    const info = await a.dc.exceptionInfoRequest({ threadId: 1 });
    assert.equal(info.body.exceptionId, '#PF');
    // not delivered yet: CR2 still holds its old value
    const cr2 = await a.dc.evaluateRequest({ expression: 'cr2', context: 'watch' });
    assert.equal(cr2.body.result, '0x00000000');
    // continue: the handler runs and the instruction restarts; the next fault is the next page
    const next = await stopAfter(a, () => a.dc.continueRequest({ threadId: 1 }));
    assert.equal(next.body.reason, 'exception');
    assert.match(next.body.text ?? '', /CR2=0x40003000/);
  } finally {
    await a.close();
  }
});

test('#GP with its error code; a condition naming other vectors does not stop', async () => {
  const file = writeGuest('gp.asm', GP_GUEST);
  const { a, stop } = await launchStopped(file, (a) => a.dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'guest-exception', condition: '#GP,13' }] }));
  try {
    assert.match(stop.body.text ?? '', /^#GP at 0x[0-9a-f]{8}, error code 0x1234$/);
    assert.equal((await topFrame(a)).line, lineOf(file, '@gp'));
    assert.equal((await registers(a)).EAX.slice(-4), '1234');
  } finally {
    await a.close();
  }
  const b = await startAdapter();
  try {
    await launch(b, file);
    await b.dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'guest-exception', condition: '#PF, 6' }] });
    // no stop on #GP: the guest triple-faults (no IDT), which stops as a final exception
    const stop = await stopAfter(b, () => b.dc.configurationDoneRequest());
    assert.equal(stop.body.reason, 'exception');
    assert.match(stop.body.description ?? '', /triple fault/);
    await Promise.all([b.dc.waitForEvent('terminated'), b.dc.continueRequest({ threadId: 1 })]);
  } finally {
    await b.close();
  }
});

test('every filter of the contract is declared with supportsCondition; bad conditions are reported', async () => {
  const a = await startAdapter();
  try {
    const init = await a.dc.initializeRequest({ adapterID: 'ringside', pathFormat: 'path' });
    const filters = init.body?.exceptionBreakpointFilters ?? [];
    assert.deepEqual(filters.map((f) => f.filter), ['guest-exception', 'vm-exit', 'hypercall', 'virtualization-hole']);
    assert.ok(filters.every((f) => f.supportsCondition === true));
    await Promise.all([a.dc.waitForEvent('initialized'), a.dc.launchRequest({ program: writeGuest('gp.asm', GP_GUEST) } as never)]);
    const r = await a.dc.setExceptionBreakpointsRequest({
      filters: [],
      filterOptions: [
        { filterId: 'vm-exit', condition: 'CPUID,HLT' },
        { filterId: 'hypercall', condition: 'set_trap_table' },
        { filterId: 'virtualization-hole' },
        { filterId: 'guest-exception', condition: '#XX' },
        { filterId: 'nonsense' },
      ],
    });
    assert.deepEqual(r.body?.breakpoints?.map((b) => b.verified), [true, true, true, false, false]);
    assert.match(r.body?.breakpoints?.[3].message ?? '', /'#XX' is not an exception/);
  } finally {
    await a.close();
  }
});
