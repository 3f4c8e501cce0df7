import type { RemoteComment } from '../contract.js';
import { parseGraphDate } from '../graph/time.js';

/** Comment fields requested from Graph (names from the official Comment definition). */
export const FB_COMMENT_FIELDS = ['id', 'message', 'created_time', 'from', 'parent{id}', 'is_hidden'] as const;

/** A Graph `Comment` as the connector requests it. */
export interface FbCommentJson {
  id?: string;
  message?: string;
  created_time?: string;
  from?: { id?: string; name?: string };
  parent?: { id?: string };
  is_hidden?: boolean;
}

/** A page post with its nested comments page. */
export interface FbPostJson {
  id?: string;
  created_time?: string;
  updated_time?: string;
  comments?: { data?: FbCommentJson[]; paging?: { next?: string }; summary?: { total_count?: number } };
}

/** Maps one Graph comment; undefined when it lacks an id or a timestamp (never seen in practice). */
export function toRemoteComment(raw: FbCommentJson, postId: string): RemoteComment | undefined {
  const publishedAt = parseGraphDate(raw.created_time);
  if (!raw.id || !publishedAt) return undefined;
  return {
    externalId: raw.id,
    postId,
    ...(raw.parent?.id ? { parentId: raw.parent.id } : {}),
    ...(raw.from?.id ? { authorId: raw.from.id } : {}),
    ...(raw.from?.name ? { authorName: raw.from.name } : {}),
    text: raw.message ?? '',
    publishedAt,
    state: raw.is_hidden ? 'hidden' : 'visible',
  };
}
