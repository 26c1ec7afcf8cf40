import { AppError } from '../errors.ts';

/**
 * One field of a vendor's payload as text of at most `max` characters, or undefined when absent. A
 * vendor's ids and statuses are short; anything longer is not the vendor's (a 900 KB CallSid once
 * reached an index as a database error), so it is a 400 naming the field.
 */
export function vendorText(value: unknown, path: string, max: number): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') throw vendorFieldError(path, 'must be text');
  const text = String(value);
  if (text.length > max) throw vendorFieldError(path, `must be at most ${max} characters`);
  return text;
}

function vendorFieldError(path: string, message: string): AppError {
  return new AppError('validation_failed', `invalid body: ${path} ${message}`, { extra: { errors: [{ in: 'body', path, message }] } });
}

/** Lengths that bound every vendor field Embark reads. */
export const VENDOR_LIMITS = { id: 128, status: 64, phone: 32, text: 10_000, email: 320 } as const;
