import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, type TestEnv } from '../../test/helpers.ts';

let env: TestEnv;
before(async () => {
  env = await createTestEnv();
});
after(async () => {
  await env.close();
});

/** Every global bundle the migrations seed, with its variants: a new one must be added here. */
const SEEDED = ['channel_test', 'hire_welcome_email', 'invitation_email', 'invitation_sms', 'onboarding_call_script', 'onboarding_email', 'onboarding_sms', 'password_reset_email', 'password_reset_sms', 'provisioning_failed_email', 'temporary_password_email', 'welcome_email'];

async function tenantAdmin(profile?: { business_name: string; email: string }) {
  const tenant = await env.tenant('Acme');
  const { token } = await env.user(tenant.id, 'tenant_admin');
  if (profile) {
    const res = await env.inject({ method: 'PUT', url: '/api/v1/tenant/profile', token, payload: { ...profile, website_url: null, phone_number: null } });
    assert.equal(res.statusCode, 200, res.body);
  }
  return { token, loginUrl: `${env.config.publicUrl}/t/${tenant.subdomain}/login` };
}

/** The bundle as the preview renders it for each target, as a message would be sent. */
async function render(token: string, bundle: string, variables: Record<string, string>, variant?: string) {
  const out: Record<string, string | null> = {};
  for (const target of ['text', 'html', 'sms', 'twiml']) {
    const res = await env.inject({ method: 'POST', url: `/api/v1/tenant/templates/${bundle}/preview`, token, payload: { variables, target, ...(variant ? { variant } : {}) } });
    assert.equal(res.statusCode, 200, res.body);
    out[target] = res.json().output;
    out.subject = res.json().subject;
  }
  return out;
}

const twiml = (...says: string[]) => `<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n${says.map((s) => `  <Say>${s}</Say>\n`).join('')}</Response>\n`;
const INTENT = {
  '': 'Thanks for signing up. To point you in the right direction: are you hiring, or are you looking for work?',
  talent: 'Thanks for signing up. We are calling to learn about your experience and help you find your next opportunity.',
  hirer: 'Thanks for signing up. We are calling to learn about the roles you are hiring for and help you find the right people.',
};
const CLOSING = 'We will follow up with the details by email. Thank you, and have a great day.';

