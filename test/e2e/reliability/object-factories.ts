import { randomBytes, randomUUID } from 'node:crypto';
import { ApiClient, eventually, RegisteredUser, registerUser } from '@sf/testing';
import { daysFromNow, recipeBody, registerChef } from '../coocook/coocook-helpers';
import { FullFleet } from '../full-fleet';
import { addBlogAccount, campaignBody, control } from '../review/review-helpers';
import { connectAccount } from '../sns/sns-fleet';
import { uploadFile } from '../storage/files-client';
import type { ObjectFactory as GenericFactory } from '../../../reliability/ownership';

/** What a factory gets: the fleet, the owner (A) and a way to make helper users (a chef, a brand). */
export interface FactoryContext {
  env: FullFleet;
  api: ApiClient;
  /** User A: subscribed to every product, owner of every object made. */
  owner: RegisteredUser;
  /** A user subscribed to every product, neither A nor B (a chef A books, a brand A applies to). */
  third: RegisteredUser;
  /** The configured first admin. */
  admin: RegisteredUser;
}

/** Makes one kind of object as user A (the check is reliability/ownership.ts). */
export type ObjectFactory = GenericFactory<FactoryContext>;

const json = async (label: string, response: Promise<{ status: number; body: any; text: string }>, status = 201) => {
  const answer = await response;
  if (answer.status !== status) throw new Error(`${label}: ${answer.status} ${answer.text.slice(0, 300)}`);
  return answer.body;
};
const as = (user: RegisteredUser) => ({ token: user.accessToken });

/** Made at most once per run (several kinds share a booking, a chef, an application). */
function once<T>(make: (ctx: FactoryContext) => Promise<T>): (ctx: FactoryContext) => Promise<T> {
  let made: Promise<T> | undefined;
  return (ctx) => (made ??= make(ctx));
}

const chefOfOwner = once(async ({ api, owner }) =>
  json(
    'chef',
    api.post(
      '/api/coocook/chef/register',
      { name: 'Owner Chef', bio: 'Hand-made pasta', cuisine: 'Italian', location: 'Seoul', hourly_rate_krw: 50_000 },
      as(owner),
    ),
  ),
);

/** A's booking with a chef of a third user's. */
const bookingOfOwner = once(async ({ api, owner }) => {
  const chef = await registerChef(api);
  const booking = await json(
    'booking',
    api.post('/api/coocook/bookings', { chef_id: chef.chef.id, booking_date: daysFromNow(12), duration_hours: 2 }, as(owner)),
  );
  return { chef, booking };
});

const snsPostOfOwner = once(async ({ api, owner }) => {
  const account = await snsAccountOfOwner({ api, owner } as FactoryContext);
  return json('sns post', api.post('/api/sns/posts', { account_id: account.id, content: `Matrix post ${Date.now()}` }, as(owner)));
});

const snsAccountOfOwner = once(async ({ api, owner }) => connectAccount(api, owner, 'twitter', `matrix_${randomBytes(3).toString('hex')}`));

interface Listing {
  id: string;
  external_id: string;
  status: string;
  deadline: string | null;
  max_applicants: number | null;
  applicant_count: number | null;
}

const takesApplications = (l: Listing) =>
  l.status === 'open' &&
  (!l.deadline || Date.parse(l.deadline) > Date.now() + 60_000) &&
  (l.max_applicants === null || l.applicant_count === null || l.applicant_count < l.max_applicants);

/** A scraped listing (the stand-in's review sites, scraped once). */
const listingOf = once(async ({ api, owner }) => {
  await api.post('/api/review/scrape/now', {}, as(owner));
  return eventually(async () => {
    const all = await api.get('/api/review/aggregated?limit=100', as(owner));
    const listings = (all.body?.listings ?? []) as Listing[];
    if (listings.length < 3) throw new Error('not scraped yet');
    // Those that take an application first: the stand-in's listings fill up and close as its clock moves.
    return [...listings.filter(takesApplications), ...listings.filter((l) => !takesApplications(l))];
  }, 20_000);
});

