/**
 * A practical check of a single mailbox address (`local@domain.tld`): no display name, no spaces or
 * angle brackets, a dotted domain with labels of letters, digits and hyphens, a TLD of 2+ letters.
 * Internationalised (Turkish) letters are accepted in both parts.
 */
const ADDRESS = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+\p{L}{2,24}$/u;

export function isEmailAddress(value: string): boolean {
  return value.length <= 254 && ADDRESS.test(value) && (value.split('@')[0]?.length ?? 0) <= 64;
}

/** Why an address is invalid, in Turkish; undefined when it is valid. */
export function addressProblem(value: string): string | undefined {
  const v = value.trim();
  if (!v) return 'adres boş';
  if (!v.includes('@')) return '@ işareti yok';
  if (v.split('@').length > 2) return 'birden fazla @ işareti';
  if (/\s/.test(v)) return 'boşluk içeriyor';
  if (v.length > 254) return 'adres çok uzun';
  if (!isEmailAddress(v)) return 'geçersiz adres biçimi';
  return undefined;
}
