// Lookup tables built from FORMS at load time: for each opcode map (one-byte, 0F, 0F 38) and
// opcode byte, the form chosen for every combination of mandatory prefix, operand size,
// address size, ModRM.reg and register-or-memory ModRM.rm.

import { InstructionForm } from '../forms';
import { FORMS } from '../instructions';
import { FormPlan, planForm } from './plan';

/** Which of the prefixes that can be part of an opcode is present: none, 66, F2, F3. */
export const PFX_NONE = 0;
export const PFX_66 = 1;
export const PFX_F2 = 2;
export const PFX_F3 = 3;
const PFX_BYTE = [0, 0x66, 0xf2, 0xf3];

/** slot = ((pfx * 2 + o32) * 2 + a32) * 16 + reg * 2 + isReg */
export function slotOf(pfx: number, o32: number, a32: number, reg: number, isReg: number): number {
  return (((pfx << 1 | o32) << 1 | a32) << 4) | (reg << 1) | isReg;
}

export interface FixedByteForm {
  byte: number;
  form: InstructionForm;
}

export interface OpcodeEntry {
  hasModrm: boolean;
  /** Forms whose opcode ends in a fixed byte where a ModRM or immediate would be (0F 01 C1, D4 0A). */
  fixed: FixedByteForm[];
  /** The form chosen in each slot, or null with the reason in `reasons`. */
  forms: (InstructionForm | null)[];
  reasons: (string | null)[];
}

export const PLANS: readonly FormPlan[] = FORMS.map(planForm);
export const LOCKABLE: readonly boolean[] = FORMS.map((f) => f.flags.has('lock'));

/** MAPS[0] one-byte opcodes, MAPS[1] 0F xx, MAPS[2] 0F 38 xx; undefined where no form exists. */
export const MAPS: (OpcodeEntry | undefined)[][] = [0, 1, 2].map(() => new Array<OpcodeEntry | undefined>(256).fill(undefined));

function mapOf(opcode: readonly number[]): [number, number, number[]] {
  if (opcode[0] !== 0x0f) return [0, opcode[0], opcode.slice(1)];
  if (opcode[1] === 0x38) return [2, opcode[2], opcode.slice(3)];
  return [1, opcode[1], opcode.slice(2)];
}

/** Whether a form fits the prefixes and sizes of a slot, ignoring ModRM. */
export function fitsSizes(form: InstructionForm, pfx: number, o32: number, a32: number): boolean {
  if (form.mandatoryPrefix !== undefined && form.mandatoryPrefix !== PFX_BYTE[pfx]) return false;
  // a mandatory 66 is not an operand-size prefix
  const osize = form.mandatoryPrefix === 0x66 ? undefined : form.osize;
  if (osize !== undefined && osize !== (o32 ? 32 : 16)) return false;
  return form.asize === undefined || form.asize === (a32 ? 32 : 16);
}

function preference(f: InstructionForm): number {
  return (f.mandatoryPrefix !== undefined ? 0 : 2) + (f.flags.has('nd') ? 1 : 0);
}

function sizedFirst(f: InstructionForm): number {
  return f.mandatoryPrefix !== undefined || (f.osize !== undefined && !f.flags.has('nd')) ? 0 : 1;
}

function build(): void {
  const candidates: InstructionForm[][][] = [[], [], []];
  const fixed: FixedByteForm[][][] = [[], [], []];
  for (const form of FORMS) {
    const [map, byte, rest] = mapOf(form.opcode);
    if (rest.length === 1 && !form.opcodeReg) {
      (fixed[map][byte] ??= []).push({ byte: rest[0], form });
      continue;
    }
    for (let r = 0; r < (form.opcodeReg ? 8 : 1); r++) (candidates[map][byte + r] ??= []).push(form);
  }
  for (let map = 0; map < 3; map++) {
    for (let byte = 0; byte < 256; byte++) {
      const list = (candidates[map][byte] ?? []).slice().sort((a, b) => preference(a) - preference(b) || a.id - b.id);
      const fixedList = fixed[map][byte] ?? [];
      if (list.length === 0 && fixedList.length === 0) continue;
      MAPS[map][byte] = makeEntry(list, fixedList);
    }
  }
}

function makeEntry(list: InstructionForm[], fixedList: FixedByteForm[]): OpcodeEntry {
  const hasModrm = list.some((f) => f.modrm !== undefined);
  const forms: (InstructionForm | null)[] = new Array(256).fill(null);
  const reasons: (string | null)[] = new Array(256).fill(null);
  for (let pfx = 0; pfx < 4; pfx++) {
    for (let o32 = 0; o32 < 2; o32++) {
      for (let a32 = 0; a32 < 2; a32++) {
        for (let reg = 0; reg < 8; reg++) {
          for (let isReg = 0; isReg < 2; isReg++) {
            const slot = slotOf(pfx, o32, a32, reg, isReg);
            let wrongKind = false;
            // after a 66 prefix a form that states the operand size comes first (66 90 is XCHG AX,AX)
            const ordered = pfx === PFX_66 ? [...list].sort((a, b) => sizedFirst(a) - sizedFirst(b)) : list;
            for (const f of ordered) {
              if (!fitsSizes(f, pfx, o32, a32)) continue;
              if (typeof f.modrm === 'number' && f.modrm !== reg) continue;
              if (f.modrm !== undefined) {
                const plan = PLANS[f.id];
                if (!(isReg ? plan.rmAllowsReg : plan.rmAllowsMem)) {
                  wrongKind = true;
                  continue;
                }
              }
              forms[slot] = f;
              break;
            }
            if (!forms[slot]) reasons[slot] = wrongKind ? (isReg ? 'register operand where memory is required' : 'memory operand where a register is required') : 'undefined opcode';
          }
        }
      }
    }
  }
  return { hasModrm, fixed: fixedList, forms, reasons };
}

build();
