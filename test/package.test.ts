// The packaged extension: `scripts/package-vsix.mjs` (what `npm run package` runs after the
// build) makes a .vsix whose file list is only what runs, small, and whose command line and debug
// adapter work from the unpacked folder, far from this repository (so nothing is found by
// accident in src/ or node_modules/ here).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { DebugProtocol } from '@vscode/debugprotocol';
import { extractZip, readZip, ZipEntry } from './support/zip';

const REPO = path.resolve(__dirname, '..', '..');
/** A .vsix above this size has picked up something it should not carry. */
const MAX_VSIX_BYTES = 1024 * 1024;

/** Files the extension cannot run without, as the .vsix names them. */
const REQUIRED = [
  'extension/package.json',
  'extension/readme.md',
  'extension/LICENSE.txt',
  'extension/dist/extension.js',
  'extension/dist/cli.js',
  'extension/bin/ringside',
  'extension/language-configuration.json',
  'extension/syntaxes/ringside-asm.tmLanguage.json',
  'extension/src/machine/bios/bios.asm',
  'extension/sample-guests/hello.asm',
  'extension/sample-guests/paging-demand.asm',
];

/** Whatever matches one of these is development material that must stay out. */
const FORBIDDEN = [/\/node_modules\//, /^extension\/out\//, /^extension\/test\//, /^extension\/docs\//, /^extension\/scripts\//,
  /^extension\/debug-adapter\//, /\.vscode-test\//, /\.map$/, /\.ts$/, /\.vsix$/, /\.expected$/, /tsconfig\.json$/, /package-lock\.json$/];

let work: string;
let vsix: string;
let entries: ZipEntry[];
let unpacked: string;

before(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'ringside-package-'));
  vsix = path.join(work, 'ringside.vsix');
  const made = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'package-vsix.mjs'), vsix], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
  assert.equal(made.status, 0, `packaging failed:\n${made.stdout}\n${made.stderr}`);
  entries = readZip(vsix);
  const root = path.join(work, 'unpacked');
  extractZip(vsix, root);
  unpacked = path.join(root, 'extension');
});

after(() => fs.rmSync(work, { recursive: true, force: true }));

function ringside(args: string[]): cp.SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [path.join(unpacked, 'bin', 'ringside'), ...args], { cwd: work, encoding: 'utf8', timeout: 60_000 });
}

test('the .vsix holds what runs and nothing else, and is small', () => {
  const names = entries.map((e) => e.name);
  for (const need of REQUIRED) assert.ok(names.includes(need), `${need} is missing from the .vsix:\n${names.join('\n')}`);
  const stray = names.filter((n) => FORBIDDEN.some((re) => re.test(n)));
  assert.deepEqual(stray, [], 'development files in the .vsix');
  const size = fs.statSync(vsix).size;
  assert.ok(size < MAX_VSIX_BYTES, `the .vsix is ${size} bytes, over the ${MAX_VSIX_BYTES}-byte bound`);
  assert.ok(names.length <= 40, `${names.length} entries: more than the extension's files`);
});

test('the packaged manifest points only at packaged files and needs no node_modules', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(unpacked, 'package.json'), 'utf8')) as {
    main: string;
    dependencies?: Record<string, string>;
    contributes: { grammars: { path: string }[]; languages: { configuration?: string }[] };
  };
  const referenced = [manifest.main, ...manifest.contributes.grammars.map((g) => g.path),
    ...manifest.contributes.languages.flatMap((l) => (l.configuration ? [l.configuration] : []))];
  for (const file of referenced) assert.ok(fs.existsSync(path.join(unpacked, file)), `package.json names ${file}, which is not packaged`);
  assert.deepEqual(Object.keys(manifest.dependencies ?? {}), [], 'runtime dependencies would need a node_modules the .vsix does not carry');
});

test('bin/ringside from the unpacked .vsix runs a sample guest', () => {
  const run = ringside(['run', path.join(unpacked, 'sample-guests', 'hello.asm')]);
  assert.equal(run.status, 1, `exit status (isa-debug-exit 0 → 1); stderr:\n${run.stderr}`);
  assert.match(run.stdout, /Hello from the guest!/);
});

test('the unpacked command line finds its virtual BIOS (boot: bios)', () => {
  const sector = path.join(work, 'boot.asm');
  fs.writeFileSync(sector, [
    'bits 16', 'org 0x7c00', '        mov si, msg', 'next:   lodsb', '        test al, al', '        jz done', '        out 0xe9, al',
    '        jmp next', 'done:   mov al, 2', '        out 0xf4, al', '        hlt', 'msg:    db "booted by the packaged BIOS", 10, 0',
    '        times 510 - ($ - $$) db 0', '        dw 0xaa55', '',
  ].join('\n'));
  const run = ringside(['run', sector, '--boot', 'bios']);
  assert.equal(run.status, 5, `exit status (isa-debug-exit 2 → 5); stderr:\n${run.stderr}`);
  assert.match(run.stdout, /booted by the packaged BIOS/);
});

test('the unpacked debug adapter (bin/ringside dap) stops on a breakpoint and runs the guest to its end', async () => {
  const program = path.join(unpacked, 'sample-guests', 'hello.asm');
  const line = fs.readFileSync(program, 'utf8').split('\n').findIndex((l) => /^\s*mov al, 0\b/.test(l)) + 1;
  assert.ok(line > 0, 'hello.asm has its exit-status line');
  const child = cp.spawn(process.execPath, [path.join(unpacked, 'bin', 'ringside'), 'dap'], { cwd: work, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const dc = new DebugClient('node', '', 'ringside');
  dc.defaultTimeout = 15_000;
  (dc as unknown as { connect(r: NodeJS.ReadableStream, w: NodeJS.WritableStream): void }).connect(child.stdout, child.stdin);
  const output: string[] = [];
  dc.on('output', (e: DebugProtocol.OutputEvent) => output.push(e.body.output));
  try {
    await dc.initializeRequest({ adapterID: 'ringside', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    await Promise.all([dc.waitForEvent('initialized'), dc.launchRequest({ program } as DebugProtocol.LaunchRequestArguments)]);
    const set = await dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line }] });
    assert.equal(set.body.breakpoints[0]?.verified, true, 'the breakpoint is verified');
    const [stopped] = await Promise.all([dc.waitForEvent('stopped'), dc.configurationDoneRequest()]);
    assert.equal(stopped.body.reason, 'breakpoint');
    const frame = (await dc.stackTraceRequest({ threadId: stopped.body.threadId ?? 1 })).body.stackFrames[0];
    assert.equal(frame?.line, line);
    assert.equal(frame?.source?.path, program);
    const [exited] = await Promise.all([dc.waitForEvent('exited'), dc.waitForEvent('terminated'), dc.continueRequest({ threadId: 1 })]);
    assert.equal(exited.body.exitCode, 1);
    assert.match(output.join(''), /Hello from the guest!/);
  } catch (e) {
    (e as Error).message += `\nadapter stderr:\n${stderr}`;
    throw e;
  } finally {
    await Promise.race([dc.disconnectRequest({}).catch(() => undefined), new Promise((r) => setTimeout(r, 1000))]);
    child.kill();
  }
});
