// The program's names: by name for expressions and function breakpoints, and the nearest label at
// or below an address for stack frames and the disassembly.

import type { GuestSymbol } from '../../src/machine/boot/program';
import { lineAt, LineEntry } from '../../src/asm/line-table';

export class SymbolTable {
  private readonly byName = new Map<string, number>();
  /** Labels sorted by address (constants from EQU left out when the line table says where code is). */
  private readonly sorted: GuestSymbol[];

  /**
   * `symbols` by name are the program's own values (for expressions); `placed` are the same at
   * their linear addresses (placement.ts), for naming addresses.
   */
  constructor(symbols: readonly GuestSymbol[], placed: readonly GuestSymbol[], private readonly lineTable: readonly LineEntry[]) {
    for (const s of symbols) if (!this.byName.has(s.name)) this.byName.set(s.name, s.value >>> 0);
    const labels = lineTable.length === 0 ? placed : placed.filter((s) => this.isPlaced(s.value >>> 0));
    this.sorted = [...labels].sort((a, b) => (a.value >>> 0) - (b.value >>> 0));
  }

  get(name: string): number | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  /** Address to name for the disassembler (labels only). */
  addressMap(): Map<number, string> {
    const m = new Map<number, string>();
    for (const s of this.sorted) if (!m.has(s.value >>> 0)) m.set(s.value >>> 0, s.name);
    return m;
  }

  /** `label` or `label+0x12` for an address, when a label is at most 64 KiB below it. */
  describe(address: number): string | undefined {
    let lo = 0;
    let hi = this.sorted.length - 1;
    let best: GuestSymbol | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid].value >>> 0 <= address) {
        best = this.sorted[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (best === undefined || address - (best.value >>> 0) >= 0x10000) return undefined;
    const off = address - (best.value >>> 0);
    return off === 0 ? best.name : `${best.name}+0x${off.toString(16)}`;
  }

  private isPlaced(address: number): boolean {
    if (lineAt(this.lineTable, address) !== undefined) return true;
    const last = this.lineTable[this.lineTable.length - 1];
    return address >= this.lineTable[0].address && address <= last.address + last.length;
  }
}
