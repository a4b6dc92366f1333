import { ApiClient, eventually, RegisteredUser, registerUser } from '@sf/testing';
import { authService, coocookService, notificationsService, paymentService } from '../fleet';
import { payCheckout } from '../payment-fleet';
import { daysFromNow, registerChef, subscribeToCoocook } from '../coocook/coocook-helpers';
import { NotificationsFleet, startNotificationsFleet } from './notifications-fleet';
import { connected, openSocket, TestSocket } from './sockets';

describe("Chat between a CooCook booking's guest and chef, on /chat", () => {
  let env: NotificationsFleet;
  let api: ApiClient;
  let guest: RegisteredUser;
  let chef: RegisteredUser;
  let stranger: RegisteredUser;
  let bookingId: string;
  const sockets: TestSocket[] = [];
  const as = (user: RegisteredUser) => ({ token: user.accessToken });
  const open = async (user: RegisteredUser) => {
    const socket = openSocket(env.fleet.baseUrl, 'chat', { token: user.accessToken });
    sockets.push(socket);
    await connected(socket);
    return socket;
  };

  beforeAll(async () => {
    env = await startNotificationsFleet([authService, paymentService, coocookService, notificationsService], { DEMO_MODE: 'false' });
    api = env.api;
    [guest, stranger] = [await registerUser(api), await registerUser(api)];
    await subscribeToCoocook(api, guest, payCheckout, eventually);
    const registered = await registerChef(api);
    chef = registered.user;
    const booked = await api.post(
      '/api/coocook/bookings',
      { chef_id: registered.chef.id, booking_date: daysFromNow(9), duration_hours: 2 },
      as(guest),
    );
    expect(booked.status).toBe(201);
    bookingId = booked.body.id;
  }, 120_000);
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await env?.close();
  });

  it('lets the guest and the chef message, edit and type to each other; a third user gets 404 and receives nothing', async () => {
    const [guestSocket, chefSocket, strangerSocket] = [await open(guest), await open(chef), await open(stranger)];
    const subject = { subject_type: 'coocook.booking', subject_id: bookingId };
    const thread = await eventually(async () => {
      const opened = await api.post('/api/chat/threads', subject, as(guest));
      expect(opened.status).toBe(201);
      return opened.body;
    }, 15_000);
    expect(thread.participant_ids.sort()).toEqual([guest.id, chef.id].sort());
    expect(thread.open).toBe(true);
    // One thread per subject: the chef opening it finds the same one.
    expect((await api.post('/api/chat/threads', subject, as(chef))).body.id).toBe(thread.id);
    await chefSocket.next('thread:created', (d) => d.id === thread.id);

    // The third user: 404 everywhere.
    expect((await api.post('/api/chat/threads', subject, as(stranger))).status).toBe(404);
    expect((await api.get(`/api/chat/threads/${thread.id}/messages`, as(stranger))).status).toBe(404);
    expect((await api.post(`/api/chat/threads/${thread.id}/messages`, { body: 'hi' }, as(stranger))).status).toBe(404);
    expect((await api.get('/api/chat/threads', as(stranger))).body.threads).toEqual([]);

    const sent = await api.post(`/api/chat/threads/${thread.id}/messages`, { body: 'Can you bring a vegetarian menu?' }, as(guest));
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({
      thread_id: thread.id,
      sender_id: guest.id,
      body: 'Can you bring a vegetarian menu?',
      edited_at: null,
    });
    expect(await chefSocket.next('message:new', (d) => d.id === sent.body.id)).toMatchObject({ body: 'Can you bring a vegetarian menu?' });
    await guestSocket.next('message:new', (d) => d.id === sent.body.id);

    // Only the sender edits or deletes.
    expect((await api.put(`/api/chat/threads/${thread.id}/messages/${sent.body.id}`, { body: 'no' }, as(chef))).status).toBe(403);
    expect((await api.delete(`/api/chat/threads/${thread.id}/messages/${sent.body.id}`, as(chef))).status).toBe(403);
    expect((await api.put(`/api/chat/threads/${thread.id}/messages/${sent.body.id}`, { body: 'no' }, as(stranger))).status).toBe(404);
    const edited = await api.put(`/api/chat/threads/${thread.id}/messages/${sent.body.id}`, { body: 'A vegan menu, please' }, as(guest));
    expect(edited.status).toBe(200);
    expect(typeof edited.body.edited_at).toBe('string');
    expect(await chefSocket.next('message:edited', (d) => d.id === sent.body.id)).toMatchObject({ body: 'A vegan menu, please' });

    // Typing reaches the other party only; a stranger's indicator for the thread goes nowhere.
    strangerSocket.socket.emit('typing:indicator', { thread_id: thread.id });
    guestSocket.socket.emit('typing:indicator', { thread_id: thread.id });
    expect(await chefSocket.next('typing:indicator')).toEqual({ thread_id: thread.id, user_id: guest.id, typing: true });
    expect(chefSocket.received.filter((r) => r.event === 'typing:indicator')).toHaveLength(1);
    expect(guestSocket.received.some((r) => r.event === 'typing:indicator')).toBe(false);

    const reply = await api.post(`/api/chat/threads/${thread.id}/messages`, { body: 'Sure.' }, as(chef));
    await guestSocket.next('message:new', (d) => d.id === reply.body.id);
    expect((await api.delete(`/api/chat/threads/${thread.id}/messages/${reply.body.id}`, as(chef))).status).toBe(204);
    expect(await guestSocket.next('message:deleted')).toEqual({ id: reply.body.id, thread_id: thread.id });
    expect(strangerSocket.received).toEqual([]);
  });

  it('pages messages back with ?before=, lists threads, and answers bad input with 422 naming the field', async () => {
    const thread = (await api.post('/api/chat/threads', { subject_type: 'coocook.booking', subject_id: bookingId }, as(chef))).body;
    for (const body of ['one', 'two', 'three']) await api.post(`/api/chat/threads/${thread.id}/messages`, { body }, as(chef));
    const first = await api.get(`/api/chat/threads/${thread.id}/messages`, { ...as(guest), query: { limit: 2 } });
    expect(first.body.messages.map((m: any) => m.body)).toEqual(['three', 'two']);
    expect(first.body.has_more).toBe(true);
    const older = await api.get(`/api/chat/threads/${thread.id}/messages`, {
      ...as(guest),
      query: { limit: 2, before: first.body.messages[1].id },
    });
    expect(older.body.messages[0].body).toBe('one');

    const threads = await api.get('/api/chat/threads', as(guest));
    expect(threads.body.threads.map((t: any) => t.id)).toEqual([thread.id]);

    const empty = await api.post(`/api/chat/threads/${thread.id}/messages`, { body: '   ' }, as(guest));
    expect(empty.status).toBe(422);
    expect(empty.body.error.details).toHaveProperty('body');
    const long = await api.post(`/api/chat/threads/${thread.id}/messages`, { body: 'x'.repeat(4001) }, as(guest));
    expect(long.status).toBe(422);
    const badType = await api.post('/api/chat/threads', { subject_type: 'review.campaign', subject_id: bookingId }, as(guest));
    expect(badType.status).toBe(422);
    expect(badType.body.error.details).toHaveProperty('subject_type');
    expect((await api.get(`/api/chat/threads/${thread.id}/messages`, { ...as(guest), query: { before: 'nope' } })).status).toBe(422);
  });
});
