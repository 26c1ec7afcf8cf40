import type { Context } from '../src/context.ts';

/** What every benchmark gets: Embark's context on a fresh, migrated database of its own. */
export interface BenchContext {
  readonly ctx: Context;
  /** Seconds to measure each HTTP target for, after the warm-up. */
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
  /** The measured time is split into this many rounds, alternating between the targets compared. */
  readonly rounds: number;
  /** Concurrent keep-alive connections of the HTTP load generator. */
  readonly connections: number;
}

/** One line of the printed table. */
export interface Row {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly detail?: string;
  /** Set when the row is a target the numbers are held to; false prints it as BELOW TARGET. */
  readonly meetsTarget?: boolean;
}

export interface Benchmark {
  readonly name: string;
  run(bench: BenchContext): Promise<Row[]>;
}
