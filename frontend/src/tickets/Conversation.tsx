import { useEffect, useLayoutEffect, useRef } from 'react';
import type { Message } from '../api/types';
import { en } from '../i18n/en';
import classes from './TicketPage.module.css';
import { MessageItem } from './MessageItem';

/** Scrolls whatever scrolls `el` (the conversation on a desktop, the page on a phone) so that its top is in view. */
const reveal = (el: Element) => el.scrollIntoView({ block: 'start', behavior: 'instant' });

/** How long (in frames, ~0.5 s) a revealed message is kept in place while the layout settles. */
const SETTLE_FRAMES = 30;
const USER_SCROLLS = ['wheel', 'touchstart', 'keydown', 'pointerdown'] as const;

/**
 * Reveals `el` and keeps it there while the layout settles: messages the browser has not laid out
 * yet (content-visibility) take their real height, and mail frames their content's, in the first
 * frames after opening. Stops at once when the agent scrolls, types or clicks. Returns a cancel function.
 */
function revealSettled(el: Element): () => void {
  let frame = 0;
  let handle = 0;
  let top = NaN;
  const stop = () => {
    cancelAnimationFrame(handle);
    USER_SCROLLS.forEach((t) => window.removeEventListener(t, stop, true));
  };
  const tick = () => {
    if (++frame > SETTLE_FRAMES || !el.isConnected) return stop();
    if (el.getBoundingClientRect().top !== top) {
      reveal(el);
      top = el.getBoundingClientRect().top;
    }
    handle = requestAnimationFrame(tick);
  };
  USER_SCROLLS.forEach((t) => window.addEventListener(t, stop, { capture: true, passive: true }));
  tick();
  return stop;
}

/** Is any of `el` inside the visible part of `scroller` and of the window? */
function inView(el: Element, scroller: Element) {
  const r = el.getBoundingClientRect();
  const s = scroller.getBoundingClientRect();
  return r.bottom > Math.max(s.top, 0) && r.top < Math.min(s.bottom, window.innerHeight);
}

/**
 * The messages, oldest first, in their own scroll region (on a wide screen; on a phone the page
 * scrolls). Opens at the newest message; a message arriving later is brought into view only when
 * the agent was reading the end (or wrote it), so reading older messages is never interrupted.
 */
export function Conversation({ messages, myId }: { messages: Message[]; myId: number }) {
  const ref = useRef<HTMLElement>(null);
  const shown = useRef(0);
  const settling = useRef<() => void>(undefined);
  // Whether the conversation follows its end: set when the newest message is revealed (on
  // opening, on sending, on a reply arriving while the agent reads the end), cleared when the
  // agent scrolls away or the newest message outgrows the conversation (then shown from its
  // start). Not read from the scroll position on mounting: the first layouts (messages taking
  // their real height) can leave it short of the end for a moment.
  const following = useRef(false);
  useEffect(() => () => settling.current?.(), []);
  // Following the end, the conversation stays at the end when its box shrinks or grows (a
  // banner above the composer appearing, the composer growing with its text) and when a message
  // grows (a mail frame takes its content's height once its images arrived, long after opening on
  // a slow network): the newest message must not slide out of view under the agent's eyes. One
  // that has grown taller than the conversation is shown from its start, as on opening.
  useEffect(() => {
    const list = ref.current;
    if (!list || typeof ResizeObserver === 'undefined') return;
    const atEnd = () => list.scrollHeight - list.scrollTop - list.clientHeight < 2;
    const size = () => `${list.scrollHeight}/${list.clientHeight}`;
    // No scroll is read as the agent's until the observer has seen the first layout.
    let decidedAt = '';
    let userInput = false;
    const onInput = () => (userInput = true);
    // A scroll read in a layout the observer has not handled yet (the event of our own scroll,
    // dispatched after a banner appeared or a frame grew) would take "at the end" for "scrolled
    // away": then it is the observer's to decide, unless the agent scrolled themselves.
    const onScroll = () => {
      if (userInput || size() === decidedAt) following.current = atEnd();
      userInput = false;
    };
    const observer = new ResizeObserver(() => {
      const newest = list.lastElementChild;
      if (following.current && !atEnd()) {
        if (newest && newest.getBoundingClientRect().height > list.clientHeight) reveal(newest);
        else list.scrollTop = list.scrollHeight;
      }
      following.current = atEnd();
      decidedAt = size();
      userInput = false;
    });
    observer.observe(list);
    for (const message of list.children) observer.observe(message);
    const added = new MutationObserver((changes) =>
      changes.forEach((c) => c.addedNodes.forEach((n) => n instanceof Element && observer.observe(n))),
    );
    added.observe(list, { childList: true });
    list.addEventListener('scroll', onScroll, { passive: true });
    USER_SCROLLS.forEach((t) => list.addEventListener(t, onInput, { capture: true, passive: true }));
    return () => {
      observer.disconnect();
      added.disconnect();
      list.removeEventListener('scroll', onScroll);
      USER_SCROLLS.forEach((t) => list.removeEventListener(t, onInput, true));
    };
  }, []);
  useLayoutEffect(() => {
    const list = ref.current;
    if (!list || messages.length === shown.current) return;
    const previousLast = shown.current ? list.children[shown.current - 1] : null;
    const newest = list.lastElementChild;
    const opening = shown.current === 0;
    shown.current = messages.length;
    if (!newest) return;
    const mine = messages.at(-1)?.author.type === 'user' && messages.at(-1)?.author.id === myId;
    if (opening || mine || (previousLast && inView(previousLast, list))) {
      following.current = true;
      settling.current?.();
      settling.current = revealSettled(newest);
    }
  }, [messages, myId]);

  return (
    <section
      ref={ref}
      className={classes.conversation}
      aria-label={en.ticket.conversation}
      data-testid="conversation"
      // Keyboard users scroll the conversation with the arrow keys once it has focus.
      tabIndex={0}
    >
      {messages.map((m) => (
        <MessageItem key={m.id} message={m} />
      ))}
    </section>
  );
}
