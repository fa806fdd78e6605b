// The answers of the adapter's custom requests: the one place their shapes are written down.
// The adapter builds them (custom-requests.ts) and the extension's views render them
// (src/extension/views/), importing these types only, so nothing of the adapter is bundled.
//
// Addresses and values are hex strings ("0x00200000"): JSON has no 64-bit integers and the
// views show hex anyway. Every answer names the monitor the guest runs under; where the running
// mode has no such thing (no VMCS natively, ...) `available` is false and `message` says why.

/** The fields every monitor-state answer carries. */
export interface MonitorAnswer {
  /** The launch's monitor: native, trap, bt, pv, vtx (auto resolved). */
  monitor: string;
  /** False when the running mode has no such state; `message` then says why. */
  available: boolean;
  message?: string;
}

// ---- vmcs ----------------------------------------------------------------------------------

/** `vmcs` (no arguments): the current VMCS, field by field, in the SDM's groups (vol. 3C, app. B). */
export interface VmcsAnswer extends MonitorAnswer {
  groups: VmcsGroup[];
}

export interface VmcsGroup {
  /** The SDM's group, e.g. 32_BIT_GUEST_STATE_FIELDS. */
  id: string;
  /** For display: "32-bit guest-state fields". */
  title: string;
  fields: VmcsFieldValue[];
}

export interface VmcsFieldValue {
  /** Unique field name (GUEST_/HOST_ in front of state fields), as src/arch/vmx/vmcs.ts names it. */
  name: string;
  encoding: string;
  width: '16' | '32' | '64' | 'natural';
  value: string;
}

// ---- pageTables ----------------------------------------------------------------------------

/** The flags of one paging-structure entry: W, U, PWT, PCD, A, D, G, PS (P is implied). */
export type PageFlags = string[];

/** One level of a translation: the entry that maps it and its own flags. */
export interface PagingLevel {
  level: 'PDE' | 'PTE';
  flags: PageFlags;
}

/** A run of pages mapping contiguous linear addresses to contiguous physical ones, same flags at every level. */
export interface GuestRegion {
  /** Guest-virtual (linear) start. */
  virtual: string;
  /** Guest-physical start. */
  physical: string;
  /** Machine-physical start: what the host really uses. Natively the same as `physical`; null when the monitor maps none. */
  machine: string | null;
  size: number;
  pageSize: 4096 | 4194304;
  /** The rights that apply (W and U of every level), and the last level's A, D, G, PS. */
  flags: PageFlags;
  levels: PagingLevel[];
  /** Set when the monitor's tables (shadow or EPT) disagree with the guest's for this region. */
  disagreement?: string;
}

export interface GuestPageTables {
  mode: 'guest';
  paging: boolean;
  cr3: string;
  pse: boolean;
  regions: GuestRegion[];
  /** True when the region list was cut short (more than 4096 regions). */
  truncated: boolean;
  /** Set when paging is off. */
  message?: string;
}

/** A second-level mapping the monitor keeps: shadow (virtual → machine) or EPT (guest-physical → machine). */
export interface SecondLevelRegion {
  /** Virtual for shadow tables, guest-physical for EPT. */
  from: string;
  machine: string;
  size: number;
  flags: PageFlags;
}

export interface SecondLevelTables {
  /** The root: the shadow CR3 or the EPTP. */
  root: string;
  regions: SecondLevelRegion[];
}

/** `pageTables` (no arguments): the guest's own tables beside the monitor's. */
export interface PageTablesAnswer {
  monitor: string;
  /** How the monitor virtualizes memory; null natively (guest-physical is machine-physical). */
  mmu: 'shadow' | 'ept' | null;
  guest: GuestPageTables;
  shadow: SecondLevelTables | null;
  ept: SecondLevelTables | null;
  /** Why shadow and ept are null, when they are. */
  message?: string;
}

// ---- pageWalk ------------------------------------------------------------------------------

/** `pageWalk` { address: expression } — one linear address through each level of the guest's tables. */
export interface PageWalkAnswer {
  /** The linear address walked. */
  address: string;
  paging: boolean;
  steps: PageWalkStep[];
  /** Guest-physical result, or null when the address is not mapped. */
  physical: string | null;
  /** Machine-physical result (natively the guest-physical one). */
  machine: string | null;
  /** One line saying how the walk ended. */
  summary: string;
}

export interface PageWalkStep {
  level: 'CR3' | 'PDE' | 'PTE' | 'page';
  /** The entry's index in its table (PDE and PTE). */
  index?: number;
  /** Guest-physical address of the entry (PDE, PTE) or the table base (CR3). */
  at: string;
  /** The entry's raw value (CR3's value for CR3). */
  value: string;
  present: boolean;
  flags: PageFlags;
  /** A one-line reading of the step. */
  text: string;
}

// ---- translationCache ----------------------------------------------------------------------

/** A guest location: linear address and, when the program's line table knows it, the source line. */
export interface GuestLocation {
  address: string;
  /** Absolute path of the source file and its 1-based line. */
  source?: { path: string; line: number };
}

export interface TranslatedBlock {
  id: number;
  /** Guest-linear range [start, end). */
  start: string;
  end: string;
  executions: number;
  /** Ids of the blocks this one is chained to. */
  successors: number[];
  location: GuestLocation;
  /** The guest's instructions, as the disassembler shows them. */
  guest: { address: string; text: string }[];
  /** The translated form: IDENT copies, and the replacement sequences and call-outs. */
  translated: { text: string; kind: 'ident' | 'translated' | 'callout' }[];
}

/** `translationCache` { block?: id }: every block (or only that one) and the cache's counters. */
export interface TranslationCacheAnswer extends MonitorAnswer {
  blocks: TranslatedBlock[];
  stats: { blocks: number; hits: number; misses: number; invalidations: number };
}

// ---- exitLog -------------------------------------------------------------------------------

export interface VmExit {
  /** 0-based position in the whole log (older entries may have been dropped). */
  index: number;
  /** Short name as shared/data/vmx/vmx_exit_reasons.json spells it: CPUID, HLT, IO_INSTR, ... */
  reason: string;
  reasonNumber: number;
  qualification: string;
  /** Where the guest was (the exiting instruction). */
  location: GuestLocation;
  /** Guest instructions retired when it happened. */
  instructions: number;
}

/** `exitLog` { limit?: n }: the most recent exits (all by default) and the count by reason over the whole run. */
export interface ExitLogAnswer extends MonitorAnswer {
  exits: VmExit[];
  histogram: Record<string, number>;
}
