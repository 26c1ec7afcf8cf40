import anyAscii from 'any-ascii';

/** The longest local part an address may have (RFC 5321). */
export const LOCAL_PART_MAX = 64;

/** One name as it may stand in an address: ASCII, lower case, letters, digits and inner hyphens only. */
function addressWord(name: string): string {
  // only what names are made of: letters, marks, digits, spaces, apostrophes and hyphens (an emoji would transliterate to its name)
  return anyAscii(name.normalize('NFC').replace(/[^\p{L}\p{M}\p{N}\s'’`-]+/gu, ''))
    .toLowerCase()
    .replace(/['’`\s]+/g, '')
    .replace(/[^a-z0-9-]+/g, '')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * The local part of the `n`th address candidate for a person (n = 1, 2, 3, …): `first.last`, then
 * `first.last2`, `first.last3` — transliterated to ASCII (José Müller-Ørsted → jose.muller-orsted),
 * apostrophes and spaces dropped, at most 64 characters with its number. The same names always give
 * the same candidates.
 */
export function addressCandidate(firstName: string, lastName: string, n: number): string {
  const words = [addressWord(firstName), addressWord(lastName)].filter(Boolean);
  const suffix = n > 1 ? String(n) : '';
  let base = words.length ? words.join('.') : 'user';
  base = base.slice(0, LOCAL_PART_MAX - suffix.length).replace(/[.-]+$/, '');
  return `${base}${suffix}`;
}
