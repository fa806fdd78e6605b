// EFLAGS with lazy evaluation of the six arithmetic flags: an ALU operation records its
// operands and result, and CF/PF/AF/ZF/SF/OF are worked out only when something reads them
// (most results are overwritten before any flag is looked at).

export const enum F {
  CF = 1 << 0,
  PF = 1 << 2,
  AF = 1 << 4,
  ZF = 1 << 6,
  SF = 1 << 7,
  TF = 1 << 8,
  IF = 1 << 9,
  DF = 1 << 10,
  OF = 1 << 11,
  IOPL = 3 << 12,
  NT = 1 << 14,
  RF = 1 << 16,
  VM = 1 << 17,
  AC = 1 << 18,
  VIF = 1 << 19,
  VIP = 1 << 20,
  ID = 1 << 21,
}

/** The arithmetic flags, the ones kept lazily. */
export const ARITH_FLAGS = F.CF | F.PF | F.AF | F.ZF | F.SF | F.OF;

/** Bit 1 of EFLAGS always reads as 1. */
const FIXED_ONE = 1 << 1;

/** Flags an implementation of the 486 with CPUID lets software change. */
export const WRITABLE_FLAGS = F.CF | F.PF | F.AF | F.ZF | F.SF | F.TF | F.IF | F.DF | F.OF | F.IOPL | F.NT | F.RF | F.VM | F.AC | F.VIF | F.VIP | F.ID;

const enum Op {
  Explicit, // the arithmetic flags are in `explicit`
  Add,
  Adc, // add with carry-in 1
  Sub,
  Sbb, // subtract with borrow-in 1
  Logic,
  Inc,
  Dec,
}

const PARITY = new Uint8Array(256);
for (let i = 0; i < 256; i++) {
  let bits = 0;
  for (let b = i; b; b >>= 1) bits += b & 1;
  PARITY[i] = bits % 2 === 0 ? F.PF : 0;
}

export class Eflags {
  /** Every flag except the arithmetic ones (and with them when op is Explicit). */
  private other = FIXED_ONE;
  private explicit = 0;
  private op = Op.Explicit;
  private a = 0;
  private b = 0;
  private res = 0;
  private mask = -1;
  private sign = 1 << 31;
  /** CF before an INC or DEC, which leave it alone. */
  private carry = 0;

  get value(): number {
    return (this.other | this.arith()) >>> 0;
  }

  /** Replaces EFLAGS (callers apply the privilege rules of POPF/IRET before this). */
  set value(v: number) {
    this.op = Op.Explicit;
    this.explicit = v & ARITH_FLAGS;
    this.other = ((v & WRITABLE_FLAGS & ~ARITH_FLAGS) | FIXED_ONE) >>> 0;
  }

  /** Reads one non-arithmetic flag (IF, DF, TF, VM, NT, ...). */
  has(flag: F): boolean {
    return (this.other & flag) !== 0;
  }

  setFlag(flag: F, on: boolean): void {
    if (flag & ARITH_FLAGS) {
      const arith = this.arith();
      this.op = Op.Explicit;
      this.explicit = on ? arith | flag : arith & ~flag;
    } else {
      this.other = on ? this.other | flag : this.other & ~flag;
    }
  }

  get iopl(): number {
    return (this.other >>> 12) & 3;
  }

  get cf(): boolean {
    switch (this.op) {
      case Op.Add: return (this.res & this.mask) >>> 0 < (this.a & this.mask) >>> 0;
      case Op.Adc: return (this.res & this.mask) >>> 0 <= (this.a & this.mask) >>> 0;
      case Op.Sub: return (this.a & this.mask) >>> 0 < (this.b & this.mask) >>> 0;
      case Op.Sbb: return (this.a & this.mask) >>> 0 <= (this.b & this.mask) >>> 0;
      case Op.Logic: return false;
      case Op.Inc: case Op.Dec: return this.carry !== 0;
      default: return (this.explicit & F.CF) !== 0;
    }
  }

  get zf(): boolean {
    return this.op === Op.Explicit ? (this.explicit & F.ZF) !== 0 : (this.res & this.mask) === 0;
  }

  get sf(): boolean {
    return this.op === Op.Explicit ? (this.explicit & F.SF) !== 0 : (this.res & this.sign) !== 0;
  }

