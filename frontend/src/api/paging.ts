import { infiniteQueryOptions, type QueryKey } from '@tanstack/react-query';
import type { Page } from './types';

/**
 * Query options for a cursor-paged list route (`{items, nextCursor}`): `fetchPage` gets the cursor
 * of the page to load (undefined for the first).
 */
export const pagedQuery = <T>(queryKey: QueryKey, fetchPage: (cursor?: string) => Promise<Page<T>>) =>
  infiniteQueryOptions({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam ?? undefined),
    initialPageParam: null as string | null,
    getNextPageParam: (last: Page<T>) => last.nextCursor,
  });

export type PagedQuery<T> = ReturnType<typeof pagedQuery<T>>;

/** Every item of a paged list, following the cursor (for short lists such as the team). */
export async function fetchAllPages<T>(fetchPage: (cursor?: string) => Promise<Page<T>>): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}