/** A's application to a scraped listing, selected, reviewed and completed: it has a reward. */
const applicationOfOwner = once(async (ctx) => {
  const { api, owner, env } = ctx;
  const { account, blogId } = await addBlogAccount(api, env.platforms, owner, 800);
  const [listing] = await listingOf(ctx);
  const application = await json(
    'application',
    api.post('/api/review/applications', { listing_id: listing.id, account_id: account.id }, as(owner)),
  );
  return { account, blogId, application };
});

const rewardOfOwner = once(async (ctx) => {
  const { api, owner, env } = ctx;
  const { blogId, application } = await applicationOfOwner(ctx);
  await json('selected', api.put(`/api/review/applications/${application.id}`, { status: 'selected' }, as(owner)), 200);
  const post: any = await control(env.platforms, 'POST', `/naver-blog/_control/blogs/${blogId}/posts`, { title: 'Matrix review' });
  await json(
    'review',
    api.post(
      `/api/review/applications/${application.id}/review`,
      { review_url: `${env.platforms.url}${post.path}`, review_content: 'Good' },
      as(owner),
    ),
    200,
  );
  await json('completed', api.put(`/api/review/applications/${application.id}`, { status: 'completed' }, as(owner)), 200);
  const rewards = await json('rewards', api.get('/api/review/rewards', as(owner)), 200);
  return rewards.rewards[0] as { id: string };
});

/** A role the admin made, and the audit entry that recorded it. */
const roleOfAdmin = once(async ({ api, admin }) => {
  const role = await json(
    'role',
    api.post('/api/rbac/roles', { name: `matrix-${randomBytes(3).toString('hex')}`, permissions: [] }, as(admin)),
  );
  const audit = await eventually(async () => {
    const found = await api.get('/api/admin/audit-logs', { ...as(admin), query: { action: 'rbac.role.created' } });
    if (!found.body?.logs?.length) throw new Error('not audited yet');
    return found.body.logs[0] as { id: string };
  }, 15_000);
  return { role, audit };
});

