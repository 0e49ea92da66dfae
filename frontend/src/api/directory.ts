import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import { keys } from './keys';
import { fetchAllPages } from './paging';

/**
 * Who is who, for every screen: the team and the groups (each cached a minute). Changing them is the admin area's (admin/api/).
 */

/** Every user, following the cursor (teams are small; pages of 200). */
const fetchAllUsers = () =>
  fetchAllPages((cursor) => api.GET('/api/v1/users', { params: { query: { limit: 200, cursor } } }));

export const useUsers = () => useQuery({ queryKey: keys.users, queryFn: fetchAllUsers, staleTime: 60_000 });
export const useGroups = () =>
  useQuery({
    queryKey: keys.groups,
    queryFn: async () => (await api.GET('/api/v1/groups')).items,
    staleTime: 60_000,
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
