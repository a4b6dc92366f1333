import { Client } from 'pg';

export interface ServiceRole {
  /** Role and schema name, e.g. `auth`. */
  name: string;
  password: string;
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unsafe identifier: ${name}`);
  return `"${name}"`;
}

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * Creates what the services need and cannot create themselves: the database, and per service
 * a login role that owns one schema and has no rights elsewhere. Idempotent; needs an admin URL.
 */
export async function provisionDatabase(adminUrl: string, services: ServiceRole[]): Promise<void> {
  const url = new URL(adminUrl);
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'softfactory';
  const maintenance = new URL(adminUrl);
  maintenance.pathname = '/postgres';

  const admin = new Client({ connectionString: maintenance.toString() });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) {
      await admin.query(`CREATE DATABASE ${quoteIdent(database)}`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error; // created concurrently
      });
    }
    // Roles and their settings are cluster-wide: provisioners of different databases (parallel
    // test fleets) serialise on a lock in the maintenance database, or Postgres answers
    // "tuple concurrently updated" to one of two concurrent ALTER ROLEs.
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', ['provision-roles']);
    for (const service of services) {
      await admin
        .query(
          `DO $$ BEGIN
             IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${quoteLiteral(service.name)}) THEN
               CREATE ROLE ${quoteIdent(service.name)} LOGIN PASSWORD ${quoteLiteral(service.password)};
             END IF;
           END $$`,
        )
        .catch((error: { code?: string }) => {
          if (error.code !== '42710' && error.code !== '23505') throw error;
        });
      await admin.query(`ALTER ROLE ${quoteIdent(service.name)} SET search_path = ${quoteIdent(service.name)}`);
    }
  } finally {
    await admin.end(); // ends the session, and with it the lock
  }

  const db = new Client({ connectionString: adminUrl });
  await db.connect();
  try {
    await db.query('SELECT pg_advisory_lock(hashtext($1))', ['provision']);
    await db.query(`REVOKE ALL ON DATABASE ${quoteIdent(database)} FROM PUBLIC`);
    await db.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
    for (const service of services) {
      const role = quoteIdent(service.name);
      await db.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${quoteIdent(database)} TO ${role}`);
      await db.query(`CREATE SCHEMA IF NOT EXISTS ${role} AUTHORIZATION ${role}`);
      // Its job queue (pg-boss, libs/jobs) keeps its tables beside the service's own.
      await db.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(`${service.name}_jobs`)} AUTHORIZATION ${role}`);
    }
    // Trigram matching (platform search: Korean words with particles, typos). Service roles may not
    // create extensions; its functions and operators are in public, which every role may use.
    await db.query('CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public');
    await db.query('SELECT pg_advisory_unlock(hashtext($1))', ['provision']);
  } finally {
    await db.end();
  }
}

/** Drops a throw-away database (tests). */
export async function dropDatabase(adminUrl: string): Promise<void> {
  const url = new URL(adminUrl);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
