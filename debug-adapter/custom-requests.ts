// The custom requests the extension's views are fed by (shapes: custom-request-types.ts).
// The contract names four: `vmcs`, `pageTables`, `translationCache`, `exitLog`; `pageWalk` is the
// project's own (the "Walk Page Tables for Address…" command). Native mode has no monitor:
// `vmcs`, `translationCache` and `exitLog` answer their empty structures and say why;
// `pageTables` and `pageWalk` answer the guest's own paging.

import { VMCS_FIELDS, VmcsWidth } from '../src/arch/vmx/vmcs';
import type {
  ExitLogAnswer, PageTablesAnswer, PageWalkAnswer, TranslationCacheAnswer, VmcsAnswer, VmcsGroup,
} from './custom-request-types';
import { guestRegions, walk } from './paging-view';
import { compile } from './runtime/expressions';
import { hex } from './runtime/format';
import type { Runtime } from './runtime/runtime';

export const CUSTOM_REQUESTS = ['vmcs', 'pageTables', 'pageWalk', 'translationCache', 'exitLog'];

const NO_MONITOR = 'the guest runs natively (monitor "native"): there is no monitor, so no';

function monitorOf(rt: Runtime): string {
  const m = rt.options.monitor ?? 'native';
  // `auto` picks native for every guest until the monitors exist (the runtime refuses the others)
  return m === 'auto' ? 'native' : m;
}

/** "32_BIT_GUEST_STATE_FIELDS" → "32-bit guest-state fields". */
export function vmcsGroupTitle(id: string): string {
  const [, width, rest] = /^(16_BIT|32_BIT|64_BIT|NATURAL_WIDTH)_(.*)$/.exec(id) ?? [, '', id];
  const kind = rest.toLowerCase().replace('guest_state', 'guest-state').replace('host_state', 'host-state').replace('read_only', 'read-only').replace(/_/g, ' ');
  const w = width === 'NATURAL_WIDTH' ? 'Natural-width' : width.replace('_BIT', '-bit');
  return w ? `${w} ${kind}` : kind;
}

const WIDTH_DIGITS: Record<VmcsWidth, number> = { '16': 4, '32': 8, '64': 16, natural: 8 };

/**
 * The VMCS in the SDM's groups (vol. 3C, appendix B; the field table is in encoding order, which
 * is the appendix's order), from a reader that gives a field's value or undefined where the
 * processor model does not support it.
 */
export function vmcsGroups(read: (encoding: number) => bigint | number | undefined): VmcsGroup[] {
  const groups = new Map<string, VmcsGroup>();
  for (const f of [...VMCS_FIELDS].sort((a, b) => a.encoding - b.encoding)) {
    const v = read(f.encoding);
    if (v === undefined) continue;
    let g = groups.get(f.group);
    if (!g) groups.set(f.group, (g = { id: f.group, title: vmcsGroupTitle(f.group), fields: [] }));
    g.fields.push({ name: f.name, encoding: hex(f.encoding, 4), width: f.width, value: `0x${v.toString(16).padStart(WIDTH_DIGITS[f.width], '0')}` });
  }
  return [...groups.values()];
}

function vmcs(rt: Runtime): VmcsAnswer {
  return { monitor: monitorOf(rt), available: false, groups: [], message: `${NO_MONITOR} VMCS (VT-x keeps one per virtual CPU: use monitor "vtx")` };
}

function pageTables(rt: Runtime): PageTablesAnswer {
  return {
    monitor: monitorOf(rt),
    mmu: null,
    guest: guestRegions(rt.cpu, rt.session.pc.memory),
    shadow: null,
    ept: null,
    message: 'no shadow page tables or EPT natively: the guest\'s tables are the ones the CPU walks, and guest-physical is machine-physical',
  };
}

function pageWalk(rt: Runtime, args: unknown): PageWalkAnswer {
  const a = (args ?? {}) as { address?: unknown };
  if (typeof a.address !== 'string' && typeof a.address !== 'number') throw new Error('pageWalk needs an address: a number or an expression such as 0x40000000, eip or a label');
  const linear = typeof a.address === 'number' ? a.address : compile(a.address).evaluate(rt.evalContext);
  return walk(rt.cpu, rt.session.pc.memory, linear);
}

/** An optional non-negative whole-number argument. */
function whole(args: unknown, name: string): number | undefined {
  const v = (args as Record<string, unknown> | undefined)?.[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new Error(`'${name}' must be a whole number`);
  return v;
}

function translationCache(rt: Runtime, args: unknown): TranslationCacheAnswer {
  whole(args, 'block'); // checked now; selects one block once a translation cache exists
  return {
    monitor: monitorOf(rt), available: false, blocks: [], stats: { blocks: 0, hits: 0, misses: 0, invalidations: 0 },
    message: `${NO_MONITOR} translation cache (only binary translation keeps one: use monitor "bt")`,
  };
}

function exitLog(rt: Runtime, args: unknown): ExitLogAnswer {
  whole(args, 'limit'); // checked now; keeps the newest entries once a monitor logs exits
  return { monitor: monitorOf(rt), available: false, exits: [], histogram: {}, message: `${NO_MONITOR} VM exits (they happen under monitor "vtx")` };
}

export function customRequest(command: string, rt: Runtime, args: unknown): unknown {
  if (rt.state === 'running') throw new Error('the guest is running: pause it first');
  switch (command) {
    case 'vmcs':
      return vmcs(rt);
    case 'translationCache':
      return translationCache(rt, args);
    case 'exitLog':
      return exitLog(rt, args);
    case 'pageTables':
      return pageTables(rt);
    case 'pageWalk':
      return pageWalk(rt, args);
  }
  throw new Error(`unknown request '${command}'`);
}
