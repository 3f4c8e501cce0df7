import type { RemoteComment } from '../contract.js';
import { parseGraphDate } from '../graph/time.js';

/** Reply fields requested from Graph (names from the official IGComment definition). */
export const IG_REPLY_FIELDS = ['id', 'text', 'timestamp', 'username', 'from', 'hidden', 'parent_id'] as const;
export const REPLIES_PER_PAGE = 50;
export const COMMENTS_PER_PAGE = 50;

/** Top-level comment fields, with the first page of replies expanded in the same request. */
export const IG_COMMENT_FIELDS = [
  'id',
  'text',
  'timestamp',
  'username',
  'from',
  'hidden',
  `replies.limit(${REPLIES_PER_PAGE}){${IG_REPLY_FIELDS.join(',')}}`,
] as const;

export interface IgList<T> {
  data?: T[];
  paging?: { cursors?: { after?: string }; next?: string };
}

/** A Graph `IGComment` as the connector requests it. */
export interface IgCommentJson {
  id?: string;
  text?: string;
  timestamp?: string;
  username?: string;
  from?: { id?: string; username?: string };
  hidden?: boolean;
  parent_id?: string;
  replies?: IgList<IgCommentJson>;
}

/** A Graph `IGMedia` with its first page of comments. */
export interface IgMediaJson {
  id?: string;
  timestamp?: string;
  comments_count?: number;
  comments?: IgList<IgCommentJson>;
}

/** Maps one Instagram comment or reply; undefined when it lacks an id or a timestamp. */
export function toRemoteComment(raw: IgCommentJson, mediaId: string, parentId?: string): RemoteComment | undefined {
  const publishedAt = parseGraphDate(raw.timestamp);
  if (!raw.id || !publishedAt) return undefined;
  const parent = raw.parent_id ?? parentId;
  const authorName = raw.from?.username ?? raw.username;
  return {
    externalId: raw.id,
    postId: mediaId,
    ...(parent ? { parentId: parent } : {}),
    ...(raw.from?.id ? { authorId: raw.from.id } : {}),
    ...(authorName ? { authorName } : {}),
    text: raw.text ?? '',
    publishedAt,
    state: raw.hidden ? 'hidden' : 'visible',
  };
}
