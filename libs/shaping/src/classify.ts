import type { ChatMessage } from '@livecast/contracts';

/** How the shaper treats a message: capped chat, never-lost priority, or a folded like. */
export type MessageClass = 'normal' | 'priority' | 'like';

/** Classifies a message: likes fold into a counter; system, gifts and staff senders are priority; other chat is normal. */
export function classify(msg: ChatMessage): MessageClass {
  if (msg.kind === 'like') return 'like';
  if (msg.kind === 'system' || msg.kind === 'gift' || isStaff(msg)) return 'priority';
  return 'normal';
}

/**
 * Within the priority class, system messages and staff (host/moderator/admin) go ahead of
 * viewers' gifts, so a gift rush cannot hold back what the host says.
 */
export function isUrgent(msg: ChatMessage): boolean {
  return msg.kind === 'system' || isStaff(msg);
}

function isStaff(msg: ChatMessage): boolean {
  const role = msg.from.role;
  return role === 'host' || role === 'moderator' || role === 'admin';
}
