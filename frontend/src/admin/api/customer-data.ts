import { api, linkTo } from '../../api/client';
import { keys } from '../../api/keys';
import type { CustomerErasureView } from '../../api/openapi.gen';
import { useAdminMutation } from './admin-mutation';

/** What an erasure removed or redacted (counts per kind). */
export type CustomerErasure = CustomerErasureView;

/** GET /customers/:id/export as a link: the browser downloads the zip with the session cookie. */
export const customerExportUrl = (id: number) => linkTo('/api/v1/customers/{id}/export', { id });

/** DELETE /customers/:id: erases the customer (GDPR); `onDone` gets what was erased. */
export const useEraseCustomer = (onDone: (erased: CustomerErasure) => void) =>
  useAdminMutation(
    (id: number) => api.DELETE('/api/v1/customers/{id}', { params: { path: { id } } }),
    keys.customers,
    onDone,
  );
