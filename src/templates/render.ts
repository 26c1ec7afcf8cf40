/**
 * Template rendering, as pure functions. A template is TEXT with `{{ variable }}` placeholders, and
 * variable values are text too: placeholders are substituted first, then the whole result is escaped
 * for where it is going. So markup in a template or in a value (`<b>Bob</b>`, `</Say><Hangup/>`) is
 * shown as the characters it is, never interpreted.
 */

export type RenderTarget = 'text' | 'html' | 'twiml' | 'sms';
export const RENDER_TARGETS: readonly RenderTarget[] = ['text', 'html', 'twiml', 'sms'];

/** What a caller may pass as a variable's value; null and undefined render as empty text. */
export type VariableValue = string | number | null | undefined;
export type Variables = Readonly<Record<string, VariableValue>>;

export const NAME_PATTERN = '^[a-z][a-z0-9_]{0,63}$';
const NAME = new RegExp(NAME_PATTERN);

export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'variable'; readonly name: string; readonly offset: number };

export interface TemplateSyntaxIssue {
  /** 1-based, for people reading the message. */
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export type ParsedTemplate =
  | { readonly ok: true; readonly parts: readonly TemplatePart[]; readonly variables: readonly string[] }
  | { readonly ok: false; readonly issue: TemplateSyntaxIssue };

export class TemplateSyntaxError extends Error {
  constructor(readonly issue: TemplateSyntaxIssue) {
    super(`line ${issue.line}, column ${issue.column}: ${issue.message}`);
    this.name = 'TemplateSyntaxError';
  }
}

function quoteSnippet(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

function issueAt(template: string, offset: number, message: string): { ok: false; issue: TemplateSyntaxIssue } {
  const before = template.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { ok: false, issue: { line, column, message } };
}

/**
 * Splits a template into literal text and placeholders. Refuses, rather than guesses at, anything
 * ambiguous: a `{{` without its `}}`, an empty `{{}}`, a brace inside a placeholder (nesting, `{{{x}}}`)
 * and names that are not lower-case identifiers. A lone `}}` or single braces are plain text.
 */
export function parseTemplate(template: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  const variables = new Set<string>();
  let cursor = 0;
  while (cursor < template.length) {
    const open = template.indexOf('{{', cursor);
    if (open === -1) {
      parts.push({ kind: 'text', text: template.slice(cursor) });
      break;
    }
    if (open > cursor) parts.push({ kind: 'text', text: template.slice(cursor, open) });
    const close = template.indexOf('}}', open + 2);
    if (close === -1) return issueAt(template, open, '"{{" has no closing "}}"');
    const inner = template.slice(open + 2, close);
    if (inner.includes('{')) return issueAt(template, open, 'placeholders cannot nest or contain braces; write {{ variable_name }}');
    const name = inner.trim();
    if (!name) return issueAt(template, open, 'empty placeholder "{{}}"; write a variable name, e.g. {{ first_name }}');
    if (!NAME.test(name)) {
      return issueAt(template, open, `${quoteSnippet(name)} is not a variable name; names are lower-case letters, digits and underscores, e.g. {{ first_name }}`);
    }
    parts.push({ kind: 'variable', name, offset: open });
    variables.add(name);
    cursor = close + 2;
  }
  return { ok: true, parts, variables: [...variables] };
}

function valueText(variables: Variables, name: string): string {
  // own properties only: {{ constructor }} must not find Object.prototype.constructor
  const value = Object.hasOwn(variables, name) ? variables[name] : undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

/**
 * Substitutes placeholders in one pass: a value is never scanned for placeholders itself, and a
 * missing value becomes empty text, so a literal `{{…}}` from the template is never sent.
 * The result is raw text; escape it for its target with one of the `to…` functions.
 */
export function substitute(template: string, variables: Variables): string {
  const parsed = parseTemplate(template);
  if (!parsed.ok) throw new TemplateSyntaxError(parsed.issue);
  return parsed.parts.map((part) => (part.kind === 'text' ? part.text : valueText(variables, part.name))).join('');
}

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
// characters XML 1.0 cannot carry at all (a document holding one is rejected by the parser), and lone surrogates
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Escapes the five XML special characters and drops characters XML 1.0 cannot represent. */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => XML_ENTITIES[c]!);
}

/** Escapes text for HTML element content and attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

/**
 * Plain text fit for an SMS, a text email part or a speech engine: newlines normalised to \n, tabs as
 * spaces, every other control character (C0, DEL, C1) removed, lone surrogates replaced.
 */
export function toPlainText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** One line: a subject header must not carry a newline from a value (header injection). */
export function toSubjectLine(text: string): string {
  return toPlainText(text).replace(/\s*\n\s*/g, ' ').trim();
}

/** HTML: each run of lines between blank lines is a paragraph, single newlines are <br>. */
export function toHtml(text: string): string {
  return toPlainText(text)
    .split(/\n(?:[ ]*\n)+/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0)
    .map((paragraph) => `<p>${paragraph.split('\n').map((line) => escapeHtml(line.trim())).join('<br>\n')}</p>`)
    .join('\n');
}

/** A TwiML document that says each text in turn, one <Say> per text. */
export function toTwiml(texts: readonly string[]): string {
  const says = texts.map((text) => `  <Say>${escapeXml(toPlainText(text))}</Say>\n`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n${says}</Response>\n`;
}

export interface RenderableSection {
  readonly section_key: string;
  readonly content: string;
}

export interface RenderedBundle {
  /** The section with key 'subject', as one line of text; null when the bundle has none. */
  readonly subject: string | null;
  /** The other sections as plain text, joined by blank lines. */
  readonly text: string;
  readonly html: string;
  /** The other sections as plain text, one line break between them (SMS segments cost money). */
  readonly sms: string;
  /** Each non-subject section as plain text, in order: one <Say> per section for voice. */
  readonly sections: readonly { readonly section_key: string; readonly text: string }[];
}

/**
 * Renders composed sections for every target at once. Sections that come out empty (say, one that is
 * only a variable nobody supplied) are left out so no target gets a blank paragraph or an empty <Say>.
 */
export function renderSections(sections: readonly RenderableSection[], variables: Variables): RenderedBundle {
  let subject: string | null = null;
  const body: { section_key: string; text: string }[] = [];
  for (const section of sections) {
    const raw = substitute(section.content, variables);
    if (section.section_key === 'subject') {
      subject = toSubjectLine(raw);
      continue;
    }
    const text = toPlainText(raw).trim();
    if (text) body.push({ section_key: section.section_key, text });
  }
  return {
    subject,
    text: body.map((s) => s.text).join('\n\n'),
    html: body.map((s) => toHtml(s.text)).join('\n'),
    sms: body.map((s) => s.text).join('\n'),
    sections: body,
  };
}

/** The output of a rendered bundle for one target, as the preview shows it. */
export function outputFor(rendered: RenderedBundle, target: RenderTarget): string {
  switch (target) {
    case 'text':
      return rendered.text;
    case 'html':
      return rendered.html;
    case 'sms':
      return rendered.sms;
    case 'twiml':
      return toTwiml(rendered.sections.map((s) => s.text));
  }
}
