import { fireEvent, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Message } from '../api/types';
import { renderWithProviders } from '../test/render';
import { Conversation } from './Conversation';

const message = (id: number): Message => ({
  id,
  ticketId: 9,
  internal: false,
  visibility: 'public',
  channel: 'email',
  author: { type: 'customer', id: 3, name: 'Carla', email: 'carla@example.org' },
  bodyText: `Message ${id}`,
  bodyHtml: null,
  remoteImages: 0,
  fullText: null,
  mail: null,
  attachments: [],
  delivery: null,
  cc: [],
  forwardedTo: null,
  createdAt: new Date().toISOString(),
});

// jsdom lays nothing out: the conversation's geometry is this, scrolled as a browser would (clamped).
const box = { scrollHeight: 1000, clientHeight: 400, scrollTop: 0 };
const clamp = (top: number) => Math.max(0, Math.min(top, box.scrollHeight - box.clientHeight));
let resized: () => void = () => undefined;

beforeEach(() => {
  Object.assign(box, { scrollHeight: 1000, clientHeight: 400, scrollTop: 0 });
  const conversation = (el: HTMLElement) => el.dataset.testid === 'conversation';
  vi.spyOn(HTMLElement.prototype, 'scrollHeight', 'get').mockImplementation(function (this: HTMLElement) {
    return conversation(this) ? box.scrollHeight : 0;
  });
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockImplementation(function (this: HTMLElement) {
    return conversation(this) ? box.clientHeight : 0;
  });
  vi.spyOn(Element.prototype, 'scrollTop', 'get').mockImplementation(() => box.scrollTop);
  vi.spyOn(Element.prototype, 'scrollTop', 'set').mockImplementation((top: number) => {
    box.scrollTop = clamp(top);
  });
  // Revealing the newest message (block: start) scrolls as far as the conversation goes.
  Element.prototype.scrollIntoView = () => {
    box.scrollTop = clamp(Infinity);
  };
  vi.stubGlobal(
    'ResizeObserver',
    class {
      constructor(callback: () => void) {
        resized = callback;
      }
      observe() {}
      disconnect() {}
    },
  );
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const open = () => {
  renderWithProviders(
    <MemoryRouter>
      <Conversation messages={[message(1), message(2), message(3)]} myId={1} />
    </MemoryRouter>,
  );
  expect(box.scrollTop).toBe(600);
  return screen.getByTestId('conversation');
};

describe('Conversation', () => {
  it('stays at the end when the newest message grows after opening (a mail frame whose images arrived)', () => {
    open();
    box.scrollHeight = 1100;
    resized();
    expect(box.scrollTop).toBe(700);
  });

  it('stays at the end when the scroll event of its own scroll is read after a banner shrank it', () => {
    const list = open();
    box.clientHeight = 300;
    // The browser dispatches the earlier scroll's event before the observer hears of the new size.
    fireEvent.scroll(list);
    resized();
    expect(box.scrollTop).toBe(700);
  });

  it('leaves the agent where they scrolled to, even while the layout changes', () => {
    const list = open();
    fireEvent.wheel(list);
    box.scrollTop = 200;
    box.clientHeight = 300;
    fireEvent.scroll(list);
    resized();
    expect(box.scrollTop).toBe(200);
    box.scrollHeight = 1100;
    resized();
    expect(box.scrollTop).toBe(200);
  });
});
