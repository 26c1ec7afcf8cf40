import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.ts';
import { withTenant } from '../db/tx.ts';
import { ACCESS, tenantOf, withApiKey } from '../http/access.ts';
import { pageQuery, responses, uuid } from '../http/schemas.ts';
import { firstContactStatus } from './onboarding.service.ts';
import { CONTACT_STATUSES, CONTACT_STATUS_DOC } from './onboarding.schemas.ts';

const item = {
  type: 'object',
  properties: {
    user_id: uuid, email: { type: ['string', 'null'] }, phone: { type: ['string', 'null'] }, access_role: { type: 'string' },
    app_role: { type: ['string', 'null'] }, signup_mode: { type: ['string', 'null'] },
    first_name: { type: ['string', 'null'] }, last_name: { type: ['string', 'null'] }, organization_name: { type: ['string', 'null'] },
    preferences: { anyOf: [{ type: 'null' }, { type: 'object', properties: { default_mode: { type: ['string', 'null'] }, last_mode: { type: ['string', 'null'] } } }] },
    contact: {
      anyOf: [{ type: 'null' }, {
        type: 'object',
        properties: { status: { type: 'string', enum: CONTACT_STATUSES, description: CONTACT_STATUS_DOC }, channel: { type: ['string', 'null'] }, message_id: { type: ['string', 'null'] }, message_status: { type: ['string', 'null'] } },
      }],
    },
    initialized_at: { type: ['string', 'null'] },
  },
} as const;

/** The onboarding state of the tenant's users, page by page in the order of GET /api/v1/users. */
export async function listOnboardingUsers(ctx: Context, tenantId: string, page: { limit: number; offset: number }) {
  return withTenant(ctx.db.app, tenantId, async (tx) => {
    const { rows } = await tx.query(
      `select u.id as user_id, u.email, u.phone, u.role as access_role, s.role_key as app_role, s.signup_mode,
              p.first_name, p.last_name, p.organization_name, pr.default_mode, pr.last_mode, pr.user_id is not null as has_preferences,
              s.contact_status, s.contact_channel, s.contact_message_id, m.status as message_status, s.initialized_at
         from users u
         left join onboarding_states s on s.user_id = u.id
         left join user_profiles p on p.user_id = u.id
         left join user_preferences pr on pr.user_id = u.id
         left join messages m on m.id = s.contact_message_id
        order by u.created_at, u.id
        limit $1 offset $2`,
      [page.limit, page.offset],
    );
    const { rows: count } = await tx.query('select count(*)::int as total from users');
    return {
      items: rows.map((r) => ({
        user_id: r.user_id, email: r.email, phone: r.phone, access_role: r.access_role, app_role: r.app_role, signup_mode: r.signup_mode,
        first_name: r.first_name, last_name: r.last_name, organization_name: r.organization_name,
        preferences: r.has_preferences ? { default_mode: r.default_mode, last_mode: r.last_mode } : null,
        contact: r.contact_status ? { status: firstContactStatus(r.contact_status, r.message_status), channel: r.contact_channel, message_id: r.contact_message_id, message_status: r.message_status } : null,
        initialized_at: r.initialized_at?.toISOString() ?? null,
      })),
      total: count[0].total,
      limit: page.limit,
      offset: page.offset,
    };
  });
}

export async function onboardingUsersRoutes(app: FastifyInstance, { ctx }: { ctx: Context }) {
  app.get<{ Querystring: { limit: number; offset: number } }>('/api/v1/onboarding/users', {
    config: { access: withApiKey(ACCESS.tenantStaff, 'users:read') },
    schema: {
      tags: ['onboarding'],
      summary: "Each user's app role, signup mode, preferences and first-contact status (linking to its message)",
      querystring: { type: 'object', additionalProperties: false, properties: { ...pageQuery } },
      response: responses({ 200: { type: 'object', properties: { items: { type: 'array', items: item }, total: { type: 'integer' }, limit: { type: 'integer' }, offset: { type: 'integer' } } } }),
    },
  }, async (request) => listOnboardingUsers(ctx, tenantOf(request), request.query));
}