describe('the seeded global bundles', () => {
  it('are the ones these tests read', async () => {
    const { rows } = await env.ctx.db.owner.query('select distinct bundle from global_template_sections order by bundle');
    assert.deepEqual(
      rows.map((r) => r.bundle),
      SEEDED,
    );
  });

  it('read without a hole when every optional variable is absent: no name, no support email, a profile left empty', async () => {
    const { token, loginUrl } = await tenantAdmin();

    const welcome = await render(token, 'welcome_email', {});
    assert.equal(welcome.subject, 'Welcome to Acme');
    assert.equal(welcome.text, `Hi there,\n\nWelcome to Acme. Your account is ready.\n\nSign in at ${loginUrl} to get started.`);
    assert.equal(welcome.html, `<p>Hi there,</p>\n<p>Welcome to Acme. Your account is ready.</p>\n<p>Sign in at ${loginUrl} to get started.</p>`);

    // the temporary password is never absent: the email exists to carry it
    const password = await render(token, 'temporary_password_email', { temporary_password: 'Tmp-123-xyz' });
    assert.equal(password.subject, 'Your Acme account is ready');
    assert.equal(password.text, `Hi there,\n\nAn account has been created for you. Your temporary password is:\n\nTmp-123-xyz\n\nSign in at ${loginUrl}. You must change this password the first time you sign in.\n\nIf you did not expect this email, let your administrator know.`);
    assert.equal(
      password.html,
      `<p>Hi there,</p>\n<p>An account has been created for you. Your temporary password is:</p>\n<p>Tmp-123-xyz</p>\n<p>Sign in at ${loginUrl}. You must change this password the first time you sign in.</p>\n<p>If you did not expect this email, let your administrator know.</p>`,
    );

    const onboarding = await render(token, 'onboarding_email', {});
    assert.equal(onboarding.subject, 'Welcome to Acme: your next steps');
    assert.equal(onboarding.text, `Hi there,\n\nThanks for signing up with Acme. We will be in touch shortly to learn what you are looking for and help you get set up.\n\nYou can sign in any time at ${loginUrl}.`);
    assert.equal(onboarding.html, `<p>Hi there,</p>\n<p>Thanks for signing up with Acme. We will be in touch shortly to learn what you are looking for and help you get set up.</p>\n<p>You can sign in any time at ${loginUrl}.</p>`);

    const sms = await render(token, 'onboarding_sms', {});
    assert.equal(sms.sms, 'Hi there, thanks for signing up with Acme! We will be in touch soon to help you get started.\nReply STOP to opt out.');

    for (const variant of ['', 'talent', 'hirer'] as const) {
      const call = await render(token, 'onboarding_call_script', {}, variant);
      assert.equal(call.twiml, twiml('Hi there, this is Acme.', INTENT[variant], CLOSING), variant);
      assert.equal(call.text, `Hi there, this is Acme.\n\n${INTENT[variant]}\n\n${CLOSING}`, variant);
    }

    const test = await render(token, 'channel_test', {});
    assert.equal(test.subject, 'Test message from Acme');
    assert.equal(test.text, 'This is a test message from Acme, sent through Embark to check that this channel works. No action is needed.');

    // the link is never absent: the message exists to carry it
    const reset = await render(token, 'password_reset_email', { reset_url: 'https://embark.test/reset-password?token=x', expires_in: '30 minutes' });
    assert.equal(reset.subject, 'Reset your Acme password');
    assert.equal(reset.text, 'Hi there,\n\nSomeone asked to reset the password of your Acme account. To choose a new one, open this link within 30 minutes:\n\nhttps://embark.test/reset-password?token=x\n\nIf it was not you, ignore this message: your password stays as it is.');
    assert.equal((await render(token, 'password_reset_sms', { reset_url: 'https://embark.test/r', expires_in: '30 minutes' })).sms, 'Acme: reset your password within 30 minutes at https://embark.test/r (ignore this if it was not you).');
    const invitation = await render(token, 'invitation_email', { invitation_url: 'https://embark.test/reset-password?token=y', expires_in: '7 days' });
    assert.equal(invitation.subject, 'You are invited to Acme');
    assert.equal(invitation.text, `Hi there,\n\nAn account has been created for you at Acme. To choose your password and sign in, open this link within 7 days:\n\nhttps://embark.test/reset-password?token=y\n\nAfterwards, sign in at ${loginUrl}.`);
    assert.equal((await render(token, 'invitation_sms', { invitation_url: 'https://embark.test/i', expires_in: '7 days' })).sms, 'Acme invites you: choose your password within 7 days at https://embark.test/i');
  });

  it('read in full when every variable is present, the support email from the profile', async () => {
    const { token, loginUrl } = await tenantAdmin({ business_name: 'Acme Staffing', email: 'help@acme.test' });
    const person = { first_name: 'Ada', last_name: 'Lovelace', full_name: 'Ada Lovelace', email: 'ada@example.test', phone: '+15555550100', organization_name: 'Engines', signup_mode: 'talent' };

    const welcome = await render(token, 'welcome_email', { ...person, corporate_email: 'ada@acme.test' });
    assert.equal(welcome.subject, 'Welcome to Acme Staffing, Ada');
    assert.equal(welcome.text, `Hi Ada,\n\nWelcome to Acme Staffing. Your account is ready.\n\nSign in at ${loginUrl} to get started.\n\nQuestions? Write to help@acme.test.`);
    assert.equal(welcome.html, `<p>Hi Ada,</p>\n<p>Welcome to Acme Staffing. Your account is ready.</p>\n<p>Sign in at ${loginUrl} to get started.</p>\n<p>Questions? Write to help@acme.test.</p>`);

    const password = await render(token, 'temporary_password_email', { ...person, temporary_password: 'Tmp-123-xyz' });
    assert.equal(password.subject, 'Your Acme Staffing account is ready');
    assert.equal(password.text, `Hi Ada,\n\nAn account has been created for you. Your temporary password is:\n\nTmp-123-xyz\n\nSign in at ${loginUrl}. You must change this password the first time you sign in.\n\nIf you did not expect this email, write to help@acme.test.`);
    assert.equal(password.html, `<p>Hi Ada,</p>\n<p>An account has been created for you. Your temporary password is:</p>\n<p>Tmp-123-xyz</p>\n<p>Sign in at ${loginUrl}. You must change this password the first time you sign in.</p>\n<p>If you did not expect this email, write to help@acme.test.</p>`);

    const onboarding = await render(token, 'onboarding_email', person);
    assert.equal(onboarding.subject, 'Welcome to Acme Staffing, Ada: your next steps');
    assert.equal(onboarding.text, `Hi Ada,\n\nThanks for signing up with Acme Staffing. We will be in touch shortly to learn what you are looking for and help you get set up.\n\nYou can sign in any time at ${loginUrl}.\n\nQuestions? Write to help@acme.test.`);
    assert.equal(onboarding.html, `<p>Hi Ada,</p>\n<p>Thanks for signing up with Acme Staffing. We will be in touch shortly to learn what you are looking for and help you get set up.</p>\n<p>You can sign in any time at ${loginUrl}.</p>\n<p>Questions? Write to help@acme.test.</p>`);

    const sms = await render(token, 'onboarding_sms', person);
    assert.equal(sms.sms, 'Hi Ada, thanks for signing up with Acme Staffing! We will be in touch soon to help you get started.\nReply STOP to opt out.');

    for (const variant of ['', 'talent', 'hirer'] as const) {
      const call = await render(token, 'onboarding_call_script', person, variant);
      assert.equal(call.twiml, twiml('Hi Ada, this is Acme Staffing.', INTENT[variant], CLOSING), variant);
    }

    // the tenant's name, not its business name: the test tells the admin which tenant's channel it went through
    const test = await render(token, 'channel_test', person);
    assert.equal(test.subject, 'Test message from Acme');

    const reset = await render(token, 'password_reset_email', { ...person, reset_url: 'https://embark.test/r', expires_in: '30 minutes' });
    assert.equal(
      reset.text,
      'Hi Ada,\n\nSomeone asked to reset the password of your Acme Staffing account. To choose a new one, open this link within 30 minutes:\n\nhttps://embark.test/r\n\nIf it was not you, ignore this message: your password stays as it is.\n\nQuestions? Write to help@acme.test.',
    );
    const invitation = await render(token, 'invitation_email', { ...person, invitation_url: 'https://embark.test/i', expires_in: '7 days' });
    assert.equal(invitation.subject, 'You are invited to Acme Staffing');
    assert.equal(invitation.text, `Hi Ada,\n\nAn account has been created for you at Acme Staffing. To choose your password and sign in, open this link within 7 days:\n\nhttps://embark.test/i\n\nAfterwards, sign in at ${loginUrl}.\n\nQuestions? Write to help@acme.test.`);
  });
});
