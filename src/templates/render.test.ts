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
    assert.equal(
      toTwiml(['Hi </Say><Hangup/>', 'Bye & thanks']),
      '<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <Say>Hi &lt;/Say&gt;&lt;Hangup/&gt;</Say>\n  <Say>Bye &amp; thanks</Say>\n</Response>\n',
    );
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
    assert.deepEqual(rendered.sections.map((s) => s.section_key), ['body', 'footer']);
  });

  it('has a null subject when the bundle has no subject section', () => {
    assert.equal(renderSections([{ section_key: 'greeting', content: 'Hello' }], {}).subject, null);
  });
});
