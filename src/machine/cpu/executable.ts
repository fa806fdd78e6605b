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
  /**
   * Whether the handler is a specialized one (specialize.ts): it changes neither CS nor CPL,
   * nor halts, nor touches EFLAGS' system flags, the interrupt shadow or the debug registers.
   */
  readonly plain: boolean;

  /** `big`: decoded as 32-bit code (CS.D), which also wraps EIP at 4 GiB rather than 64 KiB. */
  constructor(
    readonly insn: DecodedInstruction,
    readonly big: boolean,
  ) {
    const general = insn.form === null ? undefined : HANDLER_BY_FORM[insn.form.id];
    const special = general === undefined ? undefined : specialize(insn);
    this.handler = special ?? general;
    this.plain = special !== undefined;
    this.length = insn.length;
  }
}
