import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { Jobs } from '@sf/jobs';
import { searchVectorSql } from '../../../apps/platform/src/search/search-index';
import { FORGET_SEARCHERS_JOB, PRUNE_QUERY_COUNTS_JOB } from '../../../apps/platform/src/search/search-log-retention';
import { ApiClient, eventually, registerUser, RegisteredUser, TestFleet } from '@sf/testing';
import { recipeBody, registerChef } from '../coocook/coocook-helpers';
import { authService, coocookService, platformService, startFleet } from '../fleet';
import { FullFleet, startFullFleet } from '../full-fleet';
import { campaignBody, subscribeToReview } from '../review/review-helpers';
import { connectAccount, settledPost, subscribeToSns } from '../sns/sns-fleet';

/** Removals must reach the index within this long of the change. */
const WITHIN = 5_000;
/** How long the platform keeps a trending answer before refreshing it, in this file's fleet. */
const TRENDING_TTL_MS = 3_000;

/** A word no other test uses, of letters only (so trigram and stemming see one plain word). */
function uniqueWord(): string {
  return [...randomBytes(6)].map((b) => String.fromCharCode(97 + (b % 26))).join('');
}

describe('search across the products, fed by their events', () => {
  let fleet: TestFleet;
  let api: ApiClient;
  let author: RegisteredUser;
  let reader: RegisteredUser;

  beforeAll(async () => {
    ({ fleet, api } = await startFleet([authService, coocookService, platformService], {
      DEMO_MODE: 'false',
      PLATFORM_TRENDING_CACHE_TTL_MS: String(TRENDING_TTL_MS),
    }));
    author = (await registerChef(api, { name: 'Search Chef' })).user;
    reader = await registerUser(api);
  }, 60_000);
  afterAll(() => fleet?.close());

  const as = (user: RegisteredUser) => ({ token: user.accessToken });
  const fullText = (body: Record<string, unknown>, user = reader) => api.post('/api/search/full-text', body, as(user));
  const ids = (response: { body: any }) => response.body.results.map((r: any) => r.id);

  async function publish(overrides: Record<string, unknown>): Promise<string> {
    const created = await api.post('/api/recipes', recipeBody(overrides), as(author));
    expect(created.status).toBe(201);
    return created.body.id;
  }

  it('refuses callers without credentials and names the field of bad input (422), never a 500', async () => {
    expect((await api.post('/api/search/full-text', { q: 'pasta' })).status).toBe(401);
    expect((await api.get('/api/search/autocomplete?q=pa')).status).toBe(401);
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'q'],
      [{ q: '   ' }, 'q'],
      [{ q: 'pasta', limit: 0 }, 'limit'],
      [{ q: 'pasta', limit: 101 }, 'limit'],
      [{ q: 'pasta', type: 'spaceship' }, 'type'],
      [{ q: 'pasta', page: 'two' }, 'page'],
      [{ q: 'x'.repeat(201) }, 'q'],
    ];
    for (const [body, field] of cases) {
      const response = await fullText(body);
      expect(response.status).toBe(422);
      expect(response.body.error.code).toBe('VALIDATION_ERROR');
      expect(Object.keys(response.body.error.details)).toContain(field);
    }
    for (const path of [
      '/api/search/autocomplete',
      '/api/search/autocomplete?q=pa&limit=0',
      '/api/search/trending?days=99',
      '/api/search/trending?language=xx',
    ]) {
      const response = await api.get(path, as(reader));
      expect(response.status).toBe(422);
    }
    // Query syntax a user may type is searched, not an error.
    for (const q of ['"unclosed', 'a -', '!!! ((', "o'brien & | :*", '%_\\']) {
      expect((await fullText({ q })).status).toBe(200);
      expect((await api.get(`/api/search/autocomplete?q=${encodeURIComponent(q)}`, as(reader))).status).toBe(200);
    }
  });

  it('finds a published recipe in full text, autocomplete and facets; unpublished it is gone within 5 s, republished back, deleted gone', async () => {
    const word = uniqueWord();
    const title = `Smoky ${word} stew`;
    const id = await publish({ title, description: `A slow ${word} stew with beans.`, category: 'Dinner', tags: ['stew'] });

    const found = await eventually(async () => {
      const response = await fullText({ q: word });
      expect(response.status).toBe(200);
      expect(ids(response)).toEqual([id]);
      return response.body;
    }, WITHIN);
    expect(found).toMatchObject({ total: 1, page: 1, limit: 20 });
    expect(found.results[0]).toMatchObject({ id, type: 'recipe', title, platform: 'coocook', category: 'Dinner' });
    expect(found.results[0].excerpt).toContain(word);
    expect(found.results[0].relevance_score).toBeGreaterThan(0);
    expect(Date.parse(found.results[0].published_at)).not.toBeNaN();
    // Filters narrow it.
    expect(ids(await fullText({ q: word, type: 'chef' }))).toEqual([]);
    expect(ids(await fullText({ q: word, category: 'dinner', platform: 'coocook' }))).toEqual([id]);
    expect(ids(await fullText({ q: word, category: 'Breakfast' }))).toEqual([]);

    const suggestions = await api.get(`/api/search/autocomplete?q=${encodeURIComponent(`smoky ${word.slice(0, 3)}`)}`, as(reader));
    expect(suggestions.status).toBe(200);
    expect(suggestions.body.suggestions).toContainEqual({ text: title, count: 1, type: 'recipe' });

    const facets = await api.get(`/api/search/facets?q=${word}`, as(reader));
    expect(facets.status).toBe(200);
    expect(facets.body.categories).toEqual([{ value: 'Dinner', count: 1 }]);
    expect(facets.body.platforms).toEqual([{ value: 'coocook', count: 1 }]);
    expect(facets.body.types).toEqual([{ value: 'recipe', count: 1 }]);
    expect(facets.body.date_ranges).toContainEqual(expect.objectContaining({ range: 'last_24_hours', count: 1 }));
    expect(facets.body.date_ranges).toContainEqual(expect.objectContaining({ range: 'older', count: 0 }));

    // Unpublished: gone from all three.
    expect((await api.put(`/api/recipes/${id}`, { status: 'draft' }, as(author))).status).toBe(200);
    await eventually(async () => expect(ids(await fullText({ q: word }))).toEqual([]), WITHIN);
    expect(
      (await api.get(`/api/search/autocomplete?q=smoky%20${word}`, as(reader))).body.suggestions.map((s: any) => s.type),
    ).not.toContain('recipe');
    expect((await api.get(`/api/search/facets?q=${word}`, as(reader))).body.types).toEqual([]);

    // Published again, with a new title: found by it.
    const other = uniqueWord();
    expect((await api.put(`/api/recipes/${id}`, { status: 'published', title: `Smoky ${other} stew` }, as(author))).status).toBe(200);
    await eventually(async () => expect(ids(await fullText({ q: other }))).toEqual([id]), WITHIN);

    expect((await api.delete(`/api/recipes/${id}`, as(author))).status).toBe(204);
    await eventually(async () => expect(ids(await fullText({ q: other }))).toEqual([]), WITHIN);
  });

  it('answers a repeated search from the replica, never from before a committed write to the index', async () => {
    const word = uniqueWord();
    const id = await publish({ title: `Braised ${word}`, description: `Slow ${word}.` });
    const titleOf = async (q: Record<string, unknown>) => {
      const response = await fullText(q);
      expect(response.status).toBe(200);
      return response.body.results.map((r: any) => r.title);
    };
    await eventually(async () => expect(await titleOf({ q: word })).toEqual([`Braised ${word}`]), WITHIN);
    const db = new Client({ connectionString: fleet.adminDatabaseUrl });
    await db.connect();
    try {
      // A change that skips the index's triggers (as no writer does) is not seen: the answer is the kept one.
      await db.query(`SET session_replication_role = replica`);
      await db.query(`UPDATE platform.search_documents SET title = 'Unseen' WHERE source_id = $1`, [id]);
      expect(await titleOf({ q: word })).toEqual([`Braised ${word}`]);
      // Another spelling of the same search shares the answer; another page or filter does not.
      expect(await titleOf({ limit: 20, q: word })).toEqual([`Braised ${word}`]);
      expect(await titleOf({ q: word, type: 'recipe' })).toEqual(['Unseen']);
      // Any write to the index, here straight to the table as another replica's would be, is seen at once.
      await db.query(`SET session_replication_role = origin`);
      await db.query(`UPDATE platform.search_documents SET title = 'Stewed ' || $2 WHERE source_id = $1`, [id, word]);
      expect(await titleOf({ q: word })).toEqual([`Stewed ${word}`]);
      // And a search served from the kept answers still counts for trending.
      const logged = await db.query(`SELECT count(*)::int AS n FROM platform.search_queries WHERE text = $1`, [word]);
      expect(logged.rows[0].n).toBeGreaterThanOrEqual(4);
    } finally {
      await db.end();
    }
  });

  it('suggests a title once with the count of its documents, which follows unpublishing, retitling and deletion', async () => {
    const word = uniqueWord();
    const title = `Golden ${word} dumplings`;
    const first = await publish({ title });
    const second = await publish({ title: title.toUpperCase() });
    const suggested = async () =>
      (await api.get(`/api/search/autocomplete?q=golden%20${word}&type=recipe&platform=coocook`, as(reader))).body.suggestions.filter(
        (s: any) => s.type === 'recipe',
      );
    await eventually(
      async () => expect(await suggested()).toEqual([{ text: expect.stringMatching(new RegExp(title, 'i')), count: 2, type: 'recipe' }]),
      WITHIN,
    );
    // By the beginning of a word inside the title; with a typo (no word starts so), by trigram similarity.
    const typed = async (q: string) =>
      (await api.get(`/api/search/autocomplete?q=${encodeURIComponent(q)}`, as(reader))).body.suggestions.map((s: any) =>
        s.text.toLowerCase(),
      );
    expect(await typed(word.slice(0, 4))).toContain(title.toLowerCase());
    expect(await typed(`${word.slice(0, 5)}${word[5] === 'q' ? 'x' : 'q'} dumplings`)).toContain(title.toLowerCase());
    expect((await api.put(`/api/recipes/${second}`, { status: 'draft' }, as(author))).status).toBe(200);
    await eventually(async () => expect((await suggested()).map((s: any) => s.count)).toEqual([1]), WITHIN);
    expect((await api.put(`/api/recipes/${first}`, { title: `Silver ${word} dumplings` }, as(author))).status).toBe(200);
    await eventually(async () => expect((await suggested()).filter((s: any) => /golden/i.test(s.text))).toEqual([]), WITHIN);
    const silver = await api.get(`/api/search/autocomplete?q=silver%20${word}`, as(reader));
    expect(silver.body.suggestions).toContainEqual({ text: `Silver ${word} dumplings`, count: 1, type: 'recipe' });
    expect((await api.delete(`/api/recipes/${first}`, as(author))).status).toBe(204);
    await eventually(async () => {
      const gone = await api.get(`/api/search/autocomplete?q=silver%20${word}`, as(reader));
      expect(gone.body.suggestions.filter((s: any) => s.type === 'recipe')).toEqual([]);
    }, WITHIN);
  });

  it("never shows another user's private draft, not even to its author", async () => {
    const word = uniqueWord();
    const draft = await publish({ title: `Secret ${word} pie`, status: 'draft' });
    const visible = await publish({ title: `Open ${word} pie` });
    await eventually(async () => expect(ids(await fullText({ q: word }))).toEqual([visible]), WITHIN);
    expect(ids(await fullText({ q: word }, author))).not.toContain(draft);
    const facets = await api.get(`/api/search/facets?q=${word}`, as(reader));
    expect(facets.body.types).toEqual([{ value: 'recipe', count: 1 }]);
  });

  it('finds Korean content with a Korean query (with or without its particle) and an English word with one typo', async () => {
    const word = uniqueWord();
    const korean = await publish({
      title: `매콤한 김치찌개 ${word}`,
      description: '돼지고기와 두부를 넣은 김치찌개를 끓이는 방법',
      category: '찌개',
      cuisine: 'Korean',
    });
    const english = await publish({ title: `Creamy spaghetti ${word}`, description: 'Spaghetti with cream and parmesan.' });
    await eventually(async () => expect(ids(await fullText({ q: word })).sort()).toEqual([korean, english].sort()), WITHIN);

    expect(ids(await fullText({ q: '김치찌개' }))).toContain(korean);
    expect(ids(await fullText({ q: '두부' }))).toContain(korean);
    // "김치찌개를" (with its object particle) is in the text; the bare word finds it and vice versa.
    expect(ids(await fullText({ q: '김치찌개를 끓이는' }))).toContain(korean);
    expect(ids(await fullText({ q: '김치찌개' }))).not.toContain(english);
    expect(ids(await fullText({ q: '김치찌개', category: '찌개' }))).toEqual([korean]);

    // One edit away: a missing letter, a wrong letter.
    expect(ids(await fullText({ q: 'spagetti' }))).toContain(english);
    expect(ids(await fullText({ q: 'creamy spaghettu' }))).toContain(english);
    expect(ids(await fullText({ q: 'spagetti' }))).not.toContain(korean);
    // Stemmed: the plural of a title word.
    expect(ids(await fullText({ q: `${word} spaghettis` }))).toContain(english);

    const suggestions = await api.get(`/api/search/autocomplete?q=${encodeURIComponent('매콤한 김치')}`, as(reader));
    expect(suggestions.body.suggestions.map((s: any) => s.text)).toContain(`매콤한 김치찌개 ${word}`);
  });

  it('indexes a registered chef, found by name and cuisine', async () => {
    const word = uniqueWord();
    const { chef } = await registerChef(api, { name: `Chef ${word}`, cuisine: 'Peruvian', location: 'Busan' });
    const found = await eventually(async () => {
      const response = await fullText({ q: word, type: 'chef' });
      expect(ids(response)).toEqual([chef.id]);
      return response.body.results[0];
    }, WITHIN);
    expect(found).toMatchObject({ type: 'chef', title: `Chef ${word}`, category: 'Peruvian' });
  });

  it('pages results: total over all pages, the pages apart', async () => {
    const word = uniqueWord();
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await publish({ title: `Paged ${word} dish ${i}` }));
    await eventually(async () => expect((await fullText({ q: word })).body.total).toBe(3), WITHIN);
    const first = await fullText({ q: word, limit: 2, page: 1 });
    const second = await fullText({ q: word, limit: 2, page: 2 });
    const third = await fullText({ q: word, limit: 2, page: 3 });
    expect(first.body).toMatchObject({ total: 3, page: 1, limit: 2 });
    expect(second.body).toMatchObject({ total: 3, page: 2 });
    expect(third.body).toMatchObject({ total: 3, page: 3, results: [] });
    expect([...ids(first), ...ids(second)].sort()).toEqual([...made].sort());
    expect([first, second, third].map((r) => r.body.total_is_estimate)).toEqual([false, false, false]);
  });

  it('counts a broad query exactly with its page, estimates past the cap for a page beyond the end, best matches first', async () => {
    const word = uniqueWord();
    const rare = uniqueWord();
    // 1,200 public documents with the word (as the index writer stores them), 10 of them also with a rarer one in the title.
    const db = new Client({ connectionString: fleet.adminDatabaseUrl });
    await db.connect();
    try {
      await db.query(
        `INSERT INTO platform.search_documents (type, source_id, owner_id, platform, category, language, title, excerpt, search_text, search_vector, visible, published_at, version)
         SELECT 'recipe', gen_random_uuid(), gen_random_uuid(), 'coocook', 'Main', 'en', t.title, t.text, t.title || ' ' || t.text,
                ${searchVectorSql('t.title', "''", 't.text')}, true, now() - n * interval '1 minute', now()
           FROM generate_series(1, 1200) AS n,
                LATERAL (SELECT CASE WHEN n <= 10 THEN 'Broad ' || $1 || ' ' || $2 ELSE 'Plain dish ' || n END AS title,
                                'A dish with ' || $1 || ' in it.' AS text) t`,
        [word, rare],
      );
      await db.query('ANALYZE platform.search_documents');
    } finally {
      await db.end();
    }
    const broad = await fullText({ q: word, limit: 20 });
    expect(broad.status).toBe(200);
    // The scan that ranks every match counts them too: exact.
    expect(broad.body).toMatchObject({ total: 1200, total_is_estimate: false });
    // The ten with the word in the title (weight A) outrank the rest, whatever their age.
    expect(broad.body.results.slice(0, 10).every((r: any) => r.title.includes(rare))).toBe(true);
    expect(broad.body.results.slice(10).some((r: any) => r.title.includes(rare))).toBe(false);
    const later = await fullText({ q: word, limit: 20, page: 2 });
    expect(later.body.results).toHaveLength(20);
    expect(new Set([...ids(broad), ...ids(later)]).size).toBe(40);
    const beyond = await fullText({ q: word, limit: 100, page: 1000 });
    // Past the end no row carries the count: counted up to the cap, the planner's estimate beyond.
    expect(beyond.body).toMatchObject({ results: [], total_is_estimate: true });
    expect(beyond.body.total).toBeGreaterThan(1000);
    // A narrow query is counted exactly.
    const narrow = await fullText({ q: `${word} ${rare}` });
    expect(narrow.body).toMatchObject({ total: 10, total_is_estimate: false });
  });

  it('saves searches per user: private ones only for their owner, public ones for all; only the owner deletes', async () => {
    const other = await registerUser(api);
    const mine = await api.post('/api/search/saved', { query_text: 'kimchi stew', name: 'Stews' }, as(reader));
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({ name: 'Stews', query_text: 'kimchi stew', is_public: false, owned: true });
    expect(mine.body.saved_search_id).toBe(mine.body.id);
    expect(Date.parse(mine.body.created_at)).not.toBeNaN();
    const shared = await api.post('/api/search/saved', { query_text: 'bibimbap', name: 'Rice', is_public: true }, as(reader));
    expect(shared.status).toBe(201);

    const own = await api.get('/api/search/saved', as(reader));
    expect(own.status).toBe(200);
    expect(own.body.saved_searches.map((s: any) => s.id)).toEqual(expect.arrayContaining([mine.body.id, shared.body.id]));
    const theirs = await api.get('/api/search/saved', as(other));
    const seen = theirs.body.saved_searches.map((s: any) => s.id);
    expect(seen).toContain(shared.body.id);
    expect(seen).not.toContain(mine.body.id);
    expect(theirs.body.saved_searches.find((s: any) => s.id === shared.body.id).owned).toBe(false);
    expect((await api.get('/api/search/saved?scope=mine', as(other))).body).toMatchObject({ saved_searches: [], total: 0 });

    expect((await api.delete(`/api/search/saved/${shared.body.id}`, as(other))).status).toBe(404);
    expect((await api.delete(`/api/search/saved/${mine.body.id}`, as(other))).status).toBe(404);
    expect((await api.delete('/api/search/saved/not-a-uuid', as(reader))).status).toBe(404);
    expect((await api.delete(`/api/search/saved/${mine.body.id}`, as(reader))).status).toBe(204);
    expect((await api.delete(`/api/search/saved/${mine.body.id}`, as(reader))).status).toBe(404);

    const bad = await api.post('/api/search/saved', { query_text: 'x', name: '', is_public: 'yes' }, as(reader));
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.details)).toEqual(expect.arrayContaining(['name', 'is_public']));
  });

  it('ranks trending queries by how many searched them (normalised), by language', async () => {
    const word = uniqueWord();
    const searchers = [reader, author, await registerUser(api)];
    for (const user of searchers) expect((await fullText({ q: `  ${word.toUpperCase()}   Noodles ` }, user)).status).toBe(200);
    // The same user again counts once; a later page is not a new search.
    expect((await fullText({ q: `${word} noodles` }, reader)).status).toBe(200);
    expect((await fullText({ q: `${word} noodles`, page: 2 }, reader)).status).toBe(200);
    expect((await fullText({ q: `${word} 국수` }, reader)).status).toBe(200);

    // Within a TTL and one refresh, should another test have asked the same window before.
    await eventually(async () => {
      const trending = await api.get('/api/search/trending?days=7&limit=50', as(reader));
      expect(trending.status).toBe(200);
      expect(trending.body.days).toBe(7);
      expect(trending.body.queries).toContainEqual({ text: `${word} noodles`, volume: 3, growth_rate: null });
      const korean = await api.get('/api/search/trending?language=ko&limit=50', as(reader));
      const texts = korean.body.queries.map((q: any) => q.text);
      expect(texts).toContain(`${word} 국수`);
      expect(texts).not.toContain(`${word} noodles`);
    }, TRENDING_TTL_MS * 3);

    const suggestions = await api.get(`/api/search/autocomplete?q=${word}%20noo`, as(reader));
    expect(suggestions.body.suggestions).toContainEqual({ text: `${word} noodles`, count: 4, type: 'query' });
  });

  it('keeps a trending answer for its TTL, then serves it once more while one refresh runs behind it', async () => {
    const platform = `t${uniqueWord()}`; // a window no other test asks for
    const word = uniqueWord();
    const trending = async (limit = 5) => {
      const answer = await api.get(`/api/search/trending?platform=${platform.toUpperCase()}&limit=${limit}`, as(reader));
      expect(answer.status).toBe(200);
      return answer.body.queries.map((q: any) => q.text);
    };
    expect(await trending()).toEqual([]); // counted, and kept
    expect((await fullText({ q: `${word} pie`, platform })).status).toBe(200);
    expect((await fullText({ q: `${word} tart`, platform })).status).toBe(200);
    expect(await trending(1)).toEqual([]); // the kept answer, whatever the limit
    await new Promise((resolve) => setTimeout(resolve, TRENDING_TTL_MS + 200));
    expect(await trending()).toEqual([]); // past its TTL: served once more, refreshed behind
    await eventually(async () => expect(await trending()).toEqual([`${word} pie`, `${word} tart`]), 5_000);
    expect(await trending(1)).toEqual([`${word} pie`]);
  });

  it('forgets who searched once a search is 30 days old, through the job queue; the search itself stays', async () => {
    const old = uniqueWord();
    const recent = uniqueWord();
    expect((await fullText({ q: old })).status).toBe(200);
    expect((await fullText({ q: recent })).status).toBe(200);
    const db = new Client({ connectionString: fleet.adminDatabaseUrl });
    await db.connect();
    try {
      const searchers = async () =>
        (await db.query(`SELECT text, user_id FROM platform.search_queries WHERE text = ANY($1) ORDER BY text`, [[old, recent]])).rows;
      expect((await searchers()).map((r) => r.user_id)).toEqual([reader.id, reader.id]);
      await db.query(`UPDATE platform.search_queries SET created_at = now() - interval '31 days' WHERE text = $1`, [old]);

      // The hourly job, run now.
      await (fleet.app('platform') as INestApplication).get(Jobs).send(FORGET_SEARCHERS_JOB, {});
      await eventually(async () => {
        const rows = await searchers();
        expect(rows.find((r) => r.text === old)).toEqual({ text: old, user_id: null });
        expect(rows.find((r) => r.text === recent)).toEqual({ text: recent, user_id: reader.id });
      }, 10_000);
    } finally {
      await db.end();
    }
  });

  it('suggests the queries searched in the last 30 UTC days by their exact count, however many connections counted them; a nightly job drops older days and folds past ones', async () => {
    const word = uniqueWord();
    // At once, so the searches land on several pooled connections (each counts in its own slot).
    const searches = await Promise.all(Array.from({ length: 24 }, () => fullText({ q: `${word} stew` })));
    expect(searches.map((r) => r.status)).toEqual(Array(24).fill(200));
    expect((await fullText({ q: `${word} stew`, page: 2 })).status).toBe(200); // a page, not a search

    const db = new Client({ connectionString: fleet.adminDatabaseUrl });
    await db.connect();
    try {
      const day = (daysAgo: number) => `(now() AT TIME ZONE 'UTC')::date - ${daysAgo}`;
      // Counted before this test: the oldest day still in the window (on two connections' slots),
      // yesterday, and the first day out of the window.
      await db.query(
        `INSERT INTO platform.search_query_counts (text, day, slot, searches)
         VALUES ($1, ${day(29)}, 3, 4), ($1, ${day(29)}, 5, 1), ($1, ${day(1)}, 0, 2), ($1, ${day(1)}, 7, 1),
                ($2, ${day(30)}, 3, 7), ($2, ${day(30)}, 4, 1)`,
        [`${word} soup`, `${word} salad`],
      );
      const queries = async () =>
        (await api.get(`/api/search/autocomplete?q=${word}&limit=20`, as(reader))).body.suggestions.filter((s: any) => s.type === 'query');
      const suggested = [
        { text: `${word} stew`, count: 24, type: 'query' },
        { text: `${word} soup`, count: 8, type: 'query' },
      ];
      expect(await queries()).toEqual(suggested);

      await (fleet.app('platform') as INestApplication).get(Jobs).send(PRUNE_QUERY_COUNTS_JOB, {});
      await eventually(async () => {
        const { rows } = await db.query(
          `SELECT text, (now() AT TIME ZONE 'UTC')::date - day AS days_ago, slot, searches
             FROM platform.search_query_counts WHERE text = $1 ORDER BY day`,
          [`${word} soup`],
        );
        expect(rows).toEqual([
          { text: `${word} soup`, days_ago: 29, slot: 0, searches: 5 },
          { text: `${word} soup`, days_ago: 1, slot: 0, searches: 3 },
        ]);
      }, 10_000);
      const { rows: others } = await db.query(
        `SELECT text, sum(searches)::int AS searches FROM platform.search_query_counts WHERE text = ANY($1) GROUP BY text ORDER BY text`,
        [[`${word} salad`, `${word} stew`]],
      );
      expect(others).toEqual([{ text: `${word} stew`, searches: 24 }]); // today's slots stay as they are
      expect(await queries()).toEqual(suggested);
    } finally {
      await db.end();
    }
  });
});

