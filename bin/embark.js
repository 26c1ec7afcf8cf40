#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm install` through scripts/build-server.mjs) when it is
// at least as new as src/; otherwise — an edited checkout, or an install without TypeScript — runs
// src/ through tsx, so `npx embark …` always runs the code that is there.
import { serverBuildIsCurrent } from '../scripts/build-server.mjs';

if (process.env.EMBARK_RUN_SOURCE !== '1' && serverBuildIsCurrent()) {
  await import('../dist/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}
