// The shape of an instruction handler. Handlers run with EIP already past the instruction;
// they raise faults by throwing CpuFault, and the loop restores EIP to the instruction's start.

import { DecodedInstruction } from '../../../arch/decoder';
import type { Cpu } from '../cpu';

export type Handler = (cpu: Cpu, insn: DecodedInstruction) => void;

/** Handlers of one instruction group, by mnemonic. */
export type HandlerGroup = Readonly<Record<string, Handler>>;
