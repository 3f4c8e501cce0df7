/** The social platforms bekci watches. Connectors, accounts and the rule engine all speak this type. */
export const PLATFORMS = ['facebook', 'instagram', 'x', 'youtube'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** True when `value` names a supported platform. */
export function isPlatform(value: unknown): value is Platform {
  return typeof value === 'string' && (PLATFORMS as readonly string[]).includes(value);
}
