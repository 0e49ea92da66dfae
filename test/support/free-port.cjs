// Ports for the servers tests and benchmarks start (the backend, PostgreSQL, Redis, Dovecot,
// stand-ins). A port is chosen here and bound moments later, often by a child process. A port
// from the kernel's ephemeral range (net.ipv4.ip_local_port_range, 32768-60999 by default) can
// be taken in between by any outgoing connection on the machine, the child's own connections to
// its PostgreSQL and Redis included: CI saw the backend fail with EADDRINUSE that way. So ports
// come from below that range, where the kernel never picks one by itself. CommonJS so that the
// TypeScript tests (free-port.d.cts) and the .mjs scripts share this one copy.
const { readFileSync } = require('node:fs');
const { createServer } = require('node:net');

const LOWEST = 10000;

/** The first port of the kernel's ephemeral range (Linux), 32768 where it cannot be read. */
function ephemeralStart() {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    const n = Number(low);
    return Number.isInteger(n) && n > LOWEST + 1000 ? n : 32768;
  } catch {
    return 32768;
  }
}

/**
 * Parallel jest workers draw from disjoint slices of the range, so two test files never race
 * for one port; a single process (a benchmark, the e2e run) has the whole range.
 */
function slice() {
  const end = ephemeralStart();
  const worker = Number(process.env.JEST_WORKER_ID);
  if (!Number.isInteger(worker) || worker < 1) return [LOWEST, end];
  const slices = 8;
  const size = Math.floor((end - LOWEST) / slices);
  const i = (worker - 1) % slices;
  return [LOWEST + i * size, LOWEST + (i + 1) * size];
}

/** Ports this process handed out: each goes to one server only, even before that server binds it. */
const handedOut = new Set();

function bindable(port) {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    // Every interface: the backend binds 0.0.0.0, PostgreSQL and Redis 127.0.0.1.
    srv.listen({ port, host: '0.0.0.0', exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/**
 * A TCP port no server holds now, outside the ephemeral range, not handed out before by this
 * process. Resolves with the port number; rejects after 200 taken ports in a row.
 */
async function freePort() {
  const [from, to] = slice();
  for (let tries = 0; tries < 200; tries++) {
    const port = from + Math.floor(Math.random() * (to - from));
    if (handedOut.has(port)) continue;
    if (await bindable(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port in ${from}-${to - 1}`);
}

module.exports = { freePort };
