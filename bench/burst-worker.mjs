/**
 * A burst of POSTs sent all at once, each on a connection of its own, from a worker thread so that the
 * burst has an event loop of its own (on the same CPUs, as a client on this machine would).
 * workerData: { url, requests: [{ headers, body }] }; answers { statuses: { [status]: count } }.
 */
import { request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

// plain JavaScript: a worker thread does not inherit the tsx loader on Node 20

const statuses = {};
const target = new URL(workerData.url);
await Promise.all(
  workerData.requests.map(
    ({ headers, body }) =>
      new Promise((resolve) => {
        const req = request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) }, agent: false }, (res) => {
          res.resume();
          res.on('end', () => {
            statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
            resolve();
          });
        });
        req.on('error', () => {
          statuses.error = (statuses.error ?? 0) + 1;
          resolve();
        });
        req.end(body);
      }),
  ),
);
parentPort.postMessage({ statuses });
