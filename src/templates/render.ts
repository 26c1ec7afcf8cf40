/**
 * Template rendering, as pure functions. A template is TEXT with `{{ variable }}` placeholders, which
 * may say what to write when the value is absent (`{{ first_name | default: "there" }}`), and
 * `{{#if variable}}…{{else}}…{{/if}}` blocks for text that only makes sense with (or without) a value.
 * Values are text too: the template is rendered first, then the whole result is escaped for where it
 * is going. So markup in a template or in a value (`<b>Bob</b>`, `</Say><Hangup/>`) is shown as the
 * characters it is, never interpreted.
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
  /** `fallback` is the text of `| default: "…"`, rendered when the value is absent; null without one. */
  | { readonly kind: 'variable'; readonly name: string; readonly fallback: string | null; readonly offset: number }
  /** `{{#if name}}…{{else}}…{{/if}}`: `then` when the variable has a value, `otherwise` when it has none. */
  | { readonly kind: 'if'; readonly name: string; readonly then: readonly TemplatePart[]; readonly otherwise: readonly TemplatePart[]; readonly offset: number };

export interface TemplateSyntaxIssue {
  /** 1-based, for people reading the message. */
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export type ParsedTemplate = { readonly ok: true; readonly parts: readonly TemplatePart[]; readonly variables: readonly string[] } | { readonly ok: false; readonly issue: TemplateSyntaxIssue };

export class TemplateSyntaxError extends Error {
  constructor(readonly issue: TemplateSyntaxIssue) {
    super(`line ${issue.line}, column ${issue.column}: ${issue.message}`);
    this.name = 'TemplateSyntaxError';
  }
}

function quoteSnippet(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

function position(template: string, offset: number): { line: number; column: number } {
  const before = template.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

function issueAt(template: string, offset: number, message: string): { ok: false; issue: TemplateSyntaxIssue } {
  return { ok: false, issue: { ...position(template, offset), message } };
}

const DEFAULT_EXAMPLE = '{{ first_name | default: "there" }}';
const BLOCK_EXAMPLE = '{{#if support_email}} … {{else}} … {{/if}}';

/** What one `{{ … }}` holds, or what is wrong with it. */
type Tag = { readonly kind: 'variable'; readonly name: string; readonly fallback: string | null } | { readonly kind: 'if'; readonly name: string } | { readonly kind: 'else' } | { readonly kind: 'end' } | { readonly kind: 'invalid'; readonly message: string };

function notAName(name: string): Tag {
  return { kind: 'invalid', message: `${quoteSnippet(name)} is not a variable name; names are lower-case letters, digits and underscores, e.g. {{ first_name }}` };
}

function readTag(tag: string): Tag {
  if (!tag) return { kind: 'invalid', message: 'empty placeholder "{{}}"; write a variable name, e.g. {{ first_name }}' };
  if (tag.startsWith('#')) {
    const [, keyword = '', argument = ''] = /^#(\S*)\s*([\s\S]*)$/.exec(tag)!;
    if (keyword !== 'if') return { kind: 'invalid', message: `unknown block ${quoteSnippet(`#${keyword}`)}; the one block is ${BLOCK_EXAMPLE}` };
    if (!argument) return { kind: 'invalid', message: '"{{#if}}" needs the variable it depends on, e.g. {{#if support_email}}' };
    return NAME.test(argument) ? { kind: 'if', name: argument } : notAName(argument);
  }
  if (tag.startsWith('/')) {
    return tag.slice(1).trim() === 'if' ? { kind: 'end' } : { kind: 'invalid', message: `unknown block end ${quoteSnippet(tag)}; a block ends with {{/if}}` };
  }
  if (tag === 'else') return { kind: 'else' };
  const pipe = tag.indexOf('|');
  const name = (pipe === -1 ? tag : tag.slice(0, pipe)).trim();
  if (!name) return { kind: 'invalid', message: `"|" needs a variable before it, e.g. ${DEFAULT_EXAMPLE}` };
  if (!NAME.test(name)) return notAName(name);
  if (pipe === -1) return { kind: 'variable', name, fallback: null };
  const filter = tag.slice(pipe + 1).trim();
  const fallback = /^default\s*:\s*"([^"]*)"$/.exec(filter);
  if (fallback) return { kind: 'variable', name, fallback: fallback[1]! };
  const filterName = /^[^\s:"]*/.exec(filter)![0];
  if (filterName !== 'default') return { kind: 'invalid', message: `unknown filter ${quoteSnippet(filterName || filter)}; the one filter is default, e.g. ${DEFAULT_EXAMPLE}` };
  return { kind: 'invalid', message: `write the default as text in double quotes after "default:", with nothing after it, e.g. ${DEFAULT_EXAMPLE} (a default cannot contain a double quote or "}}")` };
}

/**
 * Where a block tag's line ends, when the tag is alone on its line (only spaces or tabs around it):
 * such a line is dropped with its line break, so a block written on lines of its own leaves no blank
 * line behind whichever way it renders. Undefined when the line holds anything else.
 */
function standaloneLineEnd(template: string, open: number, end: number): number | undefined {
  const lineStart = template.lastIndexOf('\n', open - 1) + 1;
  const newline = template.indexOf('\n', end);
  const lineEnd = newline === -1 ? template.length : newline + 1;
  const around = template.slice(lineStart, open) + template.slice(end, newline === -1 ? template.length : newline);
  return /^[ \t]*\r?$/.test(around) ? lineEnd : undefined;
}

interface OpenBlock {
  readonly part: { kind: 'if'; name: string; then: TemplatePart[]; otherwise: TemplatePart[]; offset: number };
  inElse: boolean;
}

/**
 * Splits a template into literal text, placeholders and {{#if}} blocks. Refuses, rather than guesses
 * at, anything ambiguous: a `{{` without its `}}`, an empty `{{}}`, a brace inside a placeholder
 * (nesting, `{{{x}}}`), names that are not lower-case identifiers, unknown filters or blocks, and
 * blocks that do not pair up. A lone `}}` or single braces are plain text.
 */
export function parseTemplate(template: string): ParsedTemplate {
  const root: TemplatePart[] = [];
  const blocks: OpenBlock[] = [];
  const variables = new Set<string>();
  let parts = root;
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
    const tag = readTag(inner.trim());
    cursor = close + 2;
    if (tag.kind === 'invalid') return issueAt(template, open, tag.message);
    if (tag.kind === 'variable') {
      parts.push({ kind: 'variable', name: tag.name, fallback: tag.fallback, offset: open });
      variables.add(tag.name);
      continue;
    }
    const block = blocks.at(-1);
    if (tag.kind === 'else' && !block) return issueAt(template, open, `"{{else}}" outside a block; write ${BLOCK_EXAMPLE}`);
    if (tag.kind === 'else' && block?.inElse) {
      const at = position(template, block.part.offset);
      return issueAt(template, open, `a second "{{else}}" in the {{#if ${block.part.name}}} block of line ${at.line}, column ${at.column}`);
    }
    if (tag.kind === 'end' && !block) return issueAt(template, open, '"{{/if}}" closes no "{{#if …}}"');
    const lineEnd = standaloneLineEnd(template, open, cursor);
    if (lineEnd !== undefined) {
      // the spaces before the tag go with its line
      const last = parts.at(-1);
      if (last?.kind === 'text') {
        const kept = last.text.replace(/[ \t]*$/, '');
        if (kept) parts[parts.length - 1] = { kind: 'text', text: kept };
        else parts.pop();
      }
      cursor = lineEnd;
    }
    if (tag.kind === 'if') {
      const part = { kind: 'if' as const, name: tag.name, then: [], otherwise: [], offset: open };
      parts.push(part);
      variables.add(tag.name);
      blocks.push({ part, inElse: false });
      parts = part.then;
    } else if (tag.kind === 'else') {
      block!.inElse = true;
      parts = block!.part.otherwise;
    } else {
      blocks.pop();
      const outer = blocks.at(-1);
      parts = !outer ? root : outer.inElse ? outer.part.otherwise : outer.part.then;
    }
  }
  const unclosed = blocks.at(-1);
  if (unclosed) return issueAt(template, unclosed.part.offset, `"{{#if ${unclosed.part.name}}}" has no closing "{{/if}}"`);
  return { ok: true, parts: root, variables: [...variables] };
}

function valueText(variables: Variables, name: string): string {
  // own properties only: {{ constructor }} must not find Object.prototype.constructor
  const value = Object.hasOwn(variables, name) ? variables[name] : undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

/** A variable has a value when it is a number or text that is not only whitespace. */
export function hasValue(variables: Variables, name: string): boolean {
  return valueText(variables, name).trim() !== '';
}

function renderParts(parts: readonly TemplatePart[], variables: Variables): string {
  let out = '';
  for (const part of parts) {
    if (part.kind === 'text') out += part.text;
    else if (part.kind === 'variable') out += part.fallback !== null && !hasValue(variables, part.name) ? part.fallback : valueText(variables, part.name);
    else out += renderParts(hasValue(variables, part.name) ? part.then : part.otherwise, variables);
  }
  return out;
}

/**
 * Renders a template in one pass: a value is never scanned for placeholders itself, and a missing
 * value becomes its default, or empty text, so a literal `{{…}}` from the template is never sent.
 * The result is raw text; escape it for its target with one of the `to…` functions.
 */
export function substitute(template: string, variables: Variables): string {
  const parsed = parseTemplate(template);
  if (!parsed.ok) throw new TemplateSyntaxError(parsed.issue);
  return renderParts(parsed.parts, variables);
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
  return (
    text
      .replace(/\r\n?/g, '\n')
      .replace(/\t/g, ' ')
      // eslint-disable-next-line no-control-regex -- matching control characters is the point
      .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, '')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
  );
}

/** One line: a subject header must not carry a newline from a value (header injection). */
export function toSubjectLine(text: string): string {
  return toPlainText(text)
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}

/** HTML: each run of lines between blank lines is a paragraph, single newlines are <br>. */
export function toHtml(text: string): string {
  return toPlainText(text)
    .split(/\n(?:[ ]*\n)+/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0)
    .map(
      (paragraph) =>
        `<p>${paragraph
          .split('\n')
          .map((line) => escapeHtml(line.trim()))
          .join('<br>\n')}</p>`,
    )
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
