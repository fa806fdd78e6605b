// NASM's numeric literal forms: 0x/0h/$ hex prefixes, h/x suffixes, binary (0b, 0y, b, y),
// octal (0o, 0q, o, q), decimal (0d, 0t, d, t), with '_' separators anywhere after the first digit.

const RADIX_LETTERS: Record<string, number> = {
  x: 16, h: 16, b: 2, y: 2, o: 8, q: 8, d: 10, t: 10,
};

function digitsValue(digits: string, radix: number): bigint | undefined {
  let s = '';
  for (let i = 0; i < digits.length; i++) {
    const c = digits[i];
    if (c === '_') continue;
    const d = parseInt(c, 16);
    if (Number.isNaN(d) || d >= radix) return undefined;
    s += c;
  }
  if (s === '') return undefined;
  if (s.length <= 12) return BigInt(parseInt(s, radix));
  const prefix = radix === 16 ? '0x' : radix === 8 ? '0o' : radix === 2 ? '0b' : '';
  return BigInt(prefix + s);
}

/** The value of a numeric literal, or undefined when the text is not a valid number. */
export function parseNumber(text: string): bigint | undefined {
  if (text.length === 0) return undefined;
  const t = text.toLowerCase();
  if (t[0] === '$') return digitsValue(t.slice(1), 16);
  if (t.length > 2 && t[0] === '0') {
    const radix = RADIX_LETTERS[t[1]];
    if (radix !== undefined) {
      const v = digitsValue(t.slice(2), radix);
      if (v !== undefined) return v;
    }
  }
  const suffix = RADIX_LETTERS[t[t.length - 1]];
  if (suffix !== undefined && t.length > 1) return digitsValue(t.slice(0, -1), suffix);
  return digitsValue(t, 10);
}
