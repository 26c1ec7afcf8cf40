import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml, escapeXml, parseTemplate, renderSections, substitute, toHtml, toPlainText, toSubjectLine, toTwiml, TemplateSyntaxError } from './render.ts';

describe('parseTemplate', () => {
  it('finds placeholders with or without whitespace inside the braces', () => {
    const parsed = parseTemplate('Hi {{first_name}} and {{  last_name\t}}, {{ first_name }}!');
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.variables, ['first_name', 'last_name']);
  });

  it('treats single braces and a lone "}}" as text', () => {
    const parsed = parseTemplate('a {b} c }} d {x');
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.variables, []);
  });

  for (const [template, pattern] of [
    ['Hi {{ first_name', /no closing/],
    ['Hi {{}}', /empty placeholder/],
    ['Hi {{   }}', /empty placeholder/],
    ['Hi {{ a {{ b }} }}', /cannot nest/],
    ['Hi {{{ first_name }}}', /cannot nest/],
    ['Hi {{ first name }}', /not a variable name/],
    ['Hi {{ First_Name }}', /not a variable name/],
  ] as const) {
    it(`refuses ${JSON.stringify(template)}`, () => {
      const parsed = parseTemplate(template);
      assert.equal(parsed.ok, false);
      assert.match(!parsed.ok ? parsed.issue.message : '', pattern);
    });
  }

  it('says on which line and column the bad placeholder starts', () => {
    const parsed = parseTemplate('first line\nsecond {{ oops');
    assert.ok(!parsed.ok);
    assert.deepEqual([parsed.issue.line, parsed.issue.column], [2, 8]);
  });

  it('counts the variables of defaults and blocks among those the template uses', () => {
    const parsed = parseTemplate('{{ first_name | default: "there" }}{{#if support_email}}{{ business_name }}{{else}}{{ phone }}{{/if}}');
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.variables, ['first_name', 'support_email', 'business_name', 'phone']);
  });

  for (const [template, pattern] of [
    ['{{ first_name | upcase }}', /unknown filter "upcase"; the one filter is default/],
    ['{{ first_name | default }}', /write the default as text in double quotes/],
    ['{{ first_name | default: there }}', /write the default as text in double quotes/],
    ['{{ first_name | default: "there }}', /write the default as text in double quotes/],
    ['{{ first_name | default: "a" | default: "b" }}', /with nothing after it/],
    ['{{ first_name | default: "a}}" }}', /write the default as text in double quotes/],
    ['{{ | default: "x" }}', /"\|" needs a variable before it/],
    ['{{ First | default: "x" }}', /"First" is not a variable name/],
    ['{{#each items}}x{{/if}}', /unknown block "#each"/],
    ['{{#iffy}}x{{/if}}', /unknown block "#iffy"/],
    ['{{#if}}x{{/if}}', /"\{\{#if\}\}" needs the variable it depends on/],
    ['{{#if first name}}x{{/if}}', /"first name" is not a variable name/],
    ['{{#if a}}x{{/each}}', /unknown block end "\/each"; a block ends with \{\{\/if\}\}/],
  ] as const) {
    it(`refuses ${JSON.stringify(template)}`, () => {
      const parsed = parseTemplate(template);
      assert.equal(parsed.ok, false);
      assert.match(!parsed.ok ? parsed.issue.message : '', pattern);
    });
  }

  for (const [name, template, line, column, pattern] of [
    ['a block that is never closed, at its opening', 'Hi\n  {{#if support_email}}\nWrite to us.', 2, 3, /"\{\{#if support_email\}\}" has no closing "\{\{\/if\}\}"/],
    ['the innermost unclosed block', '{{#if a}}{{/if}}\n{{#if b}}{{#if c}}{{/if}}', 2, 1, /"\{\{#if b\}\}" has no closing/],
    ['a stray {{/if}}, where it is', 'Hi.\nBye {{/if}}', 2, 5, /"\{\{\/if\}\}" closes no "\{\{#if …\}\}"/],
    ['an {{else}} outside a block', 'one\ntwo\n {{ else }}', 3, 2, /"\{\{else\}\}" outside a block/],
    ['a second {{else}}, naming the block', '{{#if a}}x{{else}}y\n{{else}}z{{/if}}', 2, 1, /a second "\{\{else\}\}" in the \{\{#if a\}\} block of line 1, column 1/],
  ] as const) {
    it(`points at ${name}`, () => {
      const parsed = parseTemplate(template);
      assert.ok(!parsed.ok);
      assert.deepEqual([parsed.issue.line, parsed.issue.column], [line, column]);
      assert.match(parsed.issue.message, pattern);
    });
  }
});

describe('substitute', () => {
  it('renders missing, null and undefined values as empty text, never as a literal placeholder', () => {
    assert.equal(substitute('[{{ a }}|{{ b }}|{{ c }}]', { b: null, c: undefined }), '[||]');
  });

  it('renders numbers as text', () => {
    assert.equal(substitute('{{ n }} left', { n: 3 }), '3 left');
  });

  it('does not expand placeholders inside values', () => {
    assert.equal(substitute('Hi {{ first_name }}', { first_name: '{{ last_name }}', last_name: 'secret' }), 'Hi {{ last_name }}');
  });

  it('does not read inherited properties of the variables object', () => {
    assert.equal(substitute('[{{ constructor }}{{ to_string }}]', {}), '[]');
  });

  it('throws TemplateSyntaxError for a malformed template', () => {
    assert.throws(() => substitute('{{ x', {}), TemplateSyntaxError);
    assert.throws(() => substitute('{{#if x}}', {}), TemplateSyntaxError);
  });
});

describe('defaults', () => {
  it('render the default when the value is missing, null, empty or only whitespace, and the value otherwise', () => {
    const template = 'Hi {{ first_name | default: "there" }},';
    for (const first_name of [undefined, null, '', '  \n']) assert.equal(substitute(template, { first_name }), 'Hi there,', JSON.stringify(first_name));
    assert.equal(substitute(template, { first_name: 'Ada' }), 'Hi Ada,');
    assert.equal(substitute(template, { first_name: 0 }), 'Hi 0,');
    assert.equal(substitute('{{first_name|default:""}}.', {}), '.');
  });

  it('are text: braces-free, single quotes, pipes and markup kept as written, never scanned for placeholders', () => {
    assert.equal(substitute(`{{ a | default: "it's <b>a | b</b>" }}`, {}), "it's <b>a | b</b>");
  });
});

describe('{{#if}} blocks', () => {
  it('render their text when the variable has a value, and the {{else}} text (or nothing) when it has none', () => {
    const template = 'Thanks.{{#if support_email}} Questions? Write to {{ support_email }}.{{else}} Reply to ask.{{/if}}';
    assert.equal(substitute(template, { support_email: 'help@x.test' }), 'Thanks. Questions? Write to help@x.test.');
    for (const support_email of [undefined, null, '', ' ']) assert.equal(substitute(template, { support_email }), 'Thanks. Reply to ask.');
    assert.equal(substitute('a{{#if x}}b{{/if}}c', {}), 'ac');
  });

  it('nest', () => {
    const template = '{{#if a}}A{{#if b}}B{{else}}-{{/if}}{{else}}{{#if b}}b{{/if}}{{/if}}';
    assert.deepEqual(
      [{ a: 1, b: 1 }, { a: 1 }, { b: 1 }, {}].map((v) => substitute(template, v)),
      ['AB', 'A-', 'b', ''],
    );
  });

  it('take their line with them when they stand alone on it, whichever way they render', () => {
    const template = 'Thanks.\n  {{#if support_email}}  \n\nWrite to {{ support_email }}.\n{{ else }}\r\n\nReply to this message.\n\t{{/if}}\nBye';
    assert.equal(substitute(template, { support_email: 'help@x.test' }), 'Thanks.\n\nWrite to help@x.test.\nBye');
    assert.equal(substitute(template, {}), 'Thanks.\n\nReply to this message.\nBye');
    assert.equal(substitute('{{#if a}}\nx\n{{/if}}', {}), '');
  });

  it('keep the line of a block tag that shares it with text or a placeholder', () => {
    assert.equal(substitute('a {{#if x}}\nb\n{{/if}} c', {}), 'a  c');
    assert.equal(substitute('{{ y }}{{#if x}}\nb{{/if}}', { y: 'Y', x: 1 }), 'Y\nb');
  });

  it('never let a value open, close or choose a block', () => {
    assert.equal(substitute('{{ a }}{{#if b}}B{{/if}}', { a: '{{#if b}}', b: '' }), '{{#if b}}');
    assert.equal(substitute('{{#if a}}{{ a }}{{/if}}', { a: '{{/if}}{{ secret }}', secret: 's' }), '{{/if}}{{ secret }}');
  });
});

describe('escaping', () => {
  const hostile = `<script>alert("x")</script> Tom & 'Jerry' </Say><Hangup/>`;

  it('escapeHtml leaves no markup and escapes both quote kinds', () => {
    assert.equal(escapeHtml(hostile), '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Tom &amp; &#39;Jerry&#39; &lt;/Say&gt;&lt;Hangup/&gt;');
  });

  it('escapeXml leaves no markup and drops characters XML 1.0 cannot carry', () => {
    assert.equal(escapeXml(hostile + '\u0000\u001b'), '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Tom &amp; &apos;Jerry&apos; &lt;/Say&gt;&lt;Hangup/&gt;');
  });

  it('toPlainText keeps newlines and strips other control characters', () => {
    assert.equal(toPlainText('a\r\nb\rc\u0000d\u0007e\u001bf\u007fg\u0085h\ti'), 'a\nb\ncdefgh i');
  });

  it('toSubjectLine folds newlines from values into spaces', () => {
    assert.equal(toSubjectLine('Hello \nBcc: victim@example.test'), 'Hello Bcc: victim@example.test');
  });

  it('toHtml makes paragraphs from blank lines and <br> from single newlines', () => {
    assert.equal(toHtml('One\ntwo\n\n  \n<b>Three</b> & "four"'), '<p>One<br>\ntwo</p>\n<p>&lt;b&gt;Three&lt;/b&gt; &amp; &quot;four&quot;</p>');
  });

  it('toTwiml says each text in its own <Say>, with markup inert', () => {
    assert.equal(toTwiml(['Hi </Say><Hangup/>', 'Bye & thanks']), '<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <Say>Hi &lt;/Say&gt;&lt;Hangup/&gt;</Say>\n  <Say>Bye &amp; thanks</Say>\n</Response>\n');
  });
});

describe('renderSections', () => {
  const sections = [
    { section_key: 'subject', content: 'Welcome, {{ first_name }}' },
    { section_key: 'body', content: 'Hi {{ first_name }},\n\nYour code is {{ code }}.' },
    { section_key: 'blank', content: '{{ missing }}' },
    { section_key: 'footer', content: 'Reply STOP to opt out.' },
  ];

  it('renders the subject as a line and every other non-empty section for each target', () => {
    const rendered = renderSections(sections, { first_name: '<b>Bob</b>', code: 42 });
    assert.equal(rendered.subject, 'Welcome, <b>Bob</b>');
    assert.equal(rendered.text, 'Hi <b>Bob</b>,\n\nYour code is 42.\n\nReply STOP to opt out.');
    assert.equal(rendered.sms, 'Hi <b>Bob</b>,\n\nYour code is 42.\nReply STOP to opt out.');
    assert.equal(rendered.html, '<p>Hi &lt;b&gt;Bob&lt;/b&gt;,</p>\n<p>Your code is 42.</p>\n<p>Reply STOP to opt out.</p>');
    assert.deepEqual(
      rendered.sections.map((s) => s.section_key),
      ['body', 'footer'],
    );
  });

  it('has a null subject when the bundle has no subject section', () => {
    assert.equal(renderSections([{ section_key: 'greeting', content: 'Hello' }], {}).subject, null);
  });
});
