/**
 * Callback URLs handed to voice/SMS vendors. Each names its tenant explicitly (never inferred, never a
 * fallback) and the message it belongs to; the routes check both against the stored message.
 */
export function onboardingCallUrls(publicUrl: string, message: { tenant_id: string; id: string }) {
  const query = `tenant_id=${encodeURIComponent(message.tenant_id)}&message_id=${encodeURIComponent(message.id)}`;
  return {
    scriptUrl: `${publicUrl}/api/v1/voice/onboarding/intro?${query}`,
    statusUrl: `${publicUrl}/api/v1/voice/onboarding/status?${query}`,
    smsStatusUrl: `${publicUrl}/api/v1/webhooks/sms/twilio/status?${query}`,
  };
}
