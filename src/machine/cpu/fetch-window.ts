// The page of decoded instructions that CS:EIP last ran from, kept with what made it reachable
// (CS, CPL, the MMU's and the decode cache's generations), so that fetching the next
// instruction from the same page costs a few comparisons instead of a segment check, a
// translation and a cache lookup. Any change to one of those closes it, and fetch goes the
// long way again (cpu.ts). The window only opens on a page that lies wholly within CS's limit,
// and cached instructions never cross a page, so every instruction it finds passes the limit
// check. After a plain instruction (executable.ts) only the MMU's generation is compared again:
// such an instruction changes neither CS nor CPL, and its writes only drop cached instructions
// in place (the view epoch may move under it, through copy-on-write or a new write-watch, but
// no code bytes change). Everything is compared whenever anything else may have run.

import { DecodeCache } from './decode-cache';
import type { Cpu } from './cpu';
import { Executable } from './executable';
import { Seg } from './state';

const PAGE = 0x1000;

export class FetchWindow {
  private page: (Executable | undefined)[] | undefined = undefined;
  /** The EIP at which the page starts. */
  private eipBase = 0;
  private csBase = 0;
  private csLimit = 0;
  private csAr = 0;
  private cpl = 0;
  private mmuGeneration = 0;
  private cacheGeneration = 0;

  /**
   * The instruction cached at CS:EIP if the window still holds it, else undefined.
   * `afterPlain`: only a plain instruction ran since the last find (the run loop knows).
   */
  find(cpu: Cpu, cache: DecodeCache, afterPlain: boolean): Executable | undefined {
    const page = this.page;
    const offset = cpu.eip - this.eipBase;
    if (page === undefined || offset < 0 || offset >= PAGE) return undefined;
    if (cpu.mmu.generation !== this.mmuGeneration || (!afterPlain && !this.holds(cpu, cache))) {
      this.page = undefined;
      return undefined;
    }
    return page[offset];
  }

  /** Whether CS, CPL and the decode cache's pages are as the window was opened with. */
  private holds(cpu: Cpu, cache: DecodeCache): boolean {
    const cs = cpu.segs[Seg.CS];
    return cs.base === this.csBase && cs.limit === this.csLimit && cs.ar === this.csAr && cpu.cpl === this.cpl &&
      cache.holds(this.cacheGeneration);
  }

  /** After a fetch through the cache at CS:EIP, linear address `linear`: opens the window on its page if it may. */
  open(cpu: Cpu, cache: DecodeCache, linear: number): void {
    const cs = cpu.segs[Seg.CS];
    const eipBase = cpu.eip - (linear & (PAGE - 1));
    const top = cs.big ? cs.limit : Math.min(cs.limit, 0xffff);
    const page = cache.currentPage();
    if (page === undefined || eipBase < 0 || eipBase + PAGE - 1 > top) {
      this.page = undefined;
      return;
    }
    this.page = page;
    this.eipBase = eipBase;
    this.csBase = cs.base;
    this.csLimit = cs.limit;
    this.csAr = cs.ar;
    this.cpl = cpu.cpl;
    this.mmuGeneration = cpu.mmu.generation;
    this.cacheGeneration = cache.currentGeneration;
  }
}
