import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpuRank, describeMnemonic, hasWrittenSummary, PREFIX_WORDS } from '../src/arch/descriptions';
import { ALIASES, formsOf, MNEMONICS } from '../src/arch/instructions';
import { EXIT_REASON_DATA } from '../src/arch/vmx/vmx-data';

test('every mnemonic, alias and prefix has a written description', () => {
  const missing = [...MNEMONICS, ...ALIASES.keys(), ...PREFIX_WORDS].filter((m) => !hasWrittenSummary(m));
  assert.deepEqual(missing, []);
  for (const m of [...MNEMONICS, ...PREFIX_WORDS]) {
    const d = describeMnemonic(m)!;
    assert.ok(d.summary.length > 10 && !d.summary.includes('\n'), m);
  }
});

test('the flag-derived parts agree with the table', () => {
  for (const m of MNEMONICS) {
    const d = describeMnemonic(m.toUpperCase())!;
    const forms = formsOf(m);
    assert.equal(d.canonical, ALIASES.get(m) ?? m);
    assert.equal(d.privileged, forms.some((f) => f.flags.has('priv')), m);
    assert.equal(d.iopl, forms.some((f) => f.flags.has('iopl')), m);
    assert.equal(d.sensitive, forms.some((f) => f.flags.has('sens')), m);
    assert.equal(d.vmx, forms.some((f) => f.flags.has('vmx')), m);
    const earliest = Math.min(...forms.map((f) => cpuRank(f.cpu)));
    assert.equal(cpuRank(d.cpu), earliest, m);
    assert.ok(forms.some((f) => f.cpu === d.cpu), m);
    assert.equal(d.notes.some((n) => n.startsWith('Sensitive but unprivileged')), d.sensitive, m);
    assert.equal(d.notes.some((n) => n.startsWith('IOPL-sensitive')), d.iopl, m);
    assert.equal(d.notes.some((n) => /^(Privileged|VMX instruction)/.test(n)), d.privileged || d.vmx, m);
  }
});

test('hover notes say what the SDM says for the classic cases', () => {
  assert.match(describeMnemonic('popf')!.notes.join('\n'), /Sensitive but unprivileged.*Popek–Goldberg/);
  assert.match(describeMnemonic('lgdt')!.notes[0], /^Privileged: #GP\(0\) unless CPL 0\.$/);
  assert.match(describeMnemonic('cli')!.notes[0], /IOPL-sensitive/);
  assert.match(describeMnemonic('out')!.notes[0], /I\/O permission bitmap/);
  const mov = describeMnemonic('mov')!;
  assert.ok(mov.privileged && mov.sensitive);
  assert.match(mov.notes.join('\n'), /Privileged.*forms: .*MOV CRn, r32/);
  assert.match(mov.notes.join('\n'), /Sensitive.*forms: .*MOV Sreg, r16/);
  assert.match(describeMnemonic('vmlaunch')!.notes.join('\n'), /causes a VM exit/);
  assert.equal(describeMnemonic('cpuid')!.vmExit?.when, 'always');
  assert.match(describeMnemonic('hlt')!.notes.join('\n'), /VM exit \(HLT\) when the HLT-exiting control/);
  assert.equal(describeMnemonic('vmcall')!.privileged, false);
});

test('condition-code spellings and aliases read as their meaning', () => {
  assert.equal(describeMnemonic('je')!.summary, describeMnemonic('jz')!.summary);
  assert.match(describeMnemonic('jnae')!.summary, /below/);
  assert.match(describeMnemonic('setg')!.summary, /greater/);
  assert.match(describeMnemonic('cmovpo')!.summary, /parity odd/);
  assert.match(describeMnemonic('sal')!.summary, /Another spelling of SHL/);
  assert.equal(describeMnemonic('rep')!.kind, 'prefix');
  assert.equal(describeMnemonic('eax'), undefined);
});

test('VM-exit reasons are spelled as the exit-reason data spells them', () => {
  const known = new Set<string>(EXIT_REASON_DATA.map((r) => r.name));
  for (const m of MNEMONICS) {
    for (const r of describeMnemonic(m)!.vmExit?.reasons ?? []) assert.ok(known.has(r), `${m}: ${r}`);
  }
});
