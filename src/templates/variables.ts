/**
 * The variables a template may use, per bundle. A template naming anything else is refused when it is
 * saved and when it is previewed, so a typo ({{ frist_name }}) is caught by the person writing it rather
 * than rendered as a blank in front of a customer.
 */

/** Known to every bundle: who the message is for, and who it is from. */
export const COMMON_VARIABLES = ['first_name', 'last_name', 'full_name', 'email', 'phone', 'organization_name', 'business_name', 'tenant_name', 'signup_mode', 'login_url', 'support_email'] as const;

/** Extra variables of the bundles that carry them. A bundle not listed knows the common ones. */
export const BUNDLE_VARIABLES: Readonly<Record<string, readonly string[]>> = {
  welcome_email: ['temporary_password', 'corporate_email'],
  temporary_password_email: ['temporary_password', 'corporate_email'],
  password_reset_email: ['reset_url', 'expires_in'],
  password_reset_sms: ['reset_url', 'expires_in'],
  invitation_email: ['invitation_url', 'expires_in'],
  invitation_sms: ['invitation_url', 'expires_in'],
  hire_welcome_email: ['temporary_password', 'corporate_email', 'sign_in_url'],
  provisioning_failed_email: ['hire_name', 'error'],
};

export function knownVariables(bundle: string): readonly string[] {
  return [...COMMON_VARIABLES, ...(Object.hasOwn(BUNDLE_VARIABLES, bundle) ? BUNDLE_VARIABLES[bundle]! : [])];
}
