/**
 * A worker process for src/jobs/runs.crash.test.ts: runs the job queue with one run kind whose steps
 * record each execution in crash_effects (a table the test made). With CRASH_BLOCK=1, step 2 never
 * returns, so the test can kill -9 the process in the middle of it.
 */
import { loadConfig } from '../src/config.ts';
import { createDatabase } from '../src/db/pool.ts';
import { createLogger } from '../src/log.ts';
import { createContext } from '../src/modules.ts';
import { defineRun } from '../src/jobs/runs.ts';
import { startWorker } from '../src/worker/worker.ts';

const record = (ctx: ReturnType<typeof createContext>, step: string) => ctx.db.owner.query('insert into crash_effects (step, pid) values ($1, $2)', [step, process.pid]);

defineRun('test.crash', {
  steps: [
    {
      name: 'one',
      run: async (ctx) => {
        await record(ctx, 'one');
        return { one: true };
      },
    },
    {
      name: 'two',
      run: async (ctx) => {
        await record(ctx, 'two');
        if (process.env.CRASH_BLOCK === '1') await new Promise(() => undefined);
        return { two: true };
      },
    },
    {
      name: 'three',
      run: async (ctx) => {
        await record(ctx, 'three');
        return null;
      },
    },
  ],
});

const config = loadConfig(process.env);
if (!config.databaseUrl) throw new Error('DATABASE_URL is not set');
const log = createLogger(config.logLevel);
const ctx = createContext(config, createDatabase({ url: config.databaseUrl, appRole: config.dbAppRole, poolSize: 4, log }), log);
await startWorker(ctx, { concurrency: 1, pollInterval: 200 });
