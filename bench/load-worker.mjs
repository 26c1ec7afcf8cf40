/**
 * The HTTP load generator's thread: `connections` keep-alive sockets, each sending the next request as
 * soon as the previous answer is complete (no pipelining). Written on raw sockets so the generator
 * costs far less CPU per request than the servers it measures; on a 2-core machine a heavier client
 * would flatten the difference between them.
 */
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';

// plain JavaScript: a worker thread does not inherit the tsx loader on Node 20

/** @param {import('./load.ts').LoadOptions} options @returns {Promise<import('./load.ts').LoadResult>} */
function run(options) {
  const head = [`GET ${options.path} HTTP/1.1`, `host: ${options.host}:${options.port}`, 'connection: keep-alive', ...Object.entries(options.headers).map(([k, v]) => `${k}: ${v}`)].join('\r\n') + '\r\n\r\n';
  const request = Buffer.from(head);
  const start = performance.now();
  const measureFrom = start + options.warmupMs;
  const stopAt = measureFrom + options.durationMs;
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  let errors = 0;
  const statuses = {};

  const record = (ms) => {
    if (count === latencies.length) {
      const bigger = new Float64Array(latencies.length * 2);
      bigger.set(latencies);
      latencies = bigger;
    }
    latencies[count++] = ms;
  };

  return new Promise((resolve, reject) => {
    let open = options.connections;
    const done = () => {
      if (--open === 0) resolve({ requests: count, errors, statuses, latencies: latencies.slice(0, count), elapsedMs: Math.min(performance.now(), stopAt) - measureFrom });
    };
    for (let i = 0; i < options.connections; i++) {
      const socket = connect({ host: options.host, port: options.port, noDelay: true });
      let buffer = Buffer.alloc(0);
      let sentAt = 0;
      const send = () => {
        if (performance.now() >= stopAt) {
          socket.end();
          return done();
        }
        sentAt = performance.now();
        socket.write(request);
      };
      socket.on('connect', send);
      socket.on('error', reject);
      socket.on('data', (chunk) => {
        buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
        const headerEnd = buffer.indexOf('\r\n\r\n');
        if (headerEnd < 0) return;
        const header = buffer.subarray(0, headerEnd).toString('latin1');
        const length = /\r\ncontent-length:\s*(\d+)/i.exec(header);
        if (!length) return reject(new Error(`the server answered without content-length: ${header.slice(0, 200)}`));
        const total = headerEnd + 4 + Number(length[1]);
        if (buffer.length < total) return;
        buffer = buffer.subarray(total);
        const status = header.slice(9, 12);
        if (sentAt >= measureFrom) {
          record(performance.now() - sentAt);
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (status !== '200') errors++;
        }
        send();
      });
    }
  });
}

if (parentPort && workerData) {
  const result = await run(workerData);
  parentPort.postMessage(result, [result.latencies.buffer]);
}
