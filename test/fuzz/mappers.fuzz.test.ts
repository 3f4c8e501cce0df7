import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RemoteComment } from '../../src/platforms/contract.js';
import { toRemoteComment as fbMap } from '../../src/platforms/facebook/mapper.js';
import { toRemoteComment as igMap } from '../../src/platforms/instagram/mapper.js';
import { toRemoteComment as xMap } from '../../src/platforms/x/mapper.js';
import { toRemoteComment as ytMap } from '../../src/platforms/youtube/mapper.js';
import { hostileText, RUNS, withinBudget } from './helpers.js';

/** Timestamps as the emulator writes them, plus the malformed ones a faulty upstream could send. */
const timestamp = fc.oneof(
  fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().replace(/\.\d+Z$/, '+0000')),
  fc.constantFrom('', 'yesterday', '2024-13-45T99:99:99+0000', '0', 'NaN'),
);
const id = fc.oneof(fc.stringMatching(/^[0-9]{1,19}(_[0-9]{1,19})?$/), fc.string({ maxLength: 12 }));
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

/** Every comment a mapper returns must be storable: ids and text strings, a real date. */
function expectStorable(c: RemoteComment | undefined): void {
  if (!c) return;
  expect(typeof c.externalId).toBe('string');
  expect(typeof c.postId).toBe('string');
  expect(typeof c.text).toBe('string');
  expect(Number.isNaN(c.publishedAt.getTime())).toBe(false);
  if (c.updatedAt) expect(Number.isNaN(c.updatedAt.getTime())).toBe(false);
}

describe('fuzz: connector mappers over emulator-shaped JSON', () => {
  it('Facebook comments', () => {
    const comment = fc.record(
      {
        id: opt(id),
        message: opt(hostileText),
        created_time: opt(timestamp),
        from: opt(fc.record({ id: opt(id), name: opt(hostileText) })),
        parent: opt(fc.record({ id: opt(id) })),
        is_hidden: opt(fc.boolean()),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(comment, id, (raw, post) => expectStorable(withinBudget('fb', () => fbMap(raw, post)))),
      RUNS,
    );
  });

  it('Instagram comments and replies', () => {
    const comment = fc.record(
      {
        id: opt(id),
        text: opt(hostileText),
        timestamp: opt(timestamp),
        username: opt(hostileText),
        from: opt(fc.record({ id: opt(id), username: opt(hostileText) })),
        hidden: opt(fc.boolean()),
        parent_id: opt(id),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(comment, id, opt(id), (raw, media, parent) => expectStorable(withinBudget('ig', () => igMap(raw, media, parent)))),
      RUNS,
    );
  });

  it('X tweets', () => {
    const tweet = fc.record(
      {
        id: id,
        text: hostileText,
        edit_history_tweet_ids: opt(fc.array(id, { maxLength: 4 })),
        author_id: opt(id),
        created_at: opt(timestamp),
        conversation_id: opt(id),
        referenced_tweets: opt(fc.array(fc.record({ type: fc.constantFrom('replied_to', 'quoted', 'retweeted'), id }), { maxLength: 3 })),
      },
      { requiredKeys: ['id', 'text'] },
    );
    const users = fc.array(fc.record({ id, name: hostileText, username: hostileText }), { maxLength: 3 });
    fc.assert(
      fc.property(tweet, users, (t, us) => expectStorable(withinBudget('x', () => xMap(t, new Map(us.map((u) => [u.id, u])))))),
      RUNS,
    );
  });

  it('YouTube comments', () => {
    const snippet = fc.record(
      {
        videoId: opt(id),
        channelId: opt(id),
        textOriginal: opt(hostileText),
        textDisplay: opt(hostileText),
        parentId: opt(id),
        authorChannelId: opt(fc.record({ value: opt(id) })),
        authorDisplayName: opt(hostileText),
        publishedAt: opt(timestamp),
        updatedAt: opt(timestamp),
        moderationStatus: opt(fc.constantFrom('published', 'heldForReview', 'likelySpam', 'rejected', 'bogus')),
      },
      { requiredKeys: [] },
    );
    const comment = fc.record({ id: opt(id), snippet: opt(snippet) }, { requiredKeys: [] });
    fc.assert(
      fc.property(comment, id, (c, post) => expectStorable(withinBudget('yt', () => ytMap(c, post)))),
      RUNS,
    );
  });
});
