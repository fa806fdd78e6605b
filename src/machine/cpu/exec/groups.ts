// Every instruction group the CPU implements, one file each.

import { ARITHMETIC } from './arithmetic';
import { BCD } from './bcd';
import { BITS } from './bits';
import { CONTROL } from './control';
import { DATA_TRANSFER } from './data-transfer';
import { FLAG_CONTROL } from './flag-control';
import { HandlerGroup } from './handler';
import { IO } from './io';
import { LOGIC } from './logic';
import { SHIFTS } from './shifts';
import { STRINGS } from './strings';
import { SYSTEM } from './system';

export const GROUPS: readonly HandlerGroup[] = [
  ARITHMETIC, BCD, BITS, CONTROL, DATA_TRANSFER, FLAG_CONTROL, IO, LOGIC, SHIFTS, STRINGS, SYSTEM,
];
