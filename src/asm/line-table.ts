// Debug information the assembler hands to the debugger and the language server.

/** One statement that produced bytes: address (with the origin applied) to source line. */
export interface LineEntry {
  address: number;
  length: number;
  file: string;
  line: number;
}

export interface SymbolEntry {
  name: string;
  value: number;
  kind: 'label' | 'equ';
  file: string;
  line: number;
}

/** The entry whose bytes hold an address, by binary search (entries are sorted by address). */
export function lineAt(table: readonly LineEntry[], address: number): LineEntry | undefined {
  let lo = 0;
  let hi = table.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const e = table[mid];
    if (address < e.address) hi = mid - 1;
    else if (address >= e.address + e.length) lo = mid + 1;
    else return e;
  }
  return undefined;
}
