/** What a signed-in person may do: admins manage the help desk, agents work its tickets. */
export const USER_ROLES = ['admin', 'agent'] as const;
export type UserRole = (typeof USER_ROLES)[number];