describe('search over SNS posts and review campaigns, fed by their events', () => {
  let env: FullFleet;
  let api: ApiClient;
  let reader: RegisteredUser;

  beforeAll(async () => {
    env = await startFullFleet({ DEMO_MODE: 'false' });
    api = env.api;
    reader = await registerUser(api);
  }, 90_000);
  afterAll(() => env?.close());

  const as = (user: RegisteredUser) => ({ token: user.accessToken });
  const fullText = (body: Record<string, unknown>, user = reader) => api.post('/api/search/full-text', body, as(user));
  const ids = (response: { body: any }) => response.body.results.map((r: any) => r.id);

  it('finds a published post under its platform, never a draft or a scheduled one, and loses it within 5 s of its deletion', async () => {
    const author = await registerUser(api);
    await subscribeToSns(api, author);
    await connectAccount(api, author, 'instagram');
    const word = uniqueWord();
    const draft = await api.post('/api/sns/posts', { platforms: ['instagram'], content: `Draft ${word} thoughts` }, as(author));
    expect(draft.status).toBe(201);
    const later = new Date(Date.now() + 7 * 24 * 3600_000).toISOString();
    const scheduled = await api.post(
      '/api/sns/posts',
      { platforms: ['instagram'], content: `Scheduled ${word} news`, image_url: 'https://cdn.example.com/s.jpg', scheduled_at: later },
      as(author),
    );
    expect(scheduled.status).toBe(201);
    const post = await api.post(
      '/api/sns/posts',
      { platforms: ['instagram'], content: `Our ${word} launch is live\nCome and see it.`, image_url: 'https://cdn.example.com/a.jpg' },
      as(author),
    );
    expect(post.status).toBe(201);
    expect((await api.post(`/api/sns/posts/${post.body.id}/publish`, {}, as(author))).status).toBe(200);
    const settled = await settledPost(api, author, post.body.id);
    expect(settled.status).toBe('published');
    const targetId = settled.targets[0].id;

    const found = await eventually(async () => {
      const response = await fullText({ q: word });
      expect(response.status).toBe(200);
      expect(ids(response)).toEqual([targetId]);
      return response.body;
    }, WITHIN);
    expect(found.results[0]).toMatchObject({ type: 'post', platform: 'instagram', title: `Our ${word} launch is live` });
    expect(found.results[0].excerpt).toContain('Come and see it.');
    // Neither the author nor anyone else sees the draft or the scheduled post.
    expect(ids(await fullText({ q: word }, author))).toEqual([targetId]);
    expect(ids(await fullText({ q: word, type: 'post', platform: 'instagram' }))).toEqual([targetId]);
    expect(ids(await fullText({ q: word, platform: 'coocook' }))).toEqual([]);
    expect(ids(await fullText({ q: word, type: 'campaign' }))).toEqual([]);
    const facets = await api.get(`/api/search/facets?q=${word}`, as(reader));
    expect(facets.body.types).toEqual([{ value: 'post', count: 1 }]);
    expect(facets.body.platforms).toEqual([{ value: 'instagram', count: 1 }]);

    expect((await api.delete(`/api/sns/posts/${post.body.id}`, as(author))).status).toBe(204);
    await eventually(async () => expect(ids(await fullText({ q: word }))).toEqual([]), WITHIN);
    expect((await api.get(`/api/search/facets?q=${word}`, as(reader))).body.types).toEqual([]);
  }, 60_000);

  it('finds an open campaign by title, product and category; closed it is gone within 5 s, reopened back, deleted gone', async () => {
    const brand = await registerUser(api);
    await subscribeToReview(api, brand);
    const word = uniqueWord();
    const product = uniqueWord();
    const campaign = await api.post(
      '/api/review/campaigns',
      campaignBody({ title: `Winter ${word} review`, product_name: `${product} jacket`, category: 'Fashion' }),
      as(brand),
    );
    expect(campaign.status).toBe(201);
    const id = campaign.body.id;

    const found = await eventually(async () => {
      const response = await fullText({ q: word });
      expect(ids(response)).toEqual([id]);
      return response.body;
    }, WITHIN);
    expect(found.results[0]).toMatchObject({
      id,
      type: 'campaign',
      platform: 'review',
      category: 'Fashion',
      title: `Winter ${word} review`,
    });
    expect(ids(await fullText({ q: product }))).toEqual([id]);
    expect(ids(await fullText({ q: word, type: 'campaign', category: 'fashion' }))).toEqual([id]);
    expect(ids(await fullText({ q: word, category: 'Beauty' }))).toEqual([]);

    // Closed: not public any more.
    expect((await api.put(`/api/review/campaigns/${id}`, { status: 'closed' }, as(brand))).status).toBe(200);
    await eventually(async () => expect(ids(await fullText({ q: word }))).toEqual([]), WITHIN);
    expect(ids(await fullText({ q: word }, brand))).toEqual([]);

    // Reopened with a new title: found by it, not by the old one.
    const retitled = uniqueWord();
    expect((await api.put(`/api/review/campaigns/${id}`, { status: 'open', title: `Spring ${retitled} review` }, as(brand))).status).toBe(
      200,
    );
    await eventually(async () => expect(ids(await fullText({ q: retitled }))).toEqual([id]), WITHIN);
    expect(ids(await fullText({ q: word }))).toEqual([]);

    expect((await api.delete(`/api/review/campaigns/${id}`, as(brand))).status).toBe(204);
    await eventually(async () => expect(ids(await fullText({ q: retitled }))).toEqual([]), WITHIN);
    expect(ids(await fullText({ q: product }))).toEqual([]);
  }, 60_000);
});
