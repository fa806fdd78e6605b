// The contract's custom requests. Native mode has no monitor: `vmcs`, `translationCache` and
// `exitLog` answer their empty structures and say why; `pageTables` answers the guest's own paging.

import { guestPageTables } from './runtime/page-tables';
import type { Runtime } from './runtime/runtime';

export const CUSTOM_REQUESTS = ['vmcs', 'pageTables', 'translationCache', 'exitLog'];

const NO_MONITOR = 'the guest runs natively (monitor "native"): there is no monitor, so no';

export function customRequest(command: string, rt: Runtime, _args: unknown): unknown {
  if (rt.state === 'running') throw new Error('the guest is running: pause it first');
  const monitor = rt.options.monitor ?? 'native';
  switch (command) {
    case 'vmcs':
      return { monitor, available: false, groups: [], message: `${NO_MONITOR} VMCS` };
    case 'translationCache':
      return { monitor, available: false, blocks: [], stats: { blocks: 0, hits: 0, misses: 0, invalidations: 0 }, message: `${NO_MONITOR} translation cache` };
    case 'exitLog':
      return { monitor, available: false, exits: [], histogram: {}, message: `${NO_MONITOR} VM exits` };
    case 'pageTables':
      return { monitor, guest: guestPageTables(rt.cpu, rt.session.pc.memory), shadow: null, ept: null };
  }
  throw new Error(`unknown request '${command}'`);
}
