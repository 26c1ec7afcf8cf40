#!/usr/bin/env node
// Builds the React UI into web/dist with Vite. With --if-needed it skips when web/dist is newer than
// every source file, so `npm start` stays fast after the first build. scripts/start.mjs imports
// buildWeb to build in the server's own process.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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

export async function buildWeb({ ifNeeded = false } = {}) {
  if (!existsSync(path.join(web, 'index.html'))) {
    console.log('build-web: no web/ sources, nothing to build');
    return;
  }
  if (ifNeeded && existsSync(dist) && statSync(dist).mtimeMs >= newest(web)) return;
  let vite;
  try {
    vite = await import('vite');
  } catch {
    console.warn('build-web: vite is not installed (devDependencies omitted?); the UI will not be served until `npm run build:web` succeeds');
    return;
  }
  await vite.build({ root: web, logLevel: 'warn', configFile: path.join(web, 'vite.config.js') });
  console.log('build-web: built web/dist');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildWeb({ ifNeeded: process.argv.includes('--if-needed') });
}
