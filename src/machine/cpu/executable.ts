// A decoded instruction with its handler, paired once when it is decoded: the execution loop
// then reaches both through one object, without going through the table form each time. The
// handler is one made for the instruction when exec/specialize.ts has one for its form.

import { DecodedInstruction } from '../../arch/decoder';
import { HANDLER_BY_FORM } from './exec/dispatch';
import { Handler } from './exec/handler';
import { specialize } from './exec/specialize';

export class Executable {
  /** Undefined for invalid bytes and for forms the CPU does not implement (#UD). */
  readonly handler: Handler | undefined;
  readonly length: number;

  constructor(readonly insn: DecodedInstruction) {
    const general = insn.form === null ? undefined : HANDLER_BY_FORM[insn.form.id];
    this.handler = general === undefined ? undefined : specialize(insn) ?? general;
    this.length = insn.length;
  }
}
