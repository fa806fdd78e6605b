// Finds each table form's handler once, so the loop indexes an array by form id.

import { FORMS } from '../../../arch/instructions';
import { Handler, HandlerGroup } from './handler';
import { GROUPS } from './groups';

const byMnemonic = new Map<string, Handler>();
for (const group of GROUPS) {
  for (const [mnemonic, handler] of Object.entries(group)) {
    if (byMnemonic.has(mnemonic)) throw new Error(`two handlers for ${mnemonic}`);
    byMnemonic.set(mnemonic, handler);
  }
}

/** The handler of each form, by form id; undefined where the CPU does not implement it. */
export const HANDLER_BY_FORM: readonly (Handler | undefined)[] = FORMS.map((f) => byMnemonic.get(f.mnemonic));

/** Mnemonics of the table that no handler implements (the CPU raises #UD for them). */
export function unimplementedMnemonics(): string[] {
  return [...new Set(FORMS.filter((f) => !byMnemonic.has(f.mnemonic)).map((f) => f.mnemonic))].sort();
}

export type { HandlerGroup };
