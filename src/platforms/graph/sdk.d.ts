/**
 * Minimal typings for the parts of facebook-nodejs-business-sdk (24.x, plain CommonJS with no
 * bundled types) that the Facebook and Instagram connectors use. Only named exports that the
 * package really has at runtime are declared as exports.
 */
declare module 'facebook-nodejs-business-sdk' {
  export type GraphParams = Record<string, string | number | boolean>;

  export class FacebookAdsApi {
    /** Pass `crashLog = false`: the default installs a process-wide uncaughtException handler. */
    constructor(accessToken: string, locale?: string, crashLog?: boolean);
    static readonly GRAPH: string;
    static readonly VERSION: string;
    setShowHeader(flag: boolean): FacebookAdsApi;
    setDebug(flag: boolean): FacebookAdsApi;
    /** An array `path` is joined onto GRAPH/VERSION; a string `path` is requested as an absolute URL. */
    call(method: 'GET' | 'POST' | 'DELETE', path: string | string[], params?: GraphParams): Promise<unknown>;
  }

  /** A page of an edge. Items are SDK objects; `exportAllData()` gives the raw JSON. */
  export interface Cursor extends Array<AbstractCrudObject> {
    paging?: { cursors?: { before?: string; after?: string }; next?: string; previous?: string };
    headers?: Record<string, string>;
    hasNext(): boolean;
    next(): Promise<Cursor>;
  }

  export class AbstractCrudObject {
    constructor(id: string | null, data?: Record<string, unknown>, parentId?: string, api?: FacebookAdsApi);
    readonly id: string;
    exportAllData(): Record<string, unknown>;
    /** The first argument is ignored by the SDK. */
    update(fields: string[], params?: GraphParams): Promise<unknown>;
    delete(fields: string[], params?: GraphParams): Promise<unknown>;
  }

  export class Page extends AbstractCrudObject {
    getFeed(fields: string[], params?: GraphParams, fetchFirstPage?: true): Promise<Cursor>;
    getPublishedPosts(fields: string[], params?: GraphParams, fetchFirstPage?: true): Promise<Cursor>;
  }
  export class PagePost extends AbstractCrudObject {
    getComments(fields: string[], params?: GraphParams, fetchFirstPage?: true): Promise<Cursor>;
  }
  export class Comment extends AbstractCrudObject {
    getComments(fields: string[], params?: GraphParams, fetchFirstPage?: true): Promise<Cursor>;
    createComment(fields: string[], params?: GraphParams): Promise<Comment>;
  }
  export class IGUser extends AbstractCrudObject {
    getMedia(fields: string[], params?: GraphParams, fetchFirstPage?: true): Promise<Cursor>;
  }
  export class IGMedia extends AbstractCrudObject {
    getComments(fields: string[], params?: GraphParams, fetchFirstPage?: true): Promise<Cursor>;
  }
  export class IGComment extends AbstractCrudObject {
    getReplies(fields: string[], params?: GraphParams, fetchFirstPage?: true): Promise<Cursor>;
    createReply(fields: string[], params?: GraphParams): Promise<IGComment>;
  }
}
