import { useCallback, useEffect, useRef, useState } from 'react';
import { AppSocket, connectSocket, Viewer } from './socket';

/**
 * Who else has this ticket open and who is typing. Joins the ticket's room (again after
 * every reconnect) and leaves it on unmount; `setTyping` sends only changes.
 */
export function usePresence(ticketId: number, myId: number) {
  const [viewers, setViewers] = useState<Viewer[]>([]);
  const typingRef = useRef(false);
  const socketRef = useRef<AppSocket | null>(null);

  useEffect(() => {
    let left = false;
    let socket: AppSocket | null = null;
    // Joined again after every reconnect, with the typing state the server lost meanwhile.
    const join = () => {
      socket?.emit('presence:join', { ticketId });
      if (typingRef.current) socket?.emit('presence:typing', { ticketId, typing: true });
    };
    const onPresence = (e: { ticketId: number; viewers: Viewer[] }) => {
      if (e.ticketId === ticketId) setViewers(e.viewers);
    };
    connectSocket().then(
      (s) => {
        if (left) return;
        socket = socketRef.current = s;
        s.on('presence', onPresence);
        s.on('connect', join);
        if (s.connected) join();
      },
      // Without the realtime code (a deploy replaced it since this page loaded): no presence.
      (e: unknown) => console.warn('presence unavailable:', e),
    );
    return () => {
      left = true;
      socket?.off('presence', onPresence);
      socket?.off('connect', join);
      socket?.emit('presence:leave', { ticketId });
      socketRef.current = null;
      typingRef.current = false;
      setViewers([]);
    };
  }, [ticketId]);

  const setTyping = useCallback(
    (typing: boolean) => {
      if (typingRef.current === typing) return;
      typingRef.current = typing;
      socketRef.current?.emit('presence:typing', { ticketId, typing });
    },
    [ticketId],
  );

  return { others: viewers.filter((v) => v.userId !== myId), setTyping };
}
