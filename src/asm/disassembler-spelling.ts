// Other spellings of a decoded form, found in the table: the mnemonic that states the operand
// size (66 C3 is `retw`), the plain one at the default size (`pusha`, `popf`, `iret`), and the
// one that names LOOP's counter register when the address size is not the default.

import { InstructionForm } from '../arch/forms';
import { FORMS } from '../arch/instructions';

/** Forms that encode alike, whatever their operand size. */
function encodingKey(f: InstructionForm): string {
  return [f.opcode.join(), f.opcodeReg, f.modrm, f.mandatoryPrefix, f.asize, f.operands.join()].join('|');
}

const SIZED = new Map<string, string>();
const PLAIN = new Map<number, string>();
const COUNTER = new Map<string, InstructionForm>();
const byEncoding = new Map<string, InstructionForm[]>();
const byOpcode = new Map<string, InstructionForm[]>();
for (const f of FORMS) {
  for (const [map, key] of [[byEncoding, encodingKey(f)], [byOpcode, `${f.mnemonic} ${f.opcode.join()}`]] as const) {
    const list = map.get(key) ?? [];
    list.push(f);
    map.set(key, list);
  }
}
for (const f of FORMS) {
  for (const g of byEncoding.get(encodingKey(f))!) {
    if (g === f) continue;
    const key = `${f.id}/${g.osize}`;
    if (f.osize === undefined && g.osize !== undefined && !SIZED.has(key)) SIZED.set(key, g.mnemonic);
    if (f.osize !== undefined && g.osize === undefined && f.operands.length === 0 && g.flags.has('nd')) PLAIN.set(f.id, g.mnemonic);
  }
  if (f.asize !== undefined) continue;
  for (const g of byOpcode.get(`${f.mnemonic} ${f.opcode.join()}`)!) {
    if (g.asize !== undefined && g.operands.length === f.operands.length + 1 && g.roles[g.roles.length - 1] === '-') {
      COUNTER.set(`${f.id}/${g.asize}`, g);
    }
  }
}

/** For a form without an operand size: the mnemonic that states `size`. */
export function sizedSpelling(form: InstructionForm, size: number): string | undefined {
  return SIZED.get(`${form.id}/${size}`);
}

/** For a form with an operand size and no operands: the mnemonic used at the default size. */
export function plainSpelling(form: InstructionForm): string | undefined {
  return PLAIN.get(form.id);
}

/** The form that adds the counter register at an address size (`loop x,ecx`). */
export function counterSpelling(form: InstructionForm, addressSize: number): InstructionForm | undefined {
  return COUNTER.get(`${form.id}/${addressSize}`);
}
