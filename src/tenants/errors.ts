import type { ErrorCatalogue } from '../errors.ts';

/** The tenants module's own error codes (branding); its older ones are core codes in src/errors.ts. */
export const TENANTS_ERRORS = {
  accent_color_invalid: { status: 400, doc: 'The accent colour is not a #rrggbb hex colour (e.g. #2453d4); send null to go back to the default.' },
  logo_invalid: { status: 400, doc: 'The logo body is empty, or its first bytes are not an image of the type its Content-Type names (PNG, JPEG or WebP).' },
  logo_too_large: { status: 413, doc: 'The logo is larger than 256 KiB; send a smaller image.' },
  logo_type_unsupported: { status: 415, doc: 'A logo must be sent as image/png, image/jpeg or image/webp; SVG and other types are refused (SVG can carry script).' },
  logo_not_found: { status: 404, doc: 'The tenant has no logo.' },
} as const satisfies ErrorCatalogue;
