import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';

/** Below this, ports belong to well-known and commonly configured services. */
const FIRST = 10_000;

/**
 * The kernel's ephemeral range (Linux: net.ipv4.ip_local_port_range), from which it picks the
 * local port of every outgoing connection; null where it cannot be read.
 */
async function ephemeralRange(): Promise<[number, number] | null> {
  try {
    const [low, high] = (await readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8'))
      .trim()
      .split(/\s+/)
      .map(Number);
    return Number.isInteger(low) && Number.isInteger(high) && low > FIRST + 1000 ? [low, high] : null;
  } catch {
    return null;
  }
}

/** Binds `port` on loopback and lets it go: resolves with the port, or null if something holds it. */
function tryBind(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(null));
    srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      const bound = (srv.address() as { port: number }).port;
      srv.close(() => resolve(bound));
    });
  });
}

/**
 * A free TCP port on loopback for a server the launcher starts moments later (PostgreSQL after
 * initdb, Redis). Chosen below the kernel's ephemeral range, where no outgoing connection is ever
 * given one, so that nothing on the machine takes it before that server binds it (a port of the
 * range can go to any connection in between). Where the range is unknown, the kernel's choice.
 * Rejects after 100 ports in a row were taken.
 */
export async function freePort(): Promise<number> {
  const range = await ephemeralRange();
  if (!range) {
    const port = await tryBind(0);
    if (port) return port;
    throw new Error('no free TCP port on 127.0.0.1');
  }
  for (let tries = 0; tries < 100; tries++) {
    const port = await tryBind(FIRST + Math.floor(Math.random() * (range[0] - FIRST)));
    if (port) return port;
  }
  throw new Error(`no free TCP port on 127.0.0.1 in ${FIRST}-${range[0] - 1}`);
}
