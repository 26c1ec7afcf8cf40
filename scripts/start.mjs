#!/usr/bin/env node
// `npm start`: builds the UI and the server if their sources changed, then runs `embark serve`, in
// this one process. npm forwards SIGTERM and SIGINT to its child only, and that child is the shell
// running the script, which does not pass them on: hence `exec` in package.json, which makes this
// process npm's child, and one process rather than a `build && serve` chain, which a shell must wait on.
import { buildServer } from './build-server.mjs';
import { buildWeb } from './build-web.mjs';

await buildWeb({ ifNeeded: true });
await buildServer({ ifNeeded: true });
// as if run as `embark serve …`: npm appends the arguments given after `npm start --`
process.argv.splice(2, 0, 'serve');
await import('../bin/embark.js');
