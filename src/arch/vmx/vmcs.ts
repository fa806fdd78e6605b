// VMCS fields, VM-exit reasons and VM-instruction errors, with lookups by number and name.
// The data is generated from shared/data/vmx (see scripts/gen-vmx-tables.mjs).

import { EXIT_REASON_DATA, VMCS_FIELD_DATA, VM_INSTRUCTION_ERROR_DATA } from './vmx-data';

export type VmcsWidth = '16' | '32' | '64' | 'natural';
export type VmcsFieldType = 'control' | 'vmexit_info' | 'guest_state' | 'host_state';

export interface VmcsField {
  readonly encoding: number;
  /** Unique: the short name, with GUEST_ or HOST_ in front for guest- and host-state fields. */
  readonly name: string;
  readonly shortName: string;
  readonly longName: string;
  readonly description: string;
  readonly width: VmcsWidth;
  readonly type: VmcsFieldType;
  /** The SDM's grouping (vol. 3C, appendix B), e.g. 32_BIT_GUEST_STATE_FIELDS. */
  readonly group: string;
}

export interface NamedCode {
  readonly value: number;
  readonly name: string;
  readonly longName: string;
  readonly description: string;
}

export const VMCS_FIELDS: readonly VmcsField[] = VMCS_FIELD_DATA;
export const EXIT_REASONS: readonly NamedCode[] = EXIT_REASON_DATA;
export const VM_INSTRUCTION_ERRORS: readonly NamedCode[] = VM_INSTRUCTION_ERROR_DATA;

const fieldByEncoding = new Map(VMCS_FIELDS.map((f) => [f.encoding, f]));
const fieldByName = new Map(VMCS_FIELDS.map((f) => [f.name, f]));
const reasonByValue = new Map(EXIT_REASONS.map((r) => [r.value, r]));
const reasonByName = new Map(EXIT_REASONS.map((r) => [r.name, r]));

export function vmcsField(key: number | string): VmcsField | undefined {
  return typeof key === 'number' ? fieldByEncoding.get(key) : fieldByName.get(key.toUpperCase());
}

/** An exit reason by its number (basic reason, bits 15:0) or its short name (`CPUID`, `HLT`, ...). */
export function exitReason(key: number | string): NamedCode | undefined {
  return typeof key === 'number' ? reasonByValue.get(key & 0xffff) : reasonByName.get(key.toUpperCase());
}

export function vmInstructionError(value: number): NamedCode | undefined {
  return VM_INSTRUCTION_ERRORS.find((e) => e.value === value);
}

/** What a field encoding itself says (SDM vol. 3C, 25.11.2): width in bits 14:13, type in bits 11:10. */
export function decodeFieldEncoding(encoding: number): { width: VmcsWidth; type: VmcsFieldType; high: boolean } {
  const widths: VmcsWidth[] = ['16', '64', '32', 'natural'];
  const types: VmcsFieldType[] = ['control', 'vmexit_info', 'guest_state', 'host_state'];
  return { width: widths[(encoding >>> 13) & 3], type: types[(encoding >>> 10) & 3], high: (encoding & 1) !== 0 };
}
