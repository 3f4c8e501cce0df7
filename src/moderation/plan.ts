import type { Capabilities, ModerationKind } from '../platforms/contract.js';
import type { Action } from '../rules/types.js';

export type PlatformState = 'visible' | 'hidden' | 'deleted' | 'held' | 'rejected';

/**
 * What a decision means on a given platform. Removal is mapped to the strongest reversible step the
 * platform offers for `hide`, and to permanent removal only for `delete`:
 * - Facebook, Instagram: hide → hide, delete → delete.
 * - X: replies can only be hidden (other people's posts cannot be deleted): hide and delete → hide.
 * - YouTube: hide → heldForReview (reversible); delete → rejected, which is final on YouTube, so it is
 *   used only when the rules asked for `delete`.
 */
export function platformKindFor(action: Action, caps: Capabilities): ModerationKind | null {
  switch (action) {
    case 'delete':
      if (caps.delete) return 'delete';
      if (caps.reject) return 'reject';
      if (caps.hold) return 'hold';
      return caps.hide ? 'hide' : null;
    case 'hide':
      // A platform with a review hold (YouTube) uses it: that is its reversible hide.
      if (caps.hold) return 'hold';
      return caps.hide ? 'hide' : null;
    default:
      return null;
  }
}

/** The kind that undoes a reversible removal, if the platform allows it. */
export function restoreKindFor(state: PlatformState, caps: Capabilities): ModerationKind | null {
  if (state === 'hidden' && caps.unhide) return 'unhide';
  if (state === 'held' && caps.hold) return 'publish';
  return null;
}

export function stateAfter(kind: ModerationKind): PlatformState {
  switch (kind) {
    case 'hide':
      return 'hidden';
    case 'delete':
      return 'deleted';
    case 'hold':
      return 'held';
    case 'reject':
      return 'rejected';
    case 'unhide':
    case 'publish':
      return 'visible';
  }
}

const SEVERITY: Record<Action, number> = { delete: 3, hide: 2, review: 1, allow: 0 };
export const isRemoval = (a: Action): boolean => SEVERITY[a] >= 2;
