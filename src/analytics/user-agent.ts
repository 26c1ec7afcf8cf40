/**
 * What a User-Agent header says about the device, as analytics groups by it: the device type, the
 * browser family and the operating system. A small, ordered set of patterns (most specific first), in
 * the spirit of ua-parser's, enough for dashboards; anything unrecognised is 'other'.
 */
export interface Device {
  readonly device_type: 'desktop' | 'mobile' | 'tablet' | 'bot' | 'other';
  readonly browser: string;
  readonly os: string;
}

const BOT = /bot|crawl|spider|slurp|headless|curl\/|wget\/|python-requests|node-fetch|axios\/|go-http-client|okhttp|postman/i;

const BROWSERS: readonly [RegExp, string][] = [
  [/Edg(e|A|iOS)?\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/SamsungBrowser\//, 'Samsung Internet'],
  [/Firefox\/|FxiOS\//, 'Firefox'],
  [/Chrome\/|CriOS\/|Chromium\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];

const SYSTEMS: readonly [RegExp, string][] = [
  [/Windows NT|Windows Phone/, 'Windows'],
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Android/, 'Android'],
  [/CrOS/, 'ChromeOS'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Linux/, 'Linux'],
];

export function parseUserAgent(userAgent: string | undefined): Device {
  if (!userAgent) return { device_type: 'other', browser: 'other', os: 'other' };
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1] ?? 'other';
  const os = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1] ?? 'other';
  const deviceType = BOT.test(userAgent) ? 'bot' : /iPad|Tablet|(Android(?!.*Mobile))/.test(userAgent) ? 'tablet' : /Mobi|iPhone|iPod|Android.*Mobile|Windows Phone/.test(userAgent) ? 'mobile' : os === 'other' && browser === 'other' ? 'other' : 'desktop';
  return { device_type: deviceType, browser, os };
}