const webhookOfOwner = once(async ({ api, owner }) => {
  const webhook = await json(
    'webhook',
    api.post('/api/settings/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['payment.completed'] }, as(owner)),
  );
  await api.post(`/api/settings/webhooks/${webhook.id}/test`, {}, as(owner));
  const delivery = await eventually(async () => {
    const deliveries = await api.get(`/api/settings/webhooks/${webhook.id}/deliveries`, as(owner));
    if (!deliveries.body?.deliveries?.length) throw new Error('no delivery yet');
    return deliveries.body.deliveries[0] as { id: string };
  }, 15_000);
  return { webhook, delivery };
});

/** A's manual workflow of one condition step, run once to the end: the run stays as it finished. */
const workflowOfOwner = once(async ({ api, owner }) => {
  const workflow = await json(
    'workflow',
    api.post(
      '/api/ai-automation/workflow',
      {
        name: 'Owner workflow',
        trigger: { type: 'manual' },
        steps: [{ id: 'check', type: 'condition', params: { left: '{{trigger.data.n}}', operator: 'greater_than', right: '1' } }],
      },
      as(owner),
    ),
  );
  const run = await json('run', api.post(`/api/ai-automation/workflow/${workflow.id}/run`, { input: { n: 2 } }, as(owner)));
  await eventually(async () => {
    const read = await json('run read', api.get(`/api/ai-automation/workflow/${workflow.id}/runs/${run.id}`, as(owner)), 200);
    if (read.status !== 'succeeded' && read.status !== 'failed') throw new Error(`run still ${read.status}`);
  }, 20_000);
  return { workflow, run };
});

/** A's published site: a page with a heading and a form, and a visitor's submission of the form. */
const siteOfOwner = once(async ({ api, owner }) => {
  const site = await json('site', api.post('/api/webapp-builder/site', { name: 'Owner site' }, as(owner)));
  const page = await json('page', api.post('/api/webapp-builder/page', { site_id: site.id, title: 'Home', path: '/' }, as(owner)));
  const about = await json('page', api.post('/api/webapp-builder/page', { site_id: site.id, title: 'About', path: '/about' }, as(owner)));
  const heading = await json(
    'heading',
    api.post('/api/webapp-builder/component', { page_id: page.id, type: 'heading', props: { text: 'Welcome', level: 1 } }, as(owner)),
  );
  const form = await json(
    'form',
    api.post(
      '/api/webapp-builder/component',
      { page_id: page.id, type: 'form', props: { title: 'Contact', fields: [{ name: 'message', label: 'Message', type: 'textarea' }] } },
      as(owner),
    ),
  );
  await json('publish', api.post(`/api/webapp-builder/site/${site.id}/publish`, undefined, as(owner)), 200);
  await json('submission', api.post(`/sites/${site.slug}/forms/${form.id}`, { fields: { message: 'Hello' } }));
  return { site, page, about, heading, form };
});

/**
 * Every kind of object a route names, with its factory. A declared route whose kind is missing
 * here fails the two-user suite: a new service adds its factories with its routes.
 */
export const OBJECT_FACTORIES: Record<string, ObjectFactory> = {
  // auth
  '/api/settings/api-keys/:id': {
    make: async ({ api, owner }) => ({
      id: (await json('api key', api.post('/api/settings/api-keys', { name: 'owner key', permissions: ['read:profile'] }, as(owner)))).id,
    }),
    read: null,
  },

  // payment
  '/api/payment/status/:session_id': {
    // A holds every product: the session is the one of A's paid checkouts.
    make: async ({ owner }) => {
      const sessionId = checkoutSessions.get(owner.id);
      if (!sessionId) throw new Error('A made no checkout');
      return { session_id: sessionId };
    },
  },
  '/api/payment/subscriptions/:id': {
    make: async ({ api, owner }) => {
      const list = await json('subscriptions', api.get('/api/payment/subscriptions', as(owner)), 200);
      return { id: list.subscriptions[0].id };
    },
    bodies: { 'PUT /api/payment/subscriptions/:id': { plan_type: 'annual' } },
  },
  '/api/payment/products/:id': {
    make: async () => ({ id: '1' }),
    shared: { 'GET /api/payment/products/:id': 'the catalogue is public; products are nobody’s objects' },
    read: null,
    private: false,
  },
  '/api/orders/:id': {
    make: async ({ api, owner }) => ({
      id: (
        await json(
          'order',
          api.post(
            '/api/orders',
            { items: [{ product_id: 1, quantity: 1, price_krw: 9900 }], shipping_address: { city: 'Seoul' } },
            as(owner),
          ),
        )
      ).id,
    }),
  },
  '/api/payment/invoices/:id': {
    make: async ({ api, owner }) => ({
      id: (
        await json(
          'invoice',
          api.post('/api/payment/invoices', { items: [{ description: 'Work', quantity: 1, price_krw: 1_000 }] }, as(owner)),
        )
      ).id,
    }),
    bodies: { 'PUT /api/payment/invoices/:id/status': { status: 'paid' } },
  },

  // storage
  '/api/files/:id': {
    make: async ({ api, owner }) => {
      const uploaded = await uploadFile(api, owner.accessToken, { name: 'notes.txt', bytes: Buffer.from('owner notes') }, 'document', {
        type: 'text/plain',
      });
      if (uploaded.status !== 201) throw new Error(`upload: ${uploaded.status} ${uploaded.text}`);
      return { id: (uploaded.body as { file_id: string }).file_id };
    },
    // Presigned URLs carry the second they were signed in.
    volatile: ['url', 'cdn_url', 'download_url', 'expires_at', 'preview_status', 'preview_url', 'thumbnail_url'],
  },

  // coocook
  '/api/coocook/chefs/:id': {
    make: async (ctx) => ({ id: (await chefOfOwner(ctx)).id }),
    shared: {
      'GET /api/coocook/chefs/:id': 'a chef profile is public',
      'GET /api/coocook/chefs/:id/reviews': "a chef's reviews are public",
      'GET /api/coocook/chefs/:id/availability': "a chef's free slots are what guests book from",
      'POST /api/coocook/chefs/:id/follow': 'anyone may follow a chef',
      'DELETE /api/coocook/chefs/:id/follow': 'anyone may unfollow a chef (their own follow)',
    },
    bodies: {
      'PUT /api/coocook/chefs/:id': { bio: 'Taken over' },
      'PUT /api/coocook/chefs/:id/availability': { weekly: [{ day_of_week: 1, start_time: '09:00', end_time: '12:00' }], exceptions: [] },
    },
    volatile: ['follower_count', 'followers_count'],
    private: false,
  },
  '/api/coocook/bookings/:id': {
    make: async (ctx) => ({ id: (await bookingOfOwner(ctx)).booking.id }),
    bodies: {
      'PUT /api/coocook/bookings/:id': { status: 'confirmed' },
      'POST /api/coocook/bookings/:id/review': { rating: 5, comment: 'Great' },
    },
  },
  '/api/recipes/:id': {
    make: async ({ api, owner }) => ({
      id: (await json('recipe', api.post('/api/recipes', recipeBody({ status: 'draft' }), as(owner)))).id,
    }),
    bodies: { 'POST /api/recipes/:id/reviews': { rating: 5, comment: 'Tasty' }, 'PUT /api/recipes/:id': { title: 'Taken over' } },
    // A draft is seen by its author only in their own list (the public read does not look at credentials).
    read: 'GET /api/recipes/mine',
    volatile: ['view_count', 'views'],
  },
  '/api/coocook/meal-plans/:id': {
    make: async ({ api, owner }) => ({
      id: (
        await json(
          'meal plan',
          api.post('/api/coocook/meal-plans', { name: 'Owner week', start_date: '2031-01-06', end_date: '2031-01-12' }, as(owner)),
        )
      ).id,
    }),
  },
  '/api/shopping-list/:id': {
    make: async ({ api, owner }) => {
      const list = await json('shopping list', api.post('/api/shopping-list', { name: 'Owner list' }, as(owner)));
      const item = await json('item', api.post(`/api/shopping-list/${list.id}/items`, { name: 'flour' }, as(owner)));
      return { id: list.id, item_id: item.id };
    },
    bodies: {
      'PUT /api/shopping-list/:id': { name: 'Taken over' },
      'POST /api/shopping-list/:id/items': { name: 'caviar' },
      'PUT /api/shopping-list/:id/items/:item_id': { bought: true },
    },
  },

  // platform
  '/api/search/saved/:id': {
    make: async ({ api, owner }) => ({
      id: (await json('saved search', api.post('/api/search/saved', { query_text: 'kimchi', name: 'Mine' }, as(owner)))).id,
    }),
    read: null,
  },

  // admin: B holds none of the permissions these need; the object is A (or what the admin made).
  '/api/rbac/roles/:id': {
    make: async (ctx) => ({ id: (await roleOfAdmin(ctx)).role.id }),
    read: null,
    private: false,
  },
  '/api/rbac/users/:id': {
    make: async (ctx) => ({ id: ctx.owner.id, role_id: (await roleOfAdmin(ctx)).role.id }),
    read: null,
    private: false,
  },
  '/api/admin/users/:id': { make: async ({ owner }) => ({ id: owner.id }), read: null, private: false },
  '/api/admin/audit-logs/:id': { make: async (ctx) => ({ id: (await roleOfAdmin(ctx)).audit.id }), read: null, private: false },
  '/api/admin/subscriptions/:id': {
    make: async ({ api, admin, owner }) => {
      const list = await json('subscriptions', api.get('/api/payment/subscriptions', as(owner)), 200);
      const id = list.subscriptions[0].id as string;
      // Admin's projection of payment's events has it once they have arrived.
      await eventually(async () => json('admin subscription', api.get(`/api/admin/subscriptions/${id}`, as(admin)), 200), 15_000);
      return { id };
    },
    read: null,
    private: false,
  },
  '/api/admin/flagged-content/:id': {
    make: async ({ api, owner }) => ({
      id: (await json('report', api.post('/api/reports', { content_type: 'recipe', content_id: randomUUID(), reason: 'Spam' }, as(owner))))
        .id,
    }),
    read: null,
    private: false,
  },
  '/api/admin/gdpr/requests/:id': {
    make: async ({ api, admin, owner }) => ({
      id: (await json('gdpr export', api.post('/api/admin/gdpr/data-export', { user_id: owner.id }, as(admin)))).id,
    }),
    read: null,
    private: false,
  },

  // notifications
  '/api/notifications/:id': {
    make: async ({ api, owner }) => {
      const password = `Pw-${randomBytes(8).toString('hex')}`;
      await json(
        'password',
        api.post('/api/settings/password', { current_password: owner.password, new_password: password }, as(owner)),
        200,
      );
      owner.password = password;
      const login = await json('login', api.post('/api/auth/login', { email: owner.email, password }), 200);
      owner.accessToken = login.access_token;
      return eventually(async () => {
        const list = await api.get('/api/notifications', as(owner));
        if (!list.body?.notifications?.length) throw new Error('no notification yet');
        return { id: list.body.notifications[0].id as string };
      }, 15_000);
    },
  },
  '/api/settings/webhooks/:id': {
    make: async (ctx) => {
      const { webhook, delivery } = await webhookOfOwner(ctx);
      return { id: webhook.id, did: delivery.id };
    },
    bodies: { 'PUT /api/settings/webhooks/:id': { url: 'http://127.0.0.1:9/taken' } },
    volatile: ['last_delivery_at', 'failure_count', 'consecutive_failures', 'status', 'disabled_at'],
  },
  '/api/chat/threads/:id': {
    make: async (ctx) => {
      const { api, owner } = ctx;
      const { booking } = await bookingOfOwner(ctx);
      const thread = await eventually(
        async () => json('thread', api.post('/api/chat/threads', { subject_type: 'coocook.booking', subject_id: booking.id }, as(owner))),
        15_000,
      );
      const message = await json('message', api.post(`/api/chat/threads/${thread.id}/messages`, { body: 'Hello chef' }, as(owner)));
      return { id: thread.id, mid: message.id };
    },
    bodies: { 'POST /api/chat/threads/:id/messages': { body: 'Hi' }, 'PUT /api/chat/threads/:id/messages/:mid': { body: 'Edited' } },
    read: 'GET /api/chat/threads/:id/messages',
  },

  // review
  '/api/review/listings/:id': {
    make: async (ctx) => ({ id: (await listingOf(ctx))[1].id }),
    shared: {
      'GET /api/review/listings/:id': 'scraped listings are everyone’s',
      'POST /api/review/listings/:id/bookmark': 'a bookmark is the caller’s own',
      'DELETE /api/review/listings/:id/bookmark': 'a bookmark is the caller’s own',
    },
    read: null,
    private: false,
  },
  '/api/review/accounts/:id': {
    make: async (ctx) => ({ id: (await applicationOfOwner(ctx)).account.id }),
    bodies: { 'PUT /api/review/accounts/:id': { account_name: 'taken' } },
    volatile: ['last_verified_at', 'stats_updated_at'],
  },
  '/api/review/applications/:id': {
    make: async (ctx) => ({ id: (await applicationOfOwner(ctx)).application.id }),
    bodies: {
      'PUT /api/review/applications/:id': { status: 'rejected' },
      'POST /api/review/applications/:id/review': { review_url: 'https://blog.example.com/x', review_content: 'x' },
    },
  },
  '/api/review/campaigns/:id': {
    make: async ({ api, owner }) => ({ id: (await json('campaign', api.post('/api/review/campaigns', campaignBody(), as(owner)))).id }),
    shared: { 'GET /api/review/campaigns/:id': 'an open campaign is public' },
    bodies: { 'PUT /api/review/campaigns/:id': { title: 'Taken over' } },
    volatile: ['application_count', 'applications_count'],
    private: false,
  },
  '/api/review/auto-apply/rules/:id': {
    make: async ({ api, owner }) => ({
      id: (await json('rule', api.post('/api/review/auto-apply/rules', { name: 'Mine', is_active: false }, as(owner)))).id,
    }),
    bodies: { 'PUT /api/review/auto-apply/rules/:id': { name: 'Theirs' } },
    volatile: ['matches_pending'],
  },
  '/api/review/rewards/:id': {
    make: async (ctx) => ({ id: (await rewardOfOwner(ctx)).id }),
  },

  // sns
  '/api/sns/accounts/:id': {
    make: async (ctx) => ({ id: (await snsAccountOfOwner(ctx)).id }),
    // Connecting finishes just after the callback answers (updated_at moves once); B has no write but DELETE here.
    volatile: ['follower_count', 'followers_count', 'last_synced_at', 'token_expires_at', 'updated_at'],
  },
  '/api/sns/posts/:id': {
    make: async (ctx) => ({ id: (await snsPostOfOwner(ctx)).id }),
    bodies: { 'PUT /api/sns/posts/:id': { content: 'Taken over' }, 'POST /api/sns/posts/:id/comments': { text: 'hi' } },
  },
  '/api/sns/analytics/post/:id': {
    make: async (ctx) => ({ id: (await snsPostOfOwner(ctx)).id }),
    read: null,
  },
  '/api/sns/linkinbio/:id': {
    make: async ({ api, owner }) => ({
      id: (await json('link', api.post('/api/sns/linkinbio', { title: 'Blog', url: 'https://blog.example.com' }, as(owner)))).id,
    }),
    bodies: { 'PUT /api/sns/linkinbio/:id': { title: 'Taken over' } },
    volatile: ['clicks', 'click_count'],
  },
  '/api/sns/bio/:slug/:link_id': {
    make: async () => ({}),
    shared: { 'GET /api/sns/bio/:slug/:link_id': 'a link-in-bio page and its links are public' },
    read: null,
    private: false,
  },
  '/api/sns/campaigns/:id': {
    make: async ({ api, owner }) => ({
      id: (await json('sns campaign', api.post('/api/sns/campaigns', { name: 'Awareness', campaign_type: 'awareness' }, as(owner)))).id,
    }),
    bodies: { 'PUT /api/sns/campaigns/:id': { name: 'Taken over' } },
  },
  '/api/sns/automate/:id': {
    make: async ({ api, owner }) => ({
      id: (
        await json(
          'automation',
          api.post('/api/sns/automate', { topic: 'Weekend brunch', platforms: ['x'], frequency: 'daily', time_of_day: '09:30' }, as(owner)),
        )
      ).id,
    }),
    bodies: { 'PUT /api/sns/automate/:id': { topic: 'Taken over' } },
    volatile: ['next_run_at'],
  },
  '/api/sns/competitor/:id': {
    make: async (ctx) => {
      const { api, owner, third } = ctx;
      await snsAccountOfOwner(ctx);
      const rival = `rival_${randomBytes(3).toString('hex')}`;
      await connectAccount(api, third, 'twitter', rival);
      return { id: (await json('competitor', api.post('/api/sns/competitor', { platform: 'x', username: `@${rival}` }, as(owner)))).id };
    },
    read: 'GET /api/sns/competitor/:id/analysis',
    volatile: ['analyzed_at', 'generated_at'],
  },
  // automation
  '/api/ai-automation/workflow/:id': {
    make: async (ctx) => {
      const { workflow, run } = await workflowOfOwner(ctx);
      return { id: workflow.id, run_id: run.id };
    },
    bodies: { 'PUT /api/ai-automation/workflow/:id': { name: 'Taken over' }, 'POST /api/ai-automation/workflow/:id/run': {} },
  },
  '/api/ai-automation/task/:id': {
    make: async ({ api, owner }) => ({
      id: (
        await json(
          'task',
          api.post('/api/ai-automation/task', { name: 'Owner task', type: 'ai.generate', params: { prompt: 'hello' } }, as(owner)),
        )
      ).id,
    }),
    bodies: { 'PUT /api/ai-automation/task/:id': { name: 'Taken over' } },
  },
  '/api/ai-automation/templates/:id': {
    make: async () => ({ id: 'booking-thank-you' }),
    shared: { 'GET /api/ai-automation/templates/:id': 'the template catalogue is the same for everyone' },
    read: null,
    private: false,
  },

  // sites
  '/api/webapp-builder/site/:id': {
    make: async (ctx) => ({ id: (await siteOfOwner(ctx)).site.id }),
    bodies: { 'PUT /api/webapp-builder/site/:id': { name: 'Taken over' } },
  },
  '/api/webapp-builder/page/:id': {
    make: async (ctx) => ({ id: (await siteOfOwner(ctx)).about.id }),
    bodies: { 'PUT /api/webapp-builder/page/:id': { title: 'Taken over' } },
  },
  '/api/webapp-builder/component/:id': {
    make: async (ctx) => ({ id: (await siteOfOwner(ctx)).heading.id }),
    bodies: { 'PUT /api/webapp-builder/component/:id': { props: { text: 'Taken over', level: 1 } } },
  },
  '/sites/:slug/:page': {
    make: async (ctx) => ({ slug: (await siteOfOwner(ctx)).site.slug, page: 'about' }),
    shared: { 'GET /sites/:slug/:page': 'a published page is public' },
    read: null,
    private: false,
  },
  '/sites/:slug/forms/:component_id': {
    make: async (ctx) => {
      const { site, form } = await siteOfOwner(ctx);
      return { slug: site.slug, component_id: form.id };
    },
    shared: { 'POST /sites/:slug/forms/:component_id': "a published site's visitors send its forms" },
    read: null,
    private: false,
  },
};

/** The last checkout session each user of {@link subscribedUser} paid, by user id. */
const checkoutSessions = new Map<string, string>();

/** A user subscribed to every product: CooCook, SNS Auto, Review Campaign, AI Automation and WebApp Builder (1-5). */
export async function subscribedUser(api: ApiClient, payCheckout: (url: string) => Promise<unknown>): Promise<RegisteredUser> {
  const user = await registerUser(api);
  for (const product of [1, 2, 3, 4, 5]) {
    const checkout = await json('checkout', api.post('/api/payment/checkout', { product_id: product, plan_type: 'monthly' }, as(user)));
    await payCheckout(checkout.checkout_url);
    checkoutSessions.set(user.id, checkout.session_id);
  }
  await eventually(async () => {
    const [coocook, sns, review, automation, sites] = await Promise.all([
      api.post(
        '/api/coocook/bookings',
        { chef_id: '00000000-0000-4000-8000-000000000000', booking_date: daysFromNow(30), duration_hours: 1 },
        as(user),
      ),
      api.get('/api/sns/accounts', as(user)),
      api.put('/api/review/campaigns/00000000-0000-4000-8000-000000000000', { title: 'x' }, as(user)),
      api.get('/api/ai-automation/workflow', as(user)),
      api.get('/api/webapp-builder/site', as(user)),
    ]);
    if (coocook.status !== 404 || sns.status !== 200 || review.status !== 404 || automation.status !== 200 || sites.status !== 200)
      throw new Error(`not subscribed yet: ${coocook.status} ${sns.status} ${review.status} ${automation.status} ${sites.status}`);
  }, 20_000);
  return user;
}
