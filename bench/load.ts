import { Worker } from 'node:worker_threads';

export interface LoadOptions {
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly connections: number;
  readonly warmupMs: number;
  readonly durationMs: number;
}

export interface LoadResult {
  readonly requests: number;
  readonly errors: number;
  readonly statuses: Record<string, number>;
  /** Latencies in milliseconds of the requests sent during the measured window. */
  readonly latencies: Float64Array;
  readonly elapsedMs: number;
}

export interface LoadSummary {
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly requests: number;
  readonly errors: number;
  readonly statuses: Record<string, number>;
  /** Every measured request's latency in ms, sorted: rounds are combined over all their samples. */
  readonly latencies: Float64Array;
  readonly seconds: number;
}

export function percentile(sorted: Float64Array, p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Drives `url` from a worker thread, so the load generator has an event loop of its own. */
export async function driveLoad(url: string, options: { headers?: Record<string, string>; connections: number; warmupSeconds: number; durationSeconds: number }): Promise<LoadSummary> {
  const target = new URL(url);
  const data: LoadOptions = {
    host: target.hostname,
    port: Number(target.port),
    path: target.pathname + target.search,
    headers: options.headers ?? {},
    connections: options.connections,
    warmupMs: options.warmupSeconds * 1000,
    durationMs: options.durationSeconds * 1000,
  };
  const result = await new Promise<LoadResult>((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.mjs', import.meta.url), { workerData: data });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`load generator exited with ${code}`)));
  });
  const sorted = result.latencies.sort();
  return {
    requestsPerSecond: result.requests / (result.elapsedMs / 1000),
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    requests: result.requests,
    errors: result.errors,
    statuses: result.statuses,
    latencies: sorted,
    seconds: result.elapsedMs / 1000,
  };
}

/** Several rounds against one target as one run: rates over the summed time, percentiles over all samples. */
export function combine(runs: readonly LoadSummary[]): LoadSummary {
  const latencies = new Float64Array(runs.reduce((n, r) => n + r.latencies.length, 0));
  let at = 0;
  for (const run of runs) {
    latencies.set(run.latencies, at);
    at += run.latencies.length;
  }
  latencies.sort();
  const requests = runs.reduce((n, r) => n + r.requests, 0);
  const seconds = runs.reduce((n, r) => n + r.seconds, 0);
  const statuses: Record<string, number> = {};
  for (const run of runs) for (const [s, n] of Object.entries(run.statuses)) statuses[s] = (statuses[s] ?? 0) + n;
  return {
    requests,
    seconds,
    requestsPerSecond: requests / seconds,
    latencies,
    statuses,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors: runs.reduce((n, r) => n + r.errors, 0),
  };
}
