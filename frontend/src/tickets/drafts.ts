import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { keys } from '../api/keys';
import { deleteDraft, type Draft, type DraftContent, draftKey, draftQuery, saveDraft, showDraft } from './drafts.api';

/** How long after the last change the draft is saved (the design's 1.5 s). */
export const DRAFT_SAVE_DELAY_MS = 1500;

/** Nothing worth keeping: the draft is deleted rather than saved. */
export const isEmptyDraft = (c: DraftContent) =>
  !c.body.trim() && !c.bodyHtml?.trim() && !c.attachmentIds?.length && !c.cc?.length;

/** A draft's content as compared between saves (what the server stores of it). */
const fingerprint = (c: DraftContent) =>
  JSON.stringify([c.body, c.bodyHtml ?? null, c.internal ?? false, c.attachmentIds ?? [], c.cc ?? []]);

/**
 * Keeps the composer's unsent content as the agent's server-side draft on the ticket.
 *
 * Once the draft has loaded, `restore` is called with it (only while the composer is still
 * empty: what the agent typed meanwhile wins). After that every change is saved
 * `DRAFT_SAVE_DELAY_MS` after the last one, or deleted when the content is emptied; a change
 * not saved yet is saved at once when the composer goes (leaving the ticket) and, with
 * `keepalive`, when the page is hidden for good (reload, closed tab). Nothing is saved before
 * the draft has loaded, so an empty composer never deletes a draft it has not shown yet, and
 * none while a send is on its way (it waits for the send, which deletes the draft).
 * Call `sent()` after a send: the server deleted the draft with the message. One hook per
 * ticket: the ticket page mounts a fresh composer for another ticket.
 */
export function useDraft(ticketId: number, content: DraftContent, restore: (draft: Draft) => void) {
  const qc = useQueryClient();
  const loaded = useQuery(draftQuery(ticketId));
  const ready = loaded.isSuccess || loaded.isError;
  // What the server holds: a fingerprint, null for no draft, undefined when unknown (load or save failed).
  const saved = useRef<string | null | undefined>(undefined);
  const pending = useRef<DraftContent | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const restored = useRef(false);
  // Bumped by a send: a save still on its way from before it must not bring the draft back.
  const epoch = useRef(0);
  const latest = useRef(content);
  latest.current = content;
  const restoreRef = useRef(restore);
  restoreRef.current = restore;

  const flush = useRef((keepalive: boolean, leaving: boolean) => {
    clearTimeout(timer.current);
    // A send (or an upload) on its way: wait, so that a save never lands after the message deleted the draft.
    if (!leaving && pending.current && qc.isMutating() > 0) {
      timer.current = setTimeout(() => flush(false, false), DRAFT_SAVE_DELAY_MS);
      return;
    }
    const c = pending.current;
    pending.current = null;
    if (!c) return;
    const print = isEmptyDraft(c) ? null : fingerprint(c);
    if (print === saved.current) return;
    saved.current = print;
    const started = epoch.current;
    const call = print === null ? deleteDraft(ticketId, keepalive).then(() => null) : saveDraft(ticketId, c, keepalive);
    call.then(
      (draft) => {
        if (started !== epoch.current) {
          // Sent meanwhile: the message took this text; forget it unless something newer was typed.
          if (draft && saved.current === null) void deleteDraft(ticketId);
          return;
        }
        if (saved.current !== print) return; // a newer change is on its way
        const shown = qc.getQueryData<Draft | null>(draftKey(ticketId)) ?? null;
        showDraft(qc, ticketId, draft);
        // "Draft" came or went: a list fetched while this was on its way may not show it yet.
        if ((shown === null) !== (draft === null)) void qc.invalidateQueries({ queryKey: keys.ticketLists });
      },
      () => {
        // Unknown now: the next change saves again.
        if (saved.current === print) saved.current = undefined;
      },
    );
  }).current;

  // Restore once, when the draft has loaded.
  useEffect(() => {
    if (!ready || restored.current) return;
    restored.current = true;
    const draft = loaded.data ?? null;
    saved.current = loaded.isSuccess ? (draft ? fingerprint(draft) : null) : undefined;
    if (draft && isEmptyDraft(latest.current)) restoreRef.current(draft);
  }, [ready, loaded.data, loaded.isSuccess]);

  // Save a while after the last change.
  const print = isEmptyDraft(content) ? null : fingerprint(content);
  useEffect(() => {
    if (!restored.current) return;
    clearTimeout(timer.current);
    if (print === saved.current) {
      pending.current = null;
      return;
    }
    pending.current = latest.current;
    timer.current = setTimeout(() => flush(false, false), DRAFT_SAVE_DELAY_MS);
  }, [print, ready, flush]);

  // Leaving the ticket (route change, another ticket) or the page.
  useEffect(() => {
    const onPageHide = () => flush(true, true);
    window.addEventListener('pagehide', onPageHide);
    return () => {
      window.removeEventListener('pagehide', onPageHide);
      flush(false, true);
    };
  }, [flush]);

  return {
    /** The content was just sent: the server deleted the draft with the message. */
    sent() {
      epoch.current += 1;
      clearTimeout(timer.current);
      pending.current = null;
      saved.current = null;
      showDraft(qc, ticketId, null);
    },
  };
}
