import { describe, expect, it } from 'vitest';
import { placeholderValues, renderPlaceholders } from './placeholders';

const ticket = {
  number: 42,
  subject: 'Printer on fire',
  requester: { id: 1, email: 'carla.c@example.org', name: 'Carla Customer' },
};

describe('canned response placeholders', () => {
  it('fills customer, ticket and agent values, with or without spaces inside the braces', () => {
    const text =
      'Hi {{customer.firstName}}, about #{{ ticket.number }} "{{ticket.subject}}" ({{customer.email}}). {{agent.name}}';
    expect(renderPlaceholders(text, placeholderValues(ticket, { name: 'Dana' }))).toBe(
      'Hi Carla, about #42 "Printer on fire" (carla.c@example.org). Dana',
    );
  });

  it('greets by the address when the customer has no name', () => {
    const values = placeholderValues({ ...ticket, requester: { ...ticket.requester, name: null } }, { name: 'Dana' });
    expect(renderPlaceholders('{{customer.name}} / {{customer.firstName}}', values)).toBe(
      'carla.c@example.org / carla.c',
    );
  });

  it('leaves unknown placeholders visible for the agent to fix', () => {
    expect(renderPlaceholders('Hello {{customer.shoeSize}}', placeholderValues(ticket, { name: 'Dana' }))).toBe(
      'Hello {{customer.shoeSize}}',
    );
  });
});
