/**
 * The people a CRM contact can be owned by: the tenant's staff and tenant admins, for the owner
 * choices of the Contacts page's filter and a contact's page. Shared by the two CRM pages only.
 */
import { api } from '../api.ts';
import type { paths } from '../api-types.ts';
import { useLoad } from '../ui.tsx';

type UserList = paths['/api/v1/users']['get']['responses'][200]['content']['application/json'];

export interface Owner {
  readonly id: string;
  readonly email: string;
}

/** The first 100 staff and the first 100 tenant admins (a CRM team is far smaller), by email. */
export function useOwners() {
  return useLoad(async (): Promise<Owner[]> => {
    const lists = await Promise.all(['staff', 'tenant_admin'].map((role) => api<UserList>('GET', `/api/v1/users?${new URLSearchParams({ role, limit: '100' })}`)));
    return lists
      .flatMap((list) => list.items ?? [])
      .filter((u): u is typeof u & Owner => Boolean(u.id && u.email))
      .map((u) => ({ id: u.id, email: u.email }))
      .sort((a, b) => a.email.localeCompare(b.email));
  }, 'owners');
}

/** [value, label] choices for a SelectField: the owners, and `unknown` (an owner not among them) kept by its id. */
export function ownerChoices(owners: readonly Owner[] | undefined, current: string, none: string): (readonly [string, string])[] {
  const choices: (readonly [string, string])[] = [['', none], ...(owners ?? []).map((o) => [o.id, o.email] as const)];
  if (current && !choices.some(([id]) => id === current)) choices.push([current, `user ${current}`]);
  return choices;
}
