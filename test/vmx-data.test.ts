import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { VMCS_FIELDS, EXIT_REASONS, VM_INSTRUCTION_ERRORS, vmcsField, exitReason, decodeFieldEncoding } from '../src/arch/vmx/vmcs';

const root = join(__dirname, '..', '..');
const shared = join(root, '..', 'shared', 'data', 'vmx');

test('the generated VMX tables match shared/data/vmx', { skip: existsSync(shared) ? false : 'needs ../shared/data/vmx beside the checkout' }, () => {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'gen-vmx-tables.mjs'), '--check', shared], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

test('every field encoding agrees with its recorded width and type', () => {
  assert.equal(VMCS_FIELDS.length, 180);
  for (const f of VMCS_FIELDS) {
    const d = decodeFieldEncoding(f.encoding);
    assert.deepEqual([d.width, d.type], [f.width, f.type], f.name);
  }
});

test('lookups by number and name', () => {
  assert.equal(vmcsField(0x681e)?.name, 'GUEST_RIP');
  assert.equal(vmcsField('guest_rip')?.encoding, 0x681e);
  assert.equal(vmcsField('HOST_CR0')?.encoding, 0x6c00);
  assert.equal(new Set(VMCS_FIELDS.map((f) => f.name)).size, VMCS_FIELDS.length, 'names are unique');
  assert.equal(exitReason('CPUID')?.value, 10);
  assert.equal(exitReason(12)?.name, 'HLT');
  assert.equal(exitReason(48)?.name, 'EPT_VIOLATION');
  assert.equal(EXIT_REASONS.length, 76);
  assert.equal(VM_INSTRUCTION_ERRORS.length, 25);
});
