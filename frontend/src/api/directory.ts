import { useQuery } from '@tanstack/react-query';
import { get } from './client';
import { keys } from './keys';
import type { CannedResponse, Group, Page, User } from './types';

/** Every user, following the cursor (teams are small; pages of 200). */
export async function fetchAllUsers(): Promise<User[]> {
  const all: User[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<User> = await get(
      `/api/v1/users?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

export const useUsers = () => useQuery({ queryKey: keys.users, queryFn: fetchAllUsers, staleTime: 60_000 });
export const useGroups = () =>
  useQuery({
    queryKey: keys.groups,
    queryFn: async () => (await get<Page<Group>>('/api/v1/groups')).items,
    staleTime: 60_000,
  });
export const useCannedResponses = () =>
  useQuery({
    queryKey: keys.canned,
    queryFn: () => get<CannedResponse[]>('/api/v1/canned-responses'),
    staleTime: 60_000,
    retry: false,
  });

/** id → name lookups for list cells. */
export function useNames() {
  const users = useUsers().data ?? [];
  const groups = useGroups().data ?? [];
  return {
    users,
    groups,
    userName: (id: number | null) => (id == null ? null : (users.find((u) => u.id === id)?.name ?? `#${id}`)),
    groupName: (id: number | null) => (id == null ? null : (groups.find((g) => g.id === id)?.name ?? `#${id}`)),
  };
}
