// Memory operands from ModRM (and SIB): 16- and 32-bit addressing, displacements, and the
// segment that applies (the override, else SS for BP/EBP/ESP bases, else DS).

import { SEG } from '../registers';
import { byte, dword, Fetch, word } from './reader';
import { DecodedInstruction, DecodedOperand } from './types';

// 16-bit ModRM.rm: base and index registers (BX=3, BP=5, SI=6, DI=7)
const BASE16 = [3, 3, 5, 5, -1, -1, 5, 3];
const INDEX16 = [6, 7, 6, 7, 6, 7, -1, -1];

export function memory(fetch: Fetch, insn: DecodedInstruction, modrm: number, size: number): DecodedOperand {
  const op = new DecodedOperand('mem', size);
  const mod = modrm >> 6;
  const rm = modrm & 7;
  let ss: boolean;
  if (insn.addressSize === 32) {
    let base = rm;
    if (rm === 4) {
      const sib = byte(fetch);
      insn.sib = sib;
      base = sib & 7;
      const index = (sib >> 3) & 7;
      if (index !== 4) {
        op.index = index;
        op.scale = 1 << (sib >> 6);
      }
    }
    if (mod === 0 && base === 5) {
      base = -1;
      insn.dispBytes = 4;
      op.disp = dword(fetch);
    } else if (mod === 1) {
      insn.dispBytes = 1;
      op.disp = (byte(fetch) << 24) >> 24;
    } else if (mod === 2) {
      insn.dispBytes = 4;
      op.disp = dword(fetch) | 0;
    }
    op.base = base;
    ss = base === 4 || base === 5;
  } else {
    if (mod === 0 && rm === 6) {
      insn.dispBytes = 2;
      op.disp = word(fetch);
    } else {
      op.base = BASE16[rm];
      op.index = INDEX16[rm];
      if (mod === 1) {
        insn.dispBytes = 1;
        op.disp = (byte(fetch) << 24) >> 24;
      } else if (mod === 2) {
        insn.dispBytes = 2;
        op.disp = (word(fetch) << 16) >> 16;
      }
    }
    ss = op.base === 5;
  }
  op.seg = insn.segment >= 0 ? insn.segment : ss ? SEG.ss : SEG.ds;
  return op;
}
