// Processor exceptions as the CPU raises them internally. A fault is thrown from wherever it is
// detected (a memory access deep in an instruction) and caught by the execution loop, which
// delivers it through the IDT; throwing keeps the common path free of error checks.

/** Exception vectors (Intel SDM vol. 3, table 6-1). */
export const enum Vector {
  DE = 0, DB = 1, NMI = 2, BP = 3, OF = 4, BR = 5, UD = 6, NM = 7,
  DF = 8, TS = 10, NP = 11, SS = 12, GP = 13, PF = 14, MF = 16, AC = 17, MC = 18,
}

export const VECTOR_MNEMONICS: Record<number, string> = {
  0: '#DE', 1: '#DB', 2: 'NMI', 3: '#BP', 4: '#OF', 5: '#BR', 6: '#UD', 7: '#NM', 8: '#DF',
  10: '#TS', 11: '#NP', 12: '#SS', 13: '#GP', 14: '#PF', 16: '#MF', 17: '#AC', 18: '#MC',
};

/** Vectors that push an error code when raised as exceptions. */
const HAS_ERROR_CODE = new Set([8, 10, 11, 12, 13, 14, 17]);

export class CpuFault {
  constructor(
    readonly vector: number,
    readonly errorCode?: number,
    /** For #PF: the linear address, loaded into CR2 when the fault is delivered. */
    readonly address?: number,
  ) {}

  get hasErrorCode(): boolean {
    return HAS_ERROR_CODE.has(this.vector);
  }

  describe(): string {
    const name = VECTOR_MNEMONICS[this.vector] ?? `vector ${this.vector}`;
    const code = this.errorCode === undefined ? '' : `, error code 0x${this.errorCode.toString(16)}`;
    const cr2 = this.address === undefined ? '' : `, CR2=0x${(this.address >>> 0).toString(16).padStart(8, '0')}`;
    return `${name}${code}${cr2}`;
  }
}

export function fault(vector: number, errorCode?: number): never {
  throw new CpuFault(vector, errorCode);
}

/** Page-fault error code bits (SDM vol. 3, 4.7). */
export const enum PfError {
  Present = 1,
  Write = 2,
  User = 4,
  Reserved = 8,
}
