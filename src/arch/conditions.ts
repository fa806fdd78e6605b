// The sixteen x86 condition codes, numbered as the low nibble of Jcc/SETcc/CMOVcc opcodes.
// The first name of each is the one the disassembler prints (as ndisasm does); the rest are
// spellings the assembler also accepts.

export const CONDITIONS: readonly (readonly string[])[] = [
  ['o'],
  ['no'],
  ['c', 'b', 'nae'],
  ['nc', 'ae', 'nb'],
  ['z', 'e'],
  ['nz', 'ne'],
  ['na', 'be'],
  ['a', 'nbe'],
  ['s'],
  ['ns'],
  ['pe', 'p'],
  ['po', 'np'],
  ['l', 'nge'],
  ['nl', 'ge'],
  ['ng', 'le'],
  ['g', 'nle'],
];
