// Packages the extension as a .vsix with @vscode/vsce, offline: `npm run package` builds first,
// then runs this. What goes in is the whitelist in .vscodeignore; the bundles in dist/ carry all
// the code, so no dependency lookup is needed (--no-dependencies) and no node_modules ship.
//
//   node scripts/package-vsix.mjs            writes ringside-<version>.vsix here
//   node scripts/package-vsix.mjs OUT.vsix   writes OUT.vsix (the tests package into a temp dir)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { version, name } = createRequire(import.meta.url)(join(root, 'package.json'));
const out = resolve(process.argv[2] ?? join(root, `${name}-${version}.vsix`));

for (const built of ['dist/extension.js', 'dist/cli.js']) {
  if (!existsSync(join(root, built))) {
    console.error(`package-vsix: ${built} is missing; run npm run build first`);
    process.exit(1);
  }
}

const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
const args = [
  vsce, 'package',
  '--no-dependencies', // everything is bundled by esbuild
  '--allow-missing-repository', // the project has no public repository URL yet
  '--no-rewrite-relative-links', // no repository to point the README's links at
  '--out', out,
];
const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
