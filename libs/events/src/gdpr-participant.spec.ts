import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { collectGdprData, eraseGdprData, GdprDataMap, isSecretColumn } from './gdpr-participant';
import { EventsTestDatabase } from './testing/events-harness';

describe('GDPR data maps', () => {
  let db: EventsTestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await EventsTestDatabase.create();
    dataSource = await db.dataSource();
    await dataSource.query(`CREATE TABLE people (id uuid PRIMARY KEY, email text NOT NULL, password_hash text, token_enc text)`);
    await dataSource.query(`CREATE TABLE notes (id serial PRIMARY KEY, user_id uuid NOT NULL, body text NOT NULL)`);
    await dataSource.query(`CREATE TABLE receipts (id serial PRIMARY KEY, user_id uuid NOT NULL, email text, total int NOT NULL)`);
    await dataSource.query(`CREATE TABLE groups (id serial PRIMARY KEY, member_ids uuid[] NOT NULL)`);
  });
  afterAll(() => db?.close());

  const map: GdprDataMap = {
    tables: [
      { table: 'notes' },
      { table: 'receipts', erase: { anonymise: { user_id: '$2', email: 'NULL' } } },
      {
        table: 'groups',
        where: '$1 = ANY(member_ids)',
        erase: { anonymise: { member_ids: 'array_replace(member_ids, $1::uuid, $2::uuid)' } },
      },
      { table: 'people', where: 'id = $1', erase: 'keep' },
    ],
  };

  async function seed(): Promise<{ user: string; other: string }> {
    const user = randomUUID();
    const other = randomUUID();
    for (const id of [user, other]) {
      await dataSource.query(`INSERT INTO people VALUES ($1, $2, 'hash', 'sealed')`, [id, `${id}@example.test`]);
      await dataSource.query(`INSERT INTO notes (user_id, body) VALUES ($1, 'a'), ($1, 'b')`, [id]);
      await dataSource.query(`INSERT INTO receipts (user_id, email, total) VALUES ($1, $2, 100)`, [id, `${id}@example.test`]);
    }
    await dataSource.query(`INSERT INTO groups (member_ids) VALUES ($1)`, [[user, other]]);
    return { user, other };
  }

  it('collects only the user’s rows, table by table, never a secret column', async () => {
    const { user } = await seed();
    const tables = await collectGdprData(dataSource.manager, map, user);
    expect(Object.keys(tables)).toEqual(['notes', 'receipts', 'groups', 'people']);
    expect(tables.notes).toHaveLength(2);
    expect(tables.notes.every((n) => (n as { user_id: string }).user_id === user)).toBe(true);
    expect(tables.people).toEqual([{ id: user, email: `${user}@example.test` }]);
    expect(isSecretColumn('password_hash') && isSecretColumn('token_enc') && isSecretColumn('totp_secret')).toBe(true);
    expect(isSecretColumn('email')).toBe(false);
  });

  it('deletes, anonymises with one stand-in id, or keeps, and leaves other users alone', async () => {
    const { user, other } = await seed();
    const changed = await dataSource.transaction((manager) => eraseGdprData(manager, map, user));
    expect(changed).toBe(4); // two notes, one receipt, one group
    expect(await dataSource.query(`SELECT 1 FROM notes WHERE user_id = $1`, [user])).toEqual([]);
    const [receipt] = (await dataSource.query(`SELECT user_id, email FROM receipts WHERE email IS NULL`)) as {
      user_id: string;
      email: string | null;
    }[];
    const [group] = (await dataSource.query(`SELECT member_ids FROM groups WHERE $1 = ANY(member_ids)`, [other])) as {
      member_ids: string[];
    }[];
    expect(receipt.email).toBeNull();
    expect(receipt.user_id).not.toBe(user);
    expect(group.member_ids).toEqual([receipt.user_id, other]);
    expect(await dataSource.query(`SELECT 1 FROM people WHERE id = $1`, [user])).toHaveLength(1);
    expect(await dataSource.query(`SELECT 1 FROM notes WHERE user_id = $1`, [other])).toHaveLength(2);
    expect(await dataSource.query(`SELECT 1 FROM receipts WHERE user_id = $1 AND email IS NOT NULL`, [other])).toHaveLength(1);
  });
});
