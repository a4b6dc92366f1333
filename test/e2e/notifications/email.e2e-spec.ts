import { randomBytes } from 'node:crypto';
import { ApiClient, eventually, RegisteredUser, registerUser } from '@sf/testing';
import { drained, NotificationsFleet, startNotificationsFleet } from './notifications-fleet';

describe('Mail through the local SMTP server', () => {
  let env: NotificationsFleet;
  let api: ApiClient;
  let user: RegisteredUser;

  beforeAll(async () => {
    env = await startNotificationsFleet(undefined, { DEMO_MODE: 'false' });
    api = env.api;
    user = await registerUser(api);
  }, 60_000);
  afterAll(() => env?.close());

  it('mails a password reset link that works, and shows the token nowhere else', async () => {
    const asked = await api.post('/api/auth/password/reset', { email: user.email });
    expect(asked.status).toBe(200);
    const [mail] = await eventually(async () => {
      const mails = await env.mailbox(user.email);
      expect(mails).toHaveLength(1);
      return mails;
    }, 15_000);
    expect(mail.subject).toBe('Reset your SoftFactory password');
    const link = /(https?:\/\/\S+\?token=([A-Za-z0-9_-]+))/.exec(mail.text);
    expect(link).not.toBeNull();
    expect(mail.html).toContain(link![1]);

    // The token in the mail sets a new password; the old one stops working.
    const password = `New-${randomBytes(8).toString('hex')}`;
    const reset = await api.put(`/api/auth/password/reset/${link![2]}`, { password });
    expect(reset.status).toBe(200);
    expect((await api.post('/api/auth/login', { email: user.email, password })).status).toBe(200);
    expect((await api.post('/api/auth/login', { email: user.email, password: user.password })).status).toBe(401);
    // The reset is no in-app notice: nothing to read in the list carries the token.
    const fresh = (await api.post('/api/auth/login', { email: user.email, password })).body.access_token;
    const list = await api.get('/api/notifications', { token: fresh });
    expect(JSON.stringify(list.body)).not.toContain(link![2]);
  });

  it('mails a sent invoice to its recipient, unless the owner turned payment mail off', async () => {
    const owner = await registerUser(api);
    const recipient = `billing-${randomBytes(4).toString('hex')}@example.test`;
    const created = await api.post(
      '/api/payment/invoices',
      { items: [{ description: 'Consulting', quantity: 2, price_krw: 50_000 }], recipient_email: recipient },
      { token: owner.accessToken },
    );
    expect(created.status).toBe(201);
    const sent = await api.post(`/api/payment/invoices/${created.body.id}/send`, {}, { token: owner.accessToken });
    expect(sent.status).toBe(200);
    const [mail] = await eventually(async () => {
      const mails = await env.mailbox(recipient);
      expect(mails).toHaveLength(1);
      return mails;
    }, 15_000);
    expect(mail.subject).toBe(`Your SoftFactory invoice ${created.body.invoice_number}`);
    expect(mail.text).toContain('₩110,000');

    const other = await registerUser(api);
    await api.put('/api/settings/notifications', { categories: { payments: { email: false } } }, { token: other.accessToken });
    const quiet = `quiet-${randomBytes(4).toString('hex')}@example.test`;
    const second = await api.post(
      '/api/payment/invoices',
      { items: [{ description: 'Design', quantity: 1, price_krw: 10_000 }], recipient_email: quiet },
      { token: other.accessToken },
    );
    await api.post(`/api/payment/invoices/${second.body.id}/send`, {}, { token: other.accessToken });
    await drained(env.fleet, 'notifications-payment');
    expect(await env.mailbox(quiet)).toEqual([]);
  });
});
