// Code breakpoints: source lines resolved through the assembler's line table, labels, and raw
// addresses, each with an optional condition, hit condition and log message. The table keeps
// them by linear address, with a per-page count so the per-instruction check is one array read.

import * as path from 'node:path';
import type { LineEntry } from '../../src/asm/assembler';
import { compileRules, HitRules, HitRuleSpec } from './hit-rules';

export type BreakpointKind = 'source' | 'function' | 'instruction';

export type BreakpointSpec = HitRuleSpec;

export interface CodeBreakpoint extends HitRules {
  kind: BreakpointKind;
  /** Linear addresses it stops at (a macro line can have several); empty when unresolved. */
  addresses: number[];
  verified: boolean;
  message?: string;
  file?: string;
  line?: number;
}

let nextId = 1;

const BLOCK = 0x1000;
/** Pages with breakpoints the fast filter covers (16 MiB of blocks at most). */
const MAX_BLOCKS = 4096;

/** Compiles the parts of a breakpoint; a mistake makes it unverified with the reason. */
function make(kind: BreakpointKind, spec: BreakpointSpec): CodeBreakpoint {
  const bp: CodeBreakpoint = { id: nextId++, kind, addresses: [], verified: false, hits: 0 };
  bp.message = compileRules(bp, spec);
  return bp;
}

export const samePath = (a: string, b: string) => path.resolve(a) === path.resolve(b);

export class BreakpointTable {
  private readonly bySource = new Map<string, CodeBreakpoint[]>();
  private functions: CodeBreakpoint[] = [];
  private instructions: CodeBreakpoint[] = [];
  readonly byAddress = new Map<number, CodeBreakpoint[]>();
  /**
   * The per-instruction filter: for each 4 KiB linear page, the number of its block in `bits`
   * (0 for pages without breakpoints: block 0 stays all zeros). A block has a byte per page
   * offset, 1 where a breakpoint is, so one test decides: bits[(pages[linear >>> 12] << 12) |
   * (linear & 0xfff)]. Beyond MAX_BLOCKS pages with breakpoints the table overflows, and `has`
   * looks in the map instead.
   */
  private readonly pages = new Uint16Array(1 << 20);
  private bits = new Uint8Array(BLOCK);
  overflow = false;

  constructor(
    private readonly lineTable: readonly LineEntry[],
    /** A label's linear addresses (none when there is no such label). */
    private readonly symbol: (name: string) => number[],
  ) {}

  get count(): number {
    return this.byAddress.size;
  }

  setSource(file: string, lines: (BreakpointSpec & { line: number })[]): CodeBreakpoint[] {
    const key = path.resolve(file);
    const entries = this.lineTable.filter((e) => samePath(e.file, key));
    const bps = lines.map((spec) => {
      const bp = make('source', spec);
      bp.file = file;
      bp.line = spec.line;
      if (bp.message !== undefined) return bp;
      if (entries.length === 0) {
        bp.message = this.lineTable.length === 0 ? 'the program has no source lines (not assembled from source)' : `no code from ${path.basename(file)} in the program`;
        return bp;
      }
      // the requested line, else the nearest line after it with code, else the nearest before
      const after = entries.filter((e) => e.line >= spec.line).map((e) => e.line);
      const target = after.length > 0 ? Math.min(...after) : Math.max(...entries.map((e) => e.line));
      bp.line = target;
      // the first address of each run of the line's code (a macro line expands to several statements)
      const onLine = entries.filter((e) => e.line === target).sort((x, y) => x.address - y.address);
      const ends = new Set(onLine.map((e) => (e.address + e.length) >>> 0));
      bp.addresses = [...new Set(onLine.filter((e) => !ends.has(e.address >>> 0)).map((e) => e.address >>> 0))];
      bp.verified = true;
      return bp;
    });
    this.bySource.set(key, bps);
    this.rebuild();
    return bps;
  }

  setFunctions(specs: (BreakpointSpec & { name: string })[]): CodeBreakpoint[] {
    this.functions = specs.map((spec) => {
      const bp = make('function', spec);
      if (bp.message !== undefined) return bp;
      const addresses = this.symbol(spec.name);
      if (addresses.length === 0) bp.message = `no label '${spec.name}'`;
      else {
        bp.addresses = addresses;
        bp.verified = true;
        const entry = this.lineTable.find((e) => e.address === addresses[0]);
        if (entry) {
          bp.file = entry.file;
          bp.line = entry.line;
        }
      }
      return bp;
    });
    this.rebuild();
    return this.functions;
  }

  setInstructions(specs: (BreakpointSpec & { address: number })[]): CodeBreakpoint[] {
    this.instructions = specs.map((spec) => {
      const bp = make('instruction', spec);
      if (bp.message === undefined) {
        bp.addresses = [spec.address >>> 0];
        bp.verified = true;
      }
      return bp;
    });
    this.rebuild();
    return this.instructions;
  }

  all(): CodeBreakpoint[] {
    return [...[...this.bySource.values()].flat(), ...this.functions, ...this.instructions];
  }

  /** Whether a breakpoint is at a linear address. */
  has(linear: number): boolean {
    if (this.overflow) return this.byAddress.has(linear);
    return this.bits[(this.pages[linear >>> 12] << 12) | (linear & 0xfff)] !== 0;
  }

  private rebuild(): void {
    for (const a of this.byAddress.keys()) this.pages[a >>> 12] = 0;
    this.byAddress.clear();
    for (const bp of this.all()) {
      if (!bp.verified) continue;
      for (const a of bp.addresses) {
        const list = this.byAddress.get(a);
        if (list) list.push(bp);
        else this.byAddress.set(a, [bp]);
      }
    }
    const pageList = [...new Set([...this.byAddress.keys()].map((a) => a >>> 12))];
    this.overflow = pageList.length > MAX_BLOCKS;
    const blocks = this.overflow ? 0 : pageList.length;
    this.bits = new Uint8Array((blocks + 1) * BLOCK);
    if (this.overflow) return;
    pageList.forEach((page, i) => (this.pages[page] = i + 1));
    for (const a of this.byAddress.keys()) this.bits[(this.pages[a >>> 12] << 12) | (a & 0xfff)] = 1;
  }
}
