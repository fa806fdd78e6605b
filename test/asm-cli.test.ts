// `ringside asm` as a user runs it: bin/ringside (the bundle built by `npm run build`).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'ringside');

function ringside(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function workdir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ringside-cli-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

test('asm writes the binary and exits 0', () => {
  const dir = workdir({ 'hello.asm': 'bits 16\nmov al, VALUE\nout 0xe9, al\n%include "x.inc"\n', 'inc/x.inc': 'hlt\n' });
  const r = ringside(['asm', 'hello.asm', '-o', 'hello.bin', '-D', 'VALUE=0x41', '-I', 'inc'], dir);
  assert.equal(r.stderr, '');
  assert.equal(r.code, 0);
  assert.deepEqual([...fs.readFileSync(path.join(dir, 'hello.bin'))], [0xb0, 0x41, 0xe6, 0xe9, 0xf4]);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('without -o the output is the input name without its extension, as nasm does', () => {
  const dir = workdir({ 'boot.asm': 'db 1\n' });
  assert.equal(ringside(['asm', 'boot.asm', '-DX'], dir).code, 0);
  assert.deepEqual([...fs.readFileSync(path.join(dir, 'boot'))], [1]);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('errors print as file:line:col: error: message, exit 1, no output file, no stack trace', () => {
  const dir = workdir({ 'bad.asm': 'nop\nfrob eax\njmp nowhere\ndb "open\n' });
  const r = ringside(['asm', 'bad.asm', '-o', 'bad.bin'], dir);
  assert.equal(r.code, 1);
  assert.deepEqual(r.stderr.trim().split('\n'), [
    "bad.asm:2:1: error: unknown mnemonic 'frob'",
    "bad.asm:3:5: error: symbol 'nowhere' is not defined",
    'bad.asm:4:4: error: unterminated string',
  ]);
  assert.equal(fs.existsSync(path.join(dir, 'bad.bin')), false);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('usage errors exit 2; a missing input file exits 1 with a message', () => {
  const dir = workdir({});
  const none = ringside(['asm'], dir);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no input file/);
  assert.equal(ringside(['asm', 'x.asm', '--bogus'], dir).code, 2);
  const missing = ringside(['asm', 'missing.asm'], dir);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^missing\.asm:1:1: error: unable to read source file/);
  assert.doesNotMatch(missing.stderr, /\n\s+at /);
  fs.rmSync(dir, { recursive: true, force: true });
});
