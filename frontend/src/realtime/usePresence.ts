import { useCallback, useEffect, useRef, useState } from 'react';
import { getSocket, Viewer } from './socket';

/**
 * Who else has this ticket open and who is typing. Joins the ticket's room (again after
 * every reconnect) and leaves it on unmount; `setTyping` sends only changes.
 */
export function usePresence(ticketId: number, myId: number) {
  const [viewers, setViewers] = useState<Viewer[]>([]);
  const typingRef = useRef(false);

  useEffect(() => {
    const socket = getSocket();
    const join = () => socket.emit('presence:join', { ticketId });
    const onPresence = (e: { ticketId: number; viewers: Viewer[] }) => {
      if (e.ticketId === ticketId) setViewers(e.viewers);
    };
    socket.on('presence', onPresence);
    socket.on('connect', join);
    if (socket.connected) join();
    return () => {
      socket.off('presence', onPresence);
      socket.off('connect', join);
      socket.emit('presence:leave', { ticketId });
      typingRef.current = false;
      setViewers([]);
    };
  }, [ticketId]);

  const setTyping = useCallback(
    (typing: boolean) => {
      if (typingRef.current === typing) return;
      typingRef.current = typing;
      getSocket().emit('presence:typing', { ticketId, typing });
    },
    [ticketId],
  );

  return { others: viewers.filter((v) => v.userId !== myId), setTyping };
}
