// The exception breakpoint filters of the interface contract, and their conditions.
// `guest-exception` narrows by vector (`#PF,#GP,13`); the monitor's filters (`vm-exit`,
// `hypercall`, `virtualization-hole`) are accepted and kept until a monitor reports such events.

import { VECTOR_MNEMONICS } from '../../src/machine/cpu/faults';

export const FILTERS = [
  { filter: 'guest-exception', label: 'Guest exceptions', description: 'Stop before the guest takes a processor exception (condition: vectors such as #PF,#GP,13)' },
  { filter: 'vm-exit', label: 'VM exits', description: 'Stop on a VM exit (condition: exit reasons such as CPUID,HLT or numbers)' },
  { filter: 'hypercall', label: 'Hypercalls', description: 'Stop when a paravirtualized guest makes a hypercall (condition: hypercall names)' },
  { filter: 'virtualization-hole', label: 'Virtualization holes', description: 'Stop on a sensitive instruction that did not trap (condition: mnemonics such as popf,sgdt)' },
] as const;

export type FilterId = (typeof FILTERS)[number]['filter'];

export const isFilterId = (id: string): id is FilterId => FILTERS.some((f) => f.filter === id);

const VECTOR_BY_NAME = new Map(Object.entries(VECTOR_MNEMONICS).map(([v, n]) => [n.replace('#', '').toUpperCase(), Number(v)]));

/** The vectors a `guest-exception` condition names; undefined for every vector. Throws on a bad name. */
export function parseVectors(condition: string | undefined): Set<number> | undefined {
  if (condition === undefined || condition.trim() === '') return undefined;
  const out = new Set<number>();
  for (const raw of condition.split(/[\s,]+/).filter((s) => s !== '')) {
    const name = raw.replace(/^#/, '').toUpperCase();
    const byName = VECTOR_BY_NAME.get(name);
    const n = /^(0x[0-9a-f]+|\d+)$/i.test(raw) ? Number(raw) : undefined;
    const v = byName ?? n;
    if (v === undefined || !Number.isInteger(v) || v < 0 || v > 31) {
      throw new Error(`'${raw}' is not an exception: use vectors 0-31 or mnemonics such as #PF, #GP, #UD`);
    }
    out.add(v);
  }
  return out;
}

/** A monitor filter's condition: names or numbers, kept as upper-case words. */
export function parseNames(condition: string | undefined): Set<string> | undefined {
  if (condition === undefined || condition.trim() === '') return undefined;
  return new Set(condition.split(/[\s,]+/).filter((s) => s !== '').map((s) => s.toUpperCase()));
}
