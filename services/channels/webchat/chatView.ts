import type { CustomerLanguage, Message, VisitorAttachment, VisitorMessage } from '../../contracts';
import { phrase } from '../../phrases';
import type { ChatLine } from './repo';

type Meta = Record<string, unknown>;

function parseMeta(meta: string | Meta): Meta {
  if (typeof meta !== 'string') return meta;
  try {
    const value: unknown = JSON.parse(meta);
    return typeof value === 'object' && value !== null ? (value as Meta) : {};
  } catch {
    return {};
  }
}

function attachmentOf(meta: Meta): VisitorAttachment | null {
  const a = meta.attachment as Partial<VisitorAttachment> | undefined;
  if (!a || typeof a.fileId !== 'string' || typeof a.url !== 'string') return null;
  return {
    fileId: a.fileId,
    name: String(a.name ?? 'file'),
    contentType: String(a.contentType ?? ''),
    size: Number(a.size ?? 0),
    url: a.url,
  };
}

/**
 * A stored line as the visitor sees it: text stays text; agent ids and notes never leave the hub. The hub's
 * own lines are worded in the chat queue's `language`.
 */
export function toVisitorMessage(line: ChatLine, language: CustomerLanguage = 'en'): VisitorMessage {
  const meta = parseMeta(line.meta);
  const from: VisitorMessage['from'] = typeof meta.system === 'string' ? 'system' : line.direction === 'out' ? 'agent' : 'visitor';
  return {
    id: line.id,
    clientId: typeof meta.clientId === 'string' ? meta.clientId : null,
    from,
    agentName: from === 'agent' ? line.authorName : null,
    // The stored line is worded for the agent ("The visitor ended the chat."); the visitor reads their own act.
    text: meta.system === 'ended' ? phrase(language, 'chat.youEnded') : line.bodyText,
    attachment: attachmentOf(meta),
    status: line.status,
    createdAt: line.createdAt,
  };
}

export function lineOf(message: Message, authorName: string | null): ChatLine {
  return {
    id: message.id,
    direction: message.direction,
    authorName,
    bodyText: message.bodyText,
    status: message.status,
    meta: JSON.stringify(message.meta),
    createdAt: message.createdAt,
  };
}
