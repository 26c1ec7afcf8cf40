#!/usr/bin/env node
// Builds the React UI into web/dist with Vite. With --if-needed it skips when web/dist is newer than
// every source file, so `npm start` stays fast after the first build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'web');
const dist = path.join(web, 'dist', 'index.html');

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir)) {
    if (entry === 'dist' || entry === 'node_modules') continue;
    const full = path.join(dir, entry);
    const stat = statSync(full);
    latest = Math.max(latest, stat.isDirectory() ? newest(full) : stat.mtimeMs);
  }
  return latest;
}

if (!existsSync(path.join(web, 'index.html'))) {
  console.log('build-web: no web/ sources, nothing to build');
  process.exit(0);
}
if (process.argv.includes('--if-needed') && existsSync(dist) && statSync(dist).mtimeMs >= newest(web)) process.exit(0);

let vite;
try {
  vite = await import('vite');
} catch {
  console.warn('build-web: vite is not installed (devDependencies omitted?); the UI will not be served until `npm run build:web` succeeds');
  process.exit(0);
}
await vite.build({ root: web, logLevel: 'warn', configFile: path.join(web, 'vite.config.js') });
console.log('build-web: built web/dist');
