// Bundles the command-line entry point into one file that bin/ringside loads.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/main.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile: 'dist/cli.js',
  sourcemap: true,
  logLevel: 'warning',
});
