import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { metricsRegistry } from './metrics';

/**
 * Serves `GET /metrics` (Prometheus text format) on `METRICS_PORT`, a port of its own that
 * the Ingress never routes: metrics name routes, queues and error counts, which are not for
 * the public (the public port answers 404 there). Every role runs one. It opens after the
 * app has started and closes last, so a draining process can still be scraped.
 *
 * A port that cannot be bound (taken) is logged and skipped: mail intake and the API never
 * stop for the lack of metrics, and Prometheus reports the target down.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MetricsServer.name);
  private server?: Server;
  /** The bound port (useful with METRICS_PORT=0); 0 when not listening. */
  port = 0;

  constructor(@Inject(CONFIG) private readonly config: Config) {}

  async onApplicationBootstrap() {
    const server = createServer((req, res) => {
      const path = req.url?.split('?')[0];
      if (req.method !== 'GET' || path !== '/metrics') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
        return;
      }
      metricsRegistry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': metricsRegistry.contentType }).end(text),
        (e: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${e.message}\n`),
      );
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.config.metrics.port, this.config.http.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (e) {
      this.logger.warn(`metrics not served: port ${this.config.metrics.port}: ${(e as Error).message}`);
      return;
    }
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  async onApplicationShutdown() {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
