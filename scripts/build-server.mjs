#!/usr/bin/env node
// Compiles src/ to JavaScript in dist/ (one file per module, types stripped by TypeScript's own
// transpiler, `.ts` imports rewritten to `.js`), so `embark` starts without loading a TypeScript
// compiler. No type check here: `npm run typecheck` does that. With --if-needed it skips when dist/
// is newer than every source file. bin/embark.js runs dist/ when it is current and falls back to
// src/ through tsx when it is not (an edited checkout) or when TypeScript was not installed.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');
const dist = path.join(root, 'dist');
/** Written last: its time says when dist/ was complete. */
export const STAMP = path.join(dist, '.built');

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

function newest(dir) {
  let latest = statSync(dir).mtimeMs; // a deleted file changes its directory's time
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(full));
    else if (!entry.name.endsWith('.test.ts')) latest = Math.max(latest, statSync(full).mtimeMs); // tests are not built
  }
  return latest;
}

/** True when dist/ holds a complete build at least as new as every file under src/. */
export function serverBuildIsCurrent() {
  return existsSync(STAMP) && statSync(STAMP).mtimeMs >= newest(src);
}

export async function buildServer({ ifNeeded = false, quiet = false } = {}) {
  if (ifNeeded && serverBuildIsCurrent()) return true;
  let ts;
  try {
    ts = (await import('typescript')).default;
  } catch {
    if (!quiet) console.warn('build-server: typescript is not installed (devDependencies omitted?); embark runs src/ through tsx instead');
    return false;
  }
  const options = {
    // ES modules as in src/ ("type": "module"); NodeNext would pick CommonJS for a file read alone
    module: ts.ModuleKind.ESNext,
    target: ts.ScriptTarget.ES2022,
    verbatimModuleSyntax: true,
    rewriteRelativeImportExtensions: true,
    sourceMap: false,
  };
  // built beside dist/ and swapped in, so a process starting meanwhile never loads half a build
  const next = `${dist}.${process.pid}.next`;
  const old = `${dist}.${process.pid}.old`;
  rmSync(next, { recursive: true, force: true });
  for (const file of sources(src)) {
    const { outputText, diagnostics } = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: options, fileName: file, reportDiagnostics: true });
    if (diagnostics?.length) throw new Error(`build-server: ${path.relative(root, file)}: ${ts.flattenDiagnosticMessageText(diagnostics[0].messageText, '\n')}`);
    const out = path.join(next, path.relative(src, file)).replace(/\.ts$/, '.js');
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, outputText);
  }
  writeFileSync(path.join(next, path.basename(STAMP)), `${new Date().toISOString()}\n`);
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(next, dist);
  rmSync(old, { recursive: true, force: true });
  if (!quiet) console.log('build-server: built dist/');
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildServer({ ifNeeded: process.argv.includes('--if-needed') });
}
