// Sections of NASM's bin format: .text comes first at the origin, then the other progbits
// sections in the order they were first named, then the nobits ones; each starts at a multiple
// of its alignment (4 unless `align=` or an ALIGN inside it asks for more).

export interface Section {
  name: string;
  index: number;
  nobits: boolean;
  align: number;
  /** ABSOLUTE space (also STRUC): no bytes, addresses from this start, labels are plain numbers. */
  absolute?: number;
}

const DEFAULT_ALIGN = 4;

export class SectionTable {
  readonly list: Section[] = [];

  constructor() {
    this.get('.text');
  }

  get(name: string): Section {
    let s = this.list.find((x) => x.name === name && x.absolute === undefined);
    if (s === undefined) {
      s = { name, index: this.list.length, nobits: name === '.bss', align: DEFAULT_ALIGN };
      this.list.push(s);
    }
    return s;
  }

  /** A new ABSOLUTE space starting at `start`. */
  absolute(start: number): Section {
    const s: Section = { name: '[absolute]', index: this.list.length, nobits: true, align: 1, absolute: start };
    this.list.push(s);
    return s;
  }

  /** Layout order: .text, then progbits, then nobits, each group in order of first use. */
  order(): Section[] {
    const [text, ...rest] = this.list.filter((s) => s.absolute === undefined);
    return [text, ...rest.filter((s) => !s.nobits), ...rest.filter((s) => s.nobits)];
  }

  /** Start address of every section, given their sizes. */
  layout(origin: number, sizes: number[]): number[] {
    const starts = this.list.map((s) => s.absolute ?? origin);
    let at = origin;
    this.order().forEach((s, k) => {
      if (k > 0) at = alignUp(at, s.align);
      starts[s.index] = at;
      at += sizes[s.index] ?? 0;
    });
    return starts;
  }
}

export function alignUp(n: number, a: number): number {
  const r = n % a;
  return r === 0 ? n : n + a - r;
}
