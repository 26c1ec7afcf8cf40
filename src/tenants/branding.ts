/**
 * A tenant's branding (docs/branding.md): the accent colour of its profile, with the text colour that
 * stays readable on it, and the logo, checked by its bytes before it is stored.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../errors.ts';

/** The largest logo accepted, in bytes (256 KiB): a sign-in page's logo, not a photo. */
export const LOGO_MAX_BYTES = 256 * 1024;

/** The image types a logo may be. No SVG: it is a document that can carry script. */
export const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type LogoType = (typeof LOGO_TYPES)[number];

/** What the first bytes say the image is: PNG's signature, JPEG's SOI marker, WebP's RIFF….WEBP header. */
export function sniffImageType(data: Buffer): LogoType | 'image/svg+xml' | 'image/gif' | undefined {
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.length >= 12 && data.toString('latin1', 0, 4) === 'RIFF' && data.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  if (data.length >= 6 && /^GIF8[79]a/.test(data.toString('latin1', 0, 6))) return 'image/gif';
  if (/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!doctype svg[^>]*>\s*)?<svg[\s>]/i.test(data.toString('utf8', 0, Math.min(data.length, 1024)))) return 'image/svg+xml';
  return undefined;
}

/** The media type of a Content-Type header, lower case, without parameters. */
function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

export interface Logo {
  readonly contentType: LogoType;
  readonly data: Buffer;
  /** Hex SHA-256 of the bytes: the ETag, and the version in the logo's URL. */
  readonly sha256: string;
}

/**
 * An uploaded logo as it will be stored, or the refusal: the Content-Type must be PNG, JPEG or WebP and
 * the bytes must be an image of that type (an image/png that is really an SVG or a script is refused).
 */
export function checkLogo(contentTypeHeader: string | undefined, body: unknown): Logo {
  const declared = mediaType(contentTypeHeader);
  if (!(LOGO_TYPES as readonly string[]).includes(declared)) {
    throw new AppError('logo_type_unsupported', `send the logo as ${LOGO_TYPES.join(', ')} (the Content-Type was ${JSON.stringify(declared || 'missing')}); SVG is not accepted`);
  }
  if (!Buffer.isBuffer(body) || body.length === 0) throw new AppError('logo_invalid', 'the body is empty: send the image file itself as the body');
  if (body.length > LOGO_MAX_BYTES) throw new AppError('logo_too_large', `the logo has ${body.length} bytes; at most ${LOGO_MAX_BYTES} (256 KiB) are accepted`);
  const actual = sniffImageType(body);
  if (actual !== declared) {
    const what = actual ? `an ${actual} file` : 'no PNG, JPEG or WebP image';
    throw new AppError('logo_invalid', `the Content-Type says ${declared} but the bytes are ${what}; send the image file unchanged with its own type`);
  }
  return { contentType: declared as LogoType, data: body, sha256: createHash('sha256').update(body).digest('hex') };
}

const ACCENT = /^#[0-9a-f]{6}$/i;

/** The accent colour as stored (#rrggbb, lower case), null for none, or the refusal. */
export function normalizeAccent(value: string | null): string | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (!ACCENT.test(trimmed)) throw new AppError('accent_color_invalid', `the accent colour must be #rrggbb in hex, e.g. #2453d4 (got ${JSON.stringify(value.slice(0, 40))})`);
  return trimmed.toLowerCase();
}

/** WCAG 2 relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const channel = (offset: number) => {
    const c = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG 2 contrast ratio of two #rrggbb colours, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/**
 * The text colour for a button of the accent colour: black or white, whichever contrasts more. One of
 * them always reaches at least 4.58:1 (WCAG AA for normal text), so no accent colour needs refusing.
 */
export function accentTextColor(accent: string): '#000000' | '#ffffff' {
  return contrastRatio(accent, '#000000') >= contrastRatio(accent, '#ffffff') ? '#000000' : '#ffffff';
}

/** Where the logo is served, same-origin and public; `v` changes with the image, so a cached copy is never shown after a change. */
export function logoUrl(subdomain: string, sha256: string): string {
  return `/api/v1/tenants/by-subdomain/${encodeURIComponent(subdomain)}/logo?v=${sha256.slice(0, 16)}`;
}
