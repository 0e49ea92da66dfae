import { queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { keys } from '../api/keys';
import type { CreateOrganizationDto, UpdateCustomerDto } from '../api/openapi.gen';
import { pagedQuery } from '../api/paging';
import type { Organization } from '../api/types';
import { notifyError } from '../ui/notify';

/** Organizations and their members: reads, and the changes agents make (issue 15). */

export const organizationQuery = (id: number) =>
  queryOptions({
    queryKey: keys.organization(id),
    queryFn: () => api.GET('/api/v1/organizations/{id}', { params: { path: { id } } }),
    staleTime: 30_000,
  });
export const useOrganization = (id: number | null) => useQuery({ ...organizationQuery(id ?? 0), enabled: id !== null });

/** Organizations by name, 50 a page; `q`: a name prefix or an exact domain. */
export const useOrganizationList = (q: string) =>
  useInfiniteQuery(
    pagedQuery([...keys.organizations, 'list', q], (cursor) =>
      api.GET('/api/v1/organizations', { params: { query: { q: q || undefined, cursor, limit: 50 } } }),
    ),
  );

/** The members of an organization (customers), 50 a page. */
export const useMembers = (organizationId: number) =>
  useInfiniteQuery(
    pagedQuery([...keys.customers, { organizationId }], (cursor) =>
      api.GET('/api/v1/customers', { params: { query: { organizationId, cursor, limit: 50 } } }),
    ),
  );

/** The newest tickets of an organization (`limit` of them); null: none asked. */
export const useOrganizationTickets = (organizationId: number | null, limit: number) =>
  useQuery({
    queryKey: [...keys.ticketLists, { organizationId, limit }],
    enabled: organizationId !== null,
    queryFn: () => api.GET('/api/v1/tickets', { params: { query: { organizationId: organizationId!, limit } } }),
  });

/** Customers whose email or name starts with `q` (for moving someone in). */
export const useCustomerSearch = (q: string) =>
  useQuery({
    queryKey: [...keys.customers, { q }],
    enabled: q.trim().length > 1,
    queryFn: async () => (await api.GET('/api/v1/customers', { params: { query: { q: q.trim(), limit: 10 } } })).items,
  });

/** Organizations whose name starts with `q` (or whose domain it is), a few for suggestions. */
export const useOrganizationSearch = (q: string) =>
  useQuery({
    queryKey: [...keys.organizations, 'search', q.trim()],
    enabled: q.trim().length > 1,
    queryFn: async () =>
      (await api.GET('/api/v1/organizations', { params: { query: { q: q.trim(), limit: 5 } } })).items,
  });

/** POST /organizations for a new one, PATCH /organizations/:id otherwise; resolves to it. */
export function useSaveOrganization() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: CreateOrganizationDto & { id?: number }) =>
      id
        ? api.PATCH('/api/v1/organizations/{id}', { params: { path: { id } }, body })
        : api.POST('/api/v1/organizations', { body }),
    onSuccess: (o: Organization) => {
      qc.setQueryData(keys.organization(o.id), o);
      void qc.invalidateQueries({ queryKey: keys.organizations });
      void qc.invalidateQueries({ queryKey: keys.customers });
    },
    onError: notifyError,
  });
}

/** PATCH /customers/:id: moves a person to an organization (null: none), or changes their fields. */
export function useUpdateCustomer() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: UpdateCustomerDto & { id: number }) =>
      api.PATCH('/api/v1/customers/{id}', { params: { path: { id } }, body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.customers }),
    onError: notifyError,
  });
}
