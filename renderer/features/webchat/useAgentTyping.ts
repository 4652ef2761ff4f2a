import { useCallback, useEffect, useRef } from 'react';
import { useHubReady } from '../../app/hooks';
import { useChatTypingMutation } from '../channels/channelApi';

/** Tell the visitor at most this often that the agent is still typing. */
export const TYPING_THROTTLE_MS = 3000;
/** No keystroke for this long: tell them the agent stopped. */
export const TYPING_IDLE_MS = 4000;

/**
 * Agent typing for a chat: the first keystroke sends chat/typing true, then at most one every few
 * seconds while typing goes on; idle or sent -> typing false. Best effort: a lost signal costs nothing.
 */
export function useAgentTyping(conversationId: number, enabled: boolean): Readonly<{ typed: () => void; stopped: () => void }> {
  const ready = useHubReady();
  const [signal] = useChatTypingMutation();
  const lastSent = useRef(0);
  const typing = useRef(false);
  const idle = useRef<ReturnType<typeof setTimeout> | null>(null);

  const stopped = useCallback(() => {
    if (idle.current) clearTimeout(idle.current);
    idle.current = null;
    if (!typing.current) return;
    typing.current = false;
    lastSent.current = 0;
    if (ready) void signal({ conversationId, typing: false });
  }, [conversationId, ready, signal]);

  const typed = useCallback(() => {
    if (!enabled || !ready) return;
    const now = Date.now();
    if (!typing.current || now - lastSent.current >= TYPING_THROTTLE_MS) {
      typing.current = true;
      lastSent.current = now;
      void signal({ conversationId, typing: true });
    }
    if (idle.current) clearTimeout(idle.current);
    idle.current = setTimeout(stopped, TYPING_IDLE_MS);
  }, [enabled, ready, conversationId, signal, stopped]);

  // Leaving the conversation counts as stopping.
  useEffect(() => stopped, [stopped]);
  return { typed, stopped };
}
