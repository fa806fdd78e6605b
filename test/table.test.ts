import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FORMS, formsOf, ALIASES } from '../src/arch/instructions';

test('the table expands size and condition templates', () => {
  const adds = formsOf('add');
  assert.ok(adds.some((f) => f.osize === 16 && f.opcode[0] === 0x01));
  assert.ok(adds.some((f) => f.osize === 32 && f.opcode[0] === 0x01));
  const jz = formsOf('jz');
  assert.deepEqual(jz.map((f) => f.opcode), [[0x74], [0x0f, 0x84], [0x0f, 0x84]]);
  assert.equal(ALIASES.get('je'), 'jz');
  assert.deepEqual(formsOf('je'), jz);
  assert.deepEqual(formsOf('movsd').map((f) => f.osize), [32]);
});

test('form ids are their positions', () => {
  FORMS.forEach((f, i) => assert.equal(f.id, i));
});
