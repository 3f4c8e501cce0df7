/**
 * A small evaluator for the subset of X search query syntax the emulator understands:
 * terms joined by spaces (AND) or `OR`, parentheses, `-` negation, and the operators
 * `conversation_id:`, `in_reply_to_tweet_id:`, `to:`, `from:`, `is:reply`, `is:retweet`, `is:quote`,
 * `@handle` and plain keywords (case-insensitive substring match).
 */

/** What a query term can be checked against. */
export interface QueryTweet {
  id: string;
  text: string;
  conversationId: string;
  inReplyToTweetId?: string;
  authorUsername: string;
  inReplyToUsername?: string;
}

export type QueryPredicate = (t: QueryTweet) => boolean;

/** Thrown for a query the real API would reject with HTTP 400. */
export class QuerySyntaxError extends Error {}

const TOKEN = /\s*(\(|\)|"[^"]*"|[^\s()]+)/y;

function tokenize(query: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(query)) !== null) tokens.push(m[1]!);
  return tokens;
}

/** Parses a query into a predicate; throws QuerySyntaxError on anything unsupported. */
export function parseQuery(query: string): QueryPredicate {
  const tokens = tokenize(query);
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];

  const parseOr = (): QueryPredicate => {
    const parts = [parseAnd()];
    while (peek() === 'OR') {
      pos += 1;
      parts.push(parseAnd());
    }
    return parts.length === 1 ? parts[0]! : (t) => parts.some((p) => p(t));
  };
  const parseAnd = (): QueryPredicate => {
    const parts: QueryPredicate[] = [];
    while (pos < tokens.length && peek() !== ')' && peek() !== 'OR') parts.push(parseUnary());
    if (parts.length === 0) throw new QuerySyntaxError('empty expression');
    return (t) => parts.every((p) => p(t));
  };
  const parseUnary = (): QueryPredicate => {
    const tok = tokens[pos++]!;
    if (tok === '(') {
      const inner = parseOr();
      if (tokens[pos++] !== ')') throw new QuerySyntaxError('unbalanced parentheses');
      return inner;
    }
    if (tok.startsWith('-') && tok.length > 1) {
      const inner = term(tok.slice(1));
      return (t) => !inner(t);
    }
    return term(tok);
  };

  const pred = parseOr();
  if (pos !== tokens.length) throw new QuerySyntaxError(`unexpected token ${tokens[pos]}`);
  return pred;
}

function term(tok: string): QueryPredicate {
  const lower = (s: string): string => s.toLocaleLowerCase('en');
  if (tok.startsWith('"')) {
    const phrase = lower(tok.slice(1, -1));
    return (t) => lower(t.text).includes(phrase);
  }
  if (tok.startsWith('@') && tok.length > 1) {
    const handle = lower(tok.slice(1));
    return (t) => lower(t.text).includes(`@${handle}`) || (t.inReplyToUsername !== undefined && lower(t.inReplyToUsername) === handle);
  }
  const colon = tok.indexOf(':');
  if (colon < 0) {
    const word = lower(tok);
    return (t) => lower(t.text).includes(word);
  }
  const op = tok.slice(0, colon);
  const value = tok.slice(colon + 1);
  if (!value) throw new QuerySyntaxError(`operator ${op}: needs a value`);
  switch (op) {
    case 'conversation_id':
      return (t) => t.conversationId === value;
    case 'in_reply_to_tweet_id':
      return (t) => t.inReplyToTweetId === value;
    case 'to':
      return (t) => t.inReplyToUsername !== undefined && lower(t.inReplyToUsername) === lower(value);
    case 'from':
      return (t) => lower(t.authorUsername) === lower(value);
    case 'is':
      if (value === 'reply') return (t) => t.inReplyToTweetId !== undefined;
      if (value === 'retweet' || value === 'quote') return () => false;
      throw new QuerySyntaxError(`unsupported is:${value}`);
    default:
      throw new QuerySyntaxError(`unsupported operator ${op}:`);
  }
}
