import { ProviderError } from '../../mail-providers/provider-error';
import type { SourceContext } from './connector';
import { ApiError } from '../../mail-providers/http-api';

/** This many messages failing in a row with server errors means the server is down, not the messages. */
const SERVER_FAILURES_IN_A_ROW = 3;

/**
 * Fetches, spools and marks messages one by one for the HTTP connectors. A message the API
 * will not give (a 4xx other than auth and throttling, or a 5xx while the others work) is
 * recorded as failed and the rest go on; a message gone meanwhile (404) is simply not there.
 * Failures of the whole source (sign-in, throttling, network, a server down) end the sync.
 */
export async function deliverEach(
  ctx: SourceContext,
  ids: string[],
  fetchRaw: (id: string) => Promise<Buffer>,
  mark: (id: string) => Promise<void>,
): Promise<void> {
  let serverFailures = 0;
  for (const id of ids) {
    let raw: Buffer;
    try {
      raw = await fetchRaw(id);
      serverFailures = 0;
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        await ctx.gone(id);
        continue;
      }
      if (e instanceof ApiError) {
        await ctx.failed(id, e.message);
        continue;
      }
      if (e instanceof ProviderError && e.kind === 'server' && ++serverFailures < SERVER_FAILURES_IN_A_ROW) {
        await ctx.failed(id, e.message);
        continue;
      }
      throw e;
    }
    if (!(await ctx.deliverAll([{ remoteId: id, raw }])).length) continue;
    try {
      await mark(id);
    } catch (e) {
      // Deleted between fetching and marking: it is in the spool, nothing left to mark.
      if (!(e instanceof ApiError && e.status === 404)) throw e;
    }
  }
}
