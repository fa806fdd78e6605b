// Prefix words written before a mnemonic, sorted into NASM's prefix groups.

import { SEG } from '../../arch/registers';
import { PrefixWord } from '../operands';

export interface Prefixes {
  rep?: number;
  /** How the REP-group prefix was written (for messages). */
  repWord?: PrefixWord;
  lock: boolean;
  seg?: number;
  osize?: 16 | 32;
  asize?: 16 | 32;
}

const REP: Partial<Record<PrefixWord, number>> = { rep: 0xf3, repe: 0xf3, repz: 0xf3, repne: 0xf2, repnz: 0xf2 };
const SIZES: Partial<Record<PrefixWord, ['osize' | 'asize', 16 | 32]>> = {
  o16: ['osize', 16], o32: ['osize', 32], a16: ['asize', 16], a32: ['asize', 32],
};

export function parsePrefixes(words: readonly PrefixWord[]): Prefixes | { error: string } {
  const p: Prefixes = { lock: false };
  const conflict = { error: 'instruction has conflicting prefixes' };
  for (const w of words) {
    const rep = REP[w];
    const size = SIZES[w];
    if (rep !== undefined) {
      if (p.rep !== undefined && p.rep !== rep) return conflict;
      p.rep = rep;
      p.repWord = w;
    } else if (size) {
      const [field, bits] = size;
      if (p[field] !== undefined && p[field] !== bits) return conflict;
      p[field] = bits;
    } else if (w === 'lock') {
      p.lock = true;
    } else {
      const seg = SEG[w as keyof typeof SEG];
      if (p.seg !== undefined && p.seg !== seg) return conflict;
      p.seg = seg;
    }
  }
  return p;
}
