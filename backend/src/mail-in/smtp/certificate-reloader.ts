import { Logger } from '@nestjs/common';
import { createHash, X509Certificate } from 'node:crypto';
import { FSWatcher, readFileSync, watch } from 'node:fs';
import * as path from 'node:path';
import { createSecureContext } from 'node:tls';

export interface CertificatePair {
  key: Buffer;
  cert: Buffer;
}

export interface CertificateWatch {
  /** The pair in use now. */
  readonly current: CertificatePair;
  close(): void;
}

/** A safety net for filesystems without change events; events normally arrive within a second. */
const POLL_MS = 30_000;
/** Kubernetes swaps a Secret volume's files in several steps: read once they settle. */
const SETTLE_MS = 200;

function readPair(files: { certFile: string; keyFile: string }): CertificatePair {
  return { key: readFileSync(files.keyFile), cert: readFileSync(files.certFile) };
}
const fingerprint = (pair: CertificatePair) => createHash('sha256').update(pair.key).update(pair.cert).digest('hex');

/**
 * Reads a PEM certificate and key, then watches them: when they change (cert-manager renews
 * a certificate, Kubernetes swaps the mounted Secret's `..data` symlink) and the new pair is
 * valid (parses, the key matches the certificate), `apply` gets it. A half-written or
 * mismatched pair is logged and skipped; the previous one stays in use.
 * @throws Error when the files cannot be read or do not form a valid pair at start.
 */
export function watchCertificate(
  files: { certFile: string; keyFile: string },
  apply: (pair: CertificatePair) => void,
  logger = new Logger('StartTls'),
): CertificateWatch {
  let current = readPair(files);
  createSecureContext(current); // fail at start on a bad pair, not at the first STARTTLS
  let seen = fingerprint(current);
  let timer: NodeJS.Timeout | undefined;

  const check = () => {
    timer = undefined;
    let next: CertificatePair;
    try {
      next = readPair(files);
    } catch (e) {
      logger.warn(`STARTTLS certificate not reloaded: ${(e as Error).message}`);
      return;
    }
    const print = fingerprint(next);
    if (print === seen) return;
    seen = print;
    try {
      createSecureContext(next);
      apply(next);
      current = next;
      logger.log(`STARTTLS certificate reloaded (valid until ${new X509Certificate(next.cert).validTo})`);
    } catch (e) {
      logger.warn(`STARTTLS certificate not reloaded, keeping the previous one: ${(e as Error).message}`);
    }
  };
  const soon = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(check, SETTLE_MS);
    timer.unref();
  };

  // Watch the directories, not the files: a Secret volume replaces them (through `..data`), and
  // a watch on a replaced file goes silent.
  const watchers: FSWatcher[] = [...new Set([path.dirname(files.certFile), path.dirname(files.keyFile)])].map((dir) =>
    watch(dir, { persistent: false }, soon).on('error', (e) => logger.warn(`watching ${dir}: ${e.message}`)),
  );
  const poll = setInterval(check, POLL_MS);
  poll.unref();

  return {
    get current() {
      return current;
    },
    close() {
      for (const w of watchers) w.close();
      clearInterval(poll);
      if (timer) clearTimeout(timer);
    },
  };
}