  get pf(): boolean {
    return this.op === Op.Explicit ? (this.explicit & F.PF) !== 0 : PARITY[this.res & 0xff] !== 0;
  }

  get af(): boolean {
    switch (this.op) {
      case Op.Explicit: return (this.explicit & F.AF) !== 0;
      case Op.Logic: return false;
      default: return ((this.a ^ this.b ^ this.res) & 0x10) !== 0;
    }
  }

  get of(): boolean {
    switch (this.op) {
      case Op.Add: case Op.Adc: case Op.Inc:
        return ((this.a ^ this.res) & (this.b ^ this.res) & this.sign) !== 0;
      case Op.Sub: case Op.Sbb: case Op.Dec:
        return ((this.a ^ this.b) & (this.a ^ this.res) & this.sign) !== 0;
      case Op.Logic: return false;
      default: return (this.explicit & F.OF) !== 0;
    }
  }

  /** Evaluates a condition code (the low nibble of Jcc, SETcc and CMOVcc opcodes). */
  condition(cc: number): boolean {
    let r: boolean;
    switch (cc >> 1) {
      case 0: r = this.of; break;
      case 1: r = this.cf; break;
      case 2: r = this.zf; break;
      case 3: r = this.cf || this.zf; break;
      case 4: r = this.sf; break;
      case 5: r = this.pf; break;
      case 6: r = this.sf !== this.of; break;
      default: r = this.zf || this.sf !== this.of; break;
    }
    return (cc & 1) === 0 ? r : !r;
  }

  /** Records an addition a + b (+1 when carryIn) of `bits` width whose result is res. */
  add(a: number, b: number, res: number, bits: number, carryIn = false): void {
    this.lazy(carryIn ? Op.Adc : Op.Add, a, b, res, bits);
  }

  /** Records a subtraction a - b (-1 when borrowIn), also for CMP and NEG (a = 0). */
  sub(a: number, b: number, res: number, bits: number, borrowIn = false): void {
    this.lazy(borrowIn ? Op.Sbb : Op.Sub, a, b, res, bits);
  }

  /** AND, OR, XOR, TEST: CF = OF = 0; AF is left clear. */
  logic(res: number, bits: number): void {
    this.lazy(Op.Logic, 0, 0, res, bits);
  }

  inc(a: number, res: number, bits: number): void {
    const carry = this.cf ? 1 : 0;
    this.lazy(Op.Inc, a, 1, res, bits);
    this.carry = carry;
  }

  dec(a: number, res: number, bits: number): void {
    const carry = this.cf ? 1 : 0;
    this.lazy(Op.Dec, a, 1, res, bits);
    this.carry = carry;
  }

  /** Sets the arithmetic flags in `which` to the bits of `values` (shifts, multiplies, BCD). */
  setArith(which: number, values: number): void {
    const arith = which === ARITH_FLAGS ? 0 : this.arith();
    this.op = Op.Explicit;
    this.explicit = (arith & ~which) | (values & which);
  }

  /** ZF/SF/PF of a result, as shifts and BCD adjustments set them. */
  static resultFlags(res: number, bits: number): number {
    const mask = bits === 32 ? 0xffffffff : (1 << bits) - 1;
    return ((res & mask) === 0 ? F.ZF : 0) | ((res >>> (bits - 1)) & 1 ? F.SF : 0) | PARITY[res & 0xff];
  }

  // Kept as int32 (only bitwise operations read them), so the fields stay small integers
  // rather than boxed doubles: storing and reading them allocates nothing.
  private lazy(op: Op, a: number, b: number, res: number, bits: number): void {
    this.op = op;
    this.a = a | 0;
    this.b = b | 0;
    this.res = res | 0;
    this.mask = bits === 32 ? -1 : (1 << bits) - 1;
    this.sign = 1 << (bits - 1);
  }

  private arith(): number {
    if (this.op === Op.Explicit) return this.explicit;
    return (this.cf ? F.CF : 0) | (this.pf ? F.PF : 0) | (this.af ? F.AF : 0) |
      (this.zf ? F.ZF : 0) | (this.sf ? F.SF : 0) | (this.of ? F.OF : 0);
  }
}
