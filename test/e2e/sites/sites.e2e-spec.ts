import { randomUUID } from 'node:crypto';
import { PaymentAdminCancelSubscription, systemContext } from '@sf/contracts';
import { RpcClient } from '@sf/messaging';
import { ApiClient, eventually, registerUser, RegisteredUser } from '@sf/testing';
import { registerChef } from '../coocook/coocook-helpers';
import { fetchBytes, pngImage, uploadFile } from '../storage/files-client';
import { fetchPage, SitesFleet, startSitesFleet, subscribeToSites, unescapeHtml } from './sites-helpers';

/** WebApp Builder end to end: build a site, publish it, serve it publicly, take form submissions, roll back. */
describe('webapp builder sites', () => {
  let env: SitesFleet;
  let api: ApiClient;
  let owner: RegisteredUser;
  let rival: RegisteredUser;

  beforeAll(async () => {
    env = await startSitesFleet();
    api = env.api;
    [owner, rival] = await Promise.all([registerUser(api, { name: 'Baker' }), registerUser(api, { name: 'Rival' })]);
    await Promise.all([subscribeToSites(api, owner), subscribeToSites(api, rival)]);
  });
  afterAll(() => env?.close());

  async function imageOf(user: RegisteredUser): Promise<string> {
    const upload = await uploadFile(api, user.accessToken, { name: 'bread.png', bytes: await pngImage(64, 48) }, 'image');
    expect(upload.status).toBe(201);
    return upload.body.file_id as string;
  }

  async function component(token: string, body: Record<string, unknown>): Promise<any> {
    const created = await api.post('/api/webapp-builder/component', body, { token });
    expect(created.status).toBe(201);
    return created.body;
  }

  /** A site of one page holding one form, published. */
  async function publishedForm(
    token: string,
    name: string,
    page: { title: string; path: string },
    props: Record<string, unknown>,
  ): Promise<{ site: any; form: any }> {
    const site = (await api.post('/api/webapp-builder/site', { name }, { token })).body;
    const created = (await api.post('/api/webapp-builder/page', { site_id: site.id, ...page }, { token })).body;
    const form = await component(token, { page_id: created.id, type: 'form', props });
    expect((await api.post(`/api/webapp-builder/site/${site.id}/publish`, undefined, { token })).status).toBe(200);
    return { site, form };
  }

  it('publishes a page of a heading, an image and a form; serves it with CSP and ETag; takes submissions; rolls back', async () => {
    const fileId = await imageOf(owner);
    const site = await api.post('/api/webapp-builder/site', { name: 'Seoul Bakery' }, { token: owner.accessToken });
    expect(site.status).toBe(201);
    expect(site.body).toMatchObject({ name: 'Seoul Bakery', status: 'draft', url: null, published_version: null });
    const slug: string = site.body.slug;
    expect(slug).toMatch(/^seoul-bakery/);

    const page = await api.post(
      '/api/webapp-builder/page',
      { site_id: site.body.id, title: 'Home', path: '/' },
      { token: owner.accessToken },
    );
    expect(page.status).toBe(201);
    const heading = await component(owner.accessToken, {
      page_id: page.body.id,
      type: 'heading',
      props: { text: 'Fresh bread daily', level: 1 },
    });
    await component(owner.accessToken, {
      page_id: page.body.id,
      type: 'text',
      props: { text: 'Hello <script>alert("x")</script> & welcome' },
    });
    await component(owner.accessToken, { page_id: page.body.id, type: 'image', props: { file_id: fileId, alt: 'Our "best" loaf' } });
    const form = await component(owner.accessToken, {
      page_id: page.body.id,
      type: 'form',
      props: {
        title: 'Order',
        fields: [
          { name: 'email', label: 'Email', type: 'email', required: true },
          { name: 'message', label: 'Message', type: 'textarea' },
        ],
      },
    });
    // The heading moved to the end and back: positions stay 0..n-1.
    expect(
      (await api.put(`/api/webapp-builder/component/${heading.id}`, { position: 9 }, { token: owner.accessToken })).body.position,
    ).toBe(3);
    expect(
      (await api.put(`/api/webapp-builder/component/${heading.id}`, { position: 0 }, { token: owner.accessToken })).body.position,
    ).toBe(0);
    const detail = await api.get(`/api/webapp-builder/page/${page.body.id}`, { token: owner.accessToken });
    expect(detail.body.components.map((c: any) => c.type)).toEqual(['heading', 'text', 'image', 'form']);

    const preview = await api.get(`/api/webapp-builder/site/${site.body.id}/preview`, { token: owner.accessToken });
    expect(preview.status).toBe(200);
    expect(preview.body.html).toContain('Fresh bread daily');
    expect((await fetchPage(env.fleet.baseUrl, `/sites/${slug}`)).status).toBe(404);

    const published = await api.post(`/api/webapp-builder/site/${site.body.id}/publish`, undefined, { token: owner.accessToken });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ site_id: site.body.id, version: 1, url: expect.stringMatching(new RegExp(`/sites/${slug}$`)) });
    expect((await api.get(`/api/webapp-builder/site/${site.body.id}/publish`, { token: owner.accessToken })).body).toMatchObject({
      version: 1,
      url: published.body.url,
    });

    const live = await fetchPage(env.fleet.baseUrl, `/sites/${slug}`);
    expect(live.status).toBe(200);
    expect(live.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = live.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src/);
    expect(csp).toContain("form-action 'self'");
    expect(live.text).toContain('<h1>Fresh bread daily</h1>');
    // The script in the text prop arrives as text, never as markup.
    expect(live.text).not.toContain('<script');
    expect(live.text).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; welcome');
    // The image is the owner's file, fetchable at the URL the page carries, and its origin is the CSP's img-src.
    const src = /<img src="([^"]+)"/.exec(live.text)?.[1];
    expect(src).toBeDefined();
    const imageUrl = unescapeHtml(src!);
    expect(imageUrl).toContain(`/users/${owner.id}/${fileId}/`);
    expect(csp).toContain(`img-src ${new URL(imageUrl).origin}`);
    const image = await fetchBytes(imageUrl);
    expect(image.status).toBe(200);
    expect(image.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(live.text).toContain(`action="/sites/${slug}/forms/${form.id}"`);

    // Cached with its ETag: the same version again is a 304 without a body.
    const etag = live.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    const again = await fetchPage(env.fleet.baseUrl, `/sites/${slug}`, { 'If-None-Match': etag! });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');

    // A visitor sends the form; its owner reads it; an undeclared field is dropped, a required one missing is a 422.
    const sent = await api.post(`/sites/${slug}/forms/${form.id}`, {
      fields: { email: 'guest@example.test', message: 'Two loaves', admin: 'yes' },
    });
    expect(sent.status).toBe(201);
    const missing = await api.post(`/sites/${slug}/forms/${form.id}`, { fields: { message: 'no email' } });
    expect(missing.status).toBe(422);
    expect(missing.body.error.details).toHaveProperty(['fields.email']);
    expect((await api.post(`/sites/${slug}/forms/${heading.id}`, { fields: {} })).status).toBe(404);
    const submissions = await api.get(`/api/webapp-builder/site/${site.body.id}/submissions`, { token: owner.accessToken });
    expect(submissions.status).toBe(200);
    expect(submissions.body).toMatchObject({
      total: 1,
      submissions: [{ id: sent.body.id, component_id: form.id, fields: { email: 'guest@example.test', message: 'Two loaves' } }],
    });

    // Version 2 changes the heading; rollback serves version 1 again.
    await api.put(
      `/api/webapp-builder/component/${heading.id}`,
      { props: { text: 'Closed for holidays', level: 1 } },
      { token: owner.accessToken },
    );
    expect((await api.post(`/api/webapp-builder/site/${site.body.id}/publish`, undefined, { token: owner.accessToken })).body.version).toBe(
      2,
    );
    const second = await fetchPage(env.fleet.baseUrl, `/sites/${slug}`, { 'If-None-Match': etag! });
    expect(second.status).toBe(200);
    expect(second.text).toContain('Closed for holidays');
    const rolledBack = await api.post(`/api/webapp-builder/site/${site.body.id}/rollback`, undefined, { token: owner.accessToken });
    expect(rolledBack.status).toBe(200);
    expect(rolledBack.body).toMatchObject({ version: 1, versions: [2, 1] });
    const first = await fetchPage(env.fleet.baseUrl, `/sites/${slug}`);
    expect(first.text).toContain('Fresh bread daily');
    expect(first.text).not.toContain('Closed for holidays');
    expect(first.headers.get('etag')).toBe(etag);
    // Nothing earlier than version 1: a second rollback is a conflict.
    expect((await api.post(`/api/webapp-builder/site/${site.body.id}/rollback`, undefined, { token: owner.accessToken })).status).toBe(409);
  });

  it("keeps another user's sites, pages, components and submissions from them (404)", async () => {
    const site = (await api.post('/api/webapp-builder/site', { name: 'Private' }, { token: owner.accessToken })).body;
    const page = (await api.post('/api/webapp-builder/page', { site_id: site.id, title: 'Home', path: '/' }, { token: owner.accessToken }))
      .body;
    const heading = await component(owner.accessToken, { page_id: page.id, type: 'heading', props: { text: 'Mine' } });
    const token = rival.accessToken;
    for (const path of [
      `/api/webapp-builder/site/${site.id}`,
      `/api/webapp-builder/sites/${site.id}`,
      `/api/webapp-builder/site/${site.id}/publish`,
      `/api/webapp-builder/site/${site.id}/preview`,
      `/api/webapp-builder/site/${site.id}/submissions`,
      `/api/webapp-builder/page/${page.id}`,
      `/api/webapp-builder/component/${heading.id}`,
    ]) {
      const answer = await api.get(path, { token });
      expect([path, answer.status, answer.body.error?.code]).toEqual([path, 404, 'NOT_FOUND']);
    }
    expect((await api.put(`/api/webapp-builder/site/${site.id}`, { name: 'Taken' }, { token })).status).toBe(404);
    expect((await api.post(`/api/webapp-builder/site/${site.id}/publish`, undefined, { token })).status).toBe(404);
    expect((await api.post(`/api/webapp-builder/site/${site.id}/rollback`, undefined, { token })).status).toBe(404);
    expect((await api.post('/api/webapp-builder/page', { site_id: site.id, title: 'X', path: '/x' }, { token })).status).toBe(404);
    expect((await api.put(`/api/webapp-builder/page/${page.id}`, { title: 'X' }, { token })).status).toBe(404);
    expect(
      (await api.post('/api/webapp-builder/component', { page_id: page.id, type: 'text', props: { text: 'x' } }, { token })).status,
    ).toBe(404);
    expect((await api.put(`/api/webapp-builder/component/${heading.id}`, { props: { text: 'x' } }, { token })).status).toBe(404);
    expect((await api.delete(`/api/webapp-builder/component/${heading.id}`, { token })).status).toBe(404);
    expect((await api.delete(`/api/webapp-builder/page/${page.id}`, { token })).status).toBe(404);
    expect((await api.delete(`/api/webapp-builder/site/${site.id}`, { token })).status).toBe(404);
    expect((await api.get('/api/webapp-builder/site', { token })).body.sites.map((s: any) => s.id)).not.toContain(site.id);
    // Still all there for the owner.
    expect((await api.get(`/api/webapp-builder/component/${heading.id}`, { token: owner.accessToken })).body.props).toEqual({
      text: 'Mine',
    });
  });

  it('refuses builder calls without a WebApp Builder subscription: 403 SUBSCRIPTION_REQUIRED', async () => {
    const stranger = await registerUser(api);
    for (const [method, path, body] of [
      ['POST', '/api/webapp-builder/site', { name: 'Nope' }],
      ['GET', '/api/webapp-builder/site', undefined],
      ['GET', '/api/webapp-builder/sites', undefined],
      ['POST', '/api/webapp-builder/page', { site_id: '00000000-0000-4000-8000-000000000000', title: 'X', path: '/' }],
    ] as const) {
      const answer = await api.request(method, path, { token: stranger.accessToken, body });
      expect([path, answer.status, answer.body.error.code]).toEqual([path, 403, 'SUBSCRIPTION_REQUIRED']);
      expect(answer.body.error.message).toBe('Subscription to WebApp Builder required');
    }
  });

  it('validates component props by type (422 naming the field) and refuses images of files the owner does not have', async () => {
    const site = (await api.post('/api/webapp-builder/site', { name: 'Checks', slug: 'checks-site' }, { token: owner.accessToken })).body;
    expect(site.slug).toBe('checks-site');
    const taken = await api.post('/api/webapp-builder/site', { name: 'Again', slug: 'checks-site' }, { token: rival.accessToken });
    expect(taken.status).toBe(409);
    const badSlug = await api.post('/api/webapp-builder/site', { name: 'Bad', slug: '-Bad Slug' }, { token: owner.accessToken });
    expect(badSlug.status).toBe(422);
    expect(badSlug.body.error.details).toHaveProperty('slug');
    const page = (await api.post('/api/webapp-builder/page', { site_id: site.id, title: 'Home', path: '/' }, { token: owner.accessToken }))
      .body;
    const samePath = await api.post(
      '/api/webapp-builder/page',
      { site_id: site.id, title: 'Again', path: '/' },
      { token: owner.accessToken },
    );
    expect(samePath.status).toBe(409);
    const badPath = await api.post(
      '/api/webapp-builder/page',
      { site_id: site.id, title: 'Bad', path: 'about' },
      { token: owner.accessToken },
    );
    expect(badPath.body.error.details).toHaveProperty('path');

    const cases: [Record<string, unknown>, string][] = [
      [{ type: 'heading', props: { level: 1 } }, 'props.text'],
      [{ type: 'heading', props: { text: 'x', level: 9 } }, 'props.level'],
      [{ type: 'button', props: { label: 'Go', href: 'javascript:alert(1)' } }, 'props.href'],
      [{ type: 'form', props: { fields: [] } }, 'props.fields'],
      [{ type: 'form', props: { fields: [{ name: 'Bad Name', label: 'x', type: 'text' }] } }, 'props.fields.0.name'],
      [{ type: 'embed', props: { kind: 'restaurant', id: page.id } }, 'props.kind'],
      [{ type: 'image', props: { file_id: await imageOf(rival) } }, 'props.file_id'],
      [{ type: 'widget', props: {} }, 'type'],
    ];
    for (const [body, field] of cases) {
      const answer = await api.post('/api/webapp-builder/component', { page_id: page.id, ...body }, { token: owner.accessToken });
      expect([field, answer.status, answer.body.error.code]).toEqual([field, 422, 'VALIDATION_ERROR']);
      expect(answer.body.error.details).toHaveProperty([field]);
    }
    // A site with no pages has nothing to publish.
    const empty = (await api.post('/api/webapp-builder/site', { name: 'Empty' }, { token: owner.accessToken })).body;
    expect((await api.post(`/api/webapp-builder/site/${empty.id}/publish`, undefined, { token: owner.accessToken })).status).toBe(409);
  });

  it('announces site.published and site.form.submitted', async () => {
    const seen: { type: string; data: any }[] = [];
    const subscription = env.fleet.nats.subscribe(env.fleet.subject('events.sites.>'));
    void (async () => {
      for await (const message of subscription) seen.push(JSON.parse(new TextDecoder().decode(message.data)));
    })();
    try {
      const site = (await api.post('/api/webapp-builder/site', { name: 'Events' }, { token: owner.accessToken })).body;
      const page = (
        await api.post('/api/webapp-builder/page', { site_id: site.id, title: 'Contact', path: '/contact' }, { token: owner.accessToken })
      ).body;
      await api.post('/api/webapp-builder/page', { site_id: site.id, title: 'Home', path: '/' }, { token: owner.accessToken });
      const form = await component(owner.accessToken, {
        page_id: page.id,
        type: 'form',
        props: { fields: [{ name: 'name', label: 'Name', type: 'text' }] },
      });
      await api.post(`/api/webapp-builder/site/${site.id}/publish`, undefined, { token: owner.accessToken });
      const contact = await fetchPage(env.fleet.baseUrl, `/sites/${site.slug}/contact`);
      expect(contact.status).toBe(200);
      expect(contact.text).toContain(`<a href="/sites/${site.slug}/contact">Contact</a>`);
      expect((await fetchPage(env.fleet.baseUrl, `/sites/${site.slug}/missing`)).status).toBe(404);
      expect((await api.post(`/sites/${site.slug}/forms/${form.id}`, { fields: { name: 'Kim' } })).status).toBe(201);
      // The published form itself, as a browser without script sends it.
      const browser = await fetch(new URL(`/sites/${site.slug}/forms/${form.id}`, env.fleet.baseUrl), {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ name: 'Lee & Park', other: 'dropped' }).toString(),
      });
      expect(browser.status).toBe(201);
      const received = await api.get(`/api/webapp-builder/site/${site.id}/submissions`, { token: owner.accessToken });
      expect(received.body.submissions.map((s: any) => s.fields.name).sort()).toEqual(['Kim', 'Lee & Park']);
      expect(received.body.submissions.every((s: any) => Object.keys(s.fields).join() === 'name')).toBe(true);
      await eventually(async () => {
        expect(seen.find((e) => e.type === 'site.published' && e.data.site_id === site.id)?.data).toMatchObject({
          owner_id: owner.id,
          slug: site.slug,
          version: 1,
          rollback: false,
        });
        expect(seen.find((e) => e.type === 'site.form.submitted' && e.data.site_id === site.id)?.data).toMatchObject({
          owner_id: owner.id,
          component_id: form.id,
          field_names: ['name'],
        });
      }, 10_000);
    } finally {
      subscription.unsubscribe();
    }
  });

  it('answers a browser that sends a form with a page: the success message and a link back, or what is missing', async () => {
    const { site, form } = await publishedForm(
      owner.accessToken,
      'Browser forms',
      { title: 'Order', path: '/order' },
      { fields: [{ name: 'email', label: 'Email', type: 'email', required: true }], success_message: 'Thanks <b>& see you</b> soon' },
    );
    const action = new URL(`/sites/${site.slug}/forms/${form.id}`, env.fleet.baseUrl);
    const pageUrl = new URL(`/sites/${site.slug}/order`, env.fleet.baseUrl).toString();
    const browserPost = (fields: Record<string, string>, referer = pageUrl) =>
      fetch(action, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
          Referer: referer,
        },
        body: new URLSearchParams(fields).toString(),
      });

    const sent = await browserPost({ email: 'guest@example.test' });
    expect(sent.status).toBe(201);
    expect(sent.headers.get('content-type')).toMatch(/^text\/html/);
    expect(sent.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await sent.text();
    // The owner's message is text, never markup.
    expect(html).toContain('Thanks &lt;b&gt;&amp; see you&lt;/b&gt; soon');
    expect(html).toContain(`<a href="/sites/${site.slug}/order">Back</a>`);

    // A required field missing: 422 as a page naming it, with the way back only to a page of this origin.
    const refused = await browserPost({ email: '' });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toMatch(/^text\/html/);
    const refusal = await refused.text();
    expect(refusal).toMatch(/<li>email: is required<\/li>/);
    expect(refusal).toContain(`<a href="/sites/${site.slug}/order">Back</a>`);
    const elsewhere = await (await browserPost({ email: '' }, 'https://evil.example/phish')).text();
    expect(elsewhere).not.toContain('<a href');

    // An API client still gets JSON, now with the message and the page.
    const json = await api.post(`/sites/${site.slug}/forms/${form.id}`, { fields: { email: 'api@example.test' } });
    expect(json.status).toBe(201);
    expect(json.body).toMatchObject({ message: 'Thanks <b>& see you</b> soon', page: `/sites/${site.slug}/order` });
    const received = await api.get(`/api/webapp-builder/site/${site.id}/submissions`, { token: owner.accessToken });
    expect(received.body.submissions.map((s: any) => s.fields.email).sort()).toEqual(['api@example.test', 'guest@example.test']);
  });

  it("takes a published site and its forms offline when the owner's subscription ends, and back when they subscribe again", async () => {
    const lapsing = await registerUser(api, { name: 'Lapsing' });
    await subscribeToSites(api, lapsing);
    const { site, form } = await publishedForm(
      lapsing.accessToken,
      'Short lived',
      { title: 'Home', path: '/' },
      { fields: [{ name: 'name', label: 'Name', type: 'text' }] },
    );
    expect((await fetchPage(env.fleet.baseUrl, `/sites/${site.slug}`)).status).toBe(200);

    // Cancelled at once, as an administrator can (admin's command to payment, which tells Stripe).
    const subscriptions = await api.get('/api/payment/subscriptions', { token: lapsing.accessToken, query: { status: 'active' } });
    const [subscription] = subscriptions.body.subscriptions.filter((s: { product_id: number }) => s.product_id === 5);
    const rpc = new RpcClient(env.fleet.nats, 5000, env.fleet.env.NATS_SUBJECT_PREFIX);
    await rpc.call(PaymentAdminCancelSubscription, {
      ctx: systemContext(randomUUID()),
      body: { subscription_id: subscription.id, reason: 'Chargeback' },
    });
    await eventually(async () => expect((await fetchPage(env.fleet.baseUrl, `/sites/${site.slug}`)).status).toBe(404), 15_000);
    expect((await api.post(`/sites/${site.slug}/forms/${form.id}`, { fields: { name: 'Kim' } })).status).toBe(404);
    // Nothing was unpublished: a new subscription brings the same version back.
    await subscribeToSites(api, lapsing);
    const back = await fetchPage(env.fleet.baseUrl, `/sites/${site.slug}`);
    expect(back.status).toBe(200);
    expect(back.text).toContain('Name');
    expect((await api.post(`/sites/${site.slug}/forms/${form.id}`, { fields: { name: 'Kim' } })).status).toBe(201);
  });

  it('embeds a CooCook chef as an escaped card, refuses an unknown one, and stops serving a deleted site', async () => {
    const { chef } = await registerChef(api, { name: 'Marco <i>the</i> Chef', bio: 'Pasta & more' });
    const site = (await api.post('/api/webapp-builder/site', { name: 'Chef page' }, { token: owner.accessToken })).body;
    const page = (await api.post('/api/webapp-builder/page', { site_id: site.id, title: 'Home', path: '/' }, { token: owner.accessToken }))
      .body;
    const unknown = await api.post(
      '/api/webapp-builder/component',
      { page_id: page.id, type: 'embed', props: { kind: 'chef', id: '00000000-0000-4000-8000-000000000000' } },
      { token: owner.accessToken },
    );
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details).toHaveProperty(['props.id']);
    await component(owner.accessToken, { page_id: page.id, type: 'embed', props: { kind: 'chef', id: chef.id } });
    await api.post(`/api/webapp-builder/site/${site.id}/publish`, undefined, { token: owner.accessToken });
    const live = await fetchPage(env.fleet.baseUrl, `/sites/${site.slug}`);
    expect(live.status).toBe(200);
    expect(live.text).toContain('<h3>Marco &#60;i&#62;the&#60;/i&#62; Chef</h3>');
    expect(live.text).toContain('<p>Pasta &#38; more</p>');

    expect((await api.delete(`/api/webapp-builder/site/${site.id}`, { token: owner.accessToken })).status).toBe(204);
    expect((await fetchPage(env.fleet.baseUrl, `/sites/${site.slug}`)).status).toBe(404);
    expect((await api.get(`/api/webapp-builder/site/${site.id}`, { token: owner.accessToken })).status).toBe(404);
  });
});
