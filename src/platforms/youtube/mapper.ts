import type { youtube_v3 } from '@googleapis/youtube';
import type { RemoteComment } from '../contract.js';

const STATES: Record<string, RemoteComment['state']> = {
  published: 'visible',
  heldForReview: 'held',
  likelySpam: 'held',
  rejected: 'rejected',
};

/** Maps a YouTube comment (top-level or reply). `postId` is the video id, or the channel id for channel comments. */
export function toRemoteComment(c: youtube_v3.Schema$Comment, fallbackPostId: string): RemoteComment | undefined {
  const s = c.snippet;
  const publishedAt = validDate(s?.publishedAt);
  if (!c.id || !s || !publishedAt) return undefined;
  const out: RemoteComment = {
    externalId: c.id,
    postId: s.videoId ?? s.channelId ?? fallbackPostId,
    text: s.textOriginal ?? s.textDisplay ?? '',
    publishedAt,
  };
  if (s.parentId) out.parentId = s.parentId;
  if (s.authorChannelId?.value) out.authorId = s.authorChannelId.value;
  if (s.authorDisplayName) out.authorName = s.authorDisplayName;
  const updatedAt = s.updatedAt !== s.publishedAt ? validDate(s.updatedAt) : undefined;
  if (updatedAt) out.updatedAt = updatedAt;
  const state = s.moderationStatus ? STATES[s.moderationStatus] : undefined;
  if (state) out.state = state;
  return out;
}

/** A date from an RFC 3339 string; undefined when missing or unparseable (never an Invalid Date). */
function validDate(v: string | null | undefined): Date | undefined {
  if (!v) return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** The latest time a comment changed: its update time, or its publication time. */
export function changedAt(c: youtube_v3.Schema$Comment): number {
  const s = c.snippet;
  return Math.max(Date.parse(s?.publishedAt ?? '') || 0, Date.parse(s?.updatedAt ?? '') || 0);
}
