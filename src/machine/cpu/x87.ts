// The x87 FPU is absent: CPUID.1:EDX.FPU is 0 (exec/identity.ts), and the escape opcodes
// D8-DF, which the instruction table leaves undefined, are handled here as a processor without
// a floating-point unit handles them (SDM vol. 3, 2.5 on CR0.EM/MP/TS and table 2-2; the #NM
// description in 6.15; WAIT/FWAIT itself is in exec/data-transfer.ts):
//   - CR0.EM = 1 (no FPU, emulate it): #NM, whatever TS says, so an emulator can take over;
//   - CR0.TS = 1: #NM (the FPU context belongs to another task);
//   - EM = 0 and TS = 0: the SDM says EM "must be set" without an FPU and defines no
//     exception for this case. Nothing answers the escape, so it does nothing: no register,
//     flag or memory changes, and execution goes on after it (with its ModRM, SIB and
//     displacement). This is what FPU detection relies on (FNINIT; FNSTSW to a word preset
//     to a non-zero value; a word left unchanged means no FPU), and it is never #UD.

import { CpuFault, Vector } from './faults';

const CR0_EM = 1 << 2;
const CR0_TS = 1 << 3;

const ESC_FIRST = 0xd8;
const ESC_LAST = 0xdf;
const ADDRESS_SIZE_PREFIX = 0x67;
const LOCK_PREFIX = 0xf0;
const MAX_LENGTH = 15;

/** Reads the instruction's byte at an offset from its first byte (prefixes included). */
export type InstructionByte = (offset: number) => number;

/**
 * When the bytes at the instruction start (`prefixCount` prefixes, then the opcode) are an
 * ESC instruction, raises #NM as CR0 says or returns its length; undefined when they are not
 * (or carry LOCK): the caller raises #UD.
 */
export function absentFpuEscape(cr0: number, byteAt: InstructionByte, prefixCount: number, big: boolean): number | undefined {
  const opcode = byteAt(prefixCount);
  if (opcode < ESC_FIRST || opcode > ESC_LAST) return undefined;
  let a32 = big;
  for (let i = 0; i < prefixCount; i++) {
    const prefix = byteAt(i);
    if (prefix === LOCK_PREFIX) return undefined; // LOCK on an escape is #UD, as on any non-lockable opcode
    if (prefix === ADDRESS_SIZE_PREFIX) a32 = !big;
  }
  // Fetching and decoding come first: their faults (#PF, #GP past CS or 15 bytes) win over #NM.
  const withinLimit: InstructionByte = (offset) => {
    if (offset >= MAX_LENGTH) throw new CpuFault(Vector.GP, 0);
    return byteAt(offset);
  };
  const length = prefixCount + 1 + modrmLength(withinLimit, prefixCount + 1, a32);
  if (length > MAX_LENGTH) throw new CpuFault(Vector.GP, 0);
  if ((cr0 & (CR0_EM | CR0_TS)) !== 0) throw new CpuFault(Vector.NM);
  return length;
}

/** Bytes taken by the ModRM byte at `at` and the SIB byte and displacement it calls for. */
function modrmLength(byteAt: InstructionByte, at: number, a32: boolean): number {
  const modrm = byteAt(at);
  const mod = modrm >>> 6;
  const rm = modrm & 7;
  if (mod === 3) return 1;
  if (!a32) return 1 + (mod === 1 ? 1 : mod === 2 || (mod === 0 && rm === 6) ? 2 : 0);
  let length = 1;
  let base = rm;
  if (rm === 4) {
    base = byteAt(at + 1) & 7;
    length++;
  }
  return length + (mod === 1 ? 1 : mod === 2 || (mod === 0 && base === 5) ? 4 : 0);
}
