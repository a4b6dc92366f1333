import { ListMultipartUploadsCommand, ListObjectsV2Command, ListPartsCommand, S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient, AppStarter, TestFleet } from '@sf/testing';
import { LocalS3, startLocalS3 } from '../../apps/local-s3/src/local-s3.server';
import { authService, startFleet, storageService } from './fleet';

/** The gateway, auth and storage on a throw-away database, with a throw-away local S3 and bucket. */
export interface StorageFleet {
  fleet: TestFleet;
  api: ApiClient;
  /** An SDK client on the same bucket, for tests to look at what is (not) stored. */
  s3: S3Client;
  bucket: string;
  /** Keys of the objects under `prefix`. */
  objects(prefix: string): Promise<string[]>;
  /** Open multipart uploads under `prefix`, with how many parts each has received. */
  openUploads(prefix: string): Promise<{ key: string; uploadId: string; parts: number }[]>;
  close(): Promise<void>;
}

/** A local S3 of its own for a test file: its URL, the env the storage service needs, and a way to stop it. */
export interface TestS3 {
  url: string;
  bucket: string;
  env: Record<string, string>;
  client: S3Client;
  close(): Promise<void>;
}

export async function startTestS3(): Promise<TestS3> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sf-e2e-s3-'));
  const credentials = {
    accessKeyId: `key-${randomBytes(4).toString('hex')}`,
    secretAccessKey: randomBytes(16).toString('hex'),
    region: 'us-east-1',
  };
  let server: LocalS3;
  try {
    server = await startLocalS3({ port: 0, host: '127.0.0.1', dataDir, credentials });
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const bucket = `sf-e2e-${randomBytes(4).toString('hex')}`;
  const client = new S3Client({
    endpoint: server.url,
    region: credentials.region,
    forcePathStyle: true,
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return {
    url: server.url,
    bucket,
    client,
    env: {
      S3_ENDPOINT: server.url,
      S3_BUCKET: bucket,
      S3_REGION: credentials.region,
      S3_ACCESS_KEY_ID: credentials.accessKeyId,
      S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    },
    close: async () => {
      client.destroy();
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The gateway, auth, storage (and any further `services`) on a throw-away database, with a
 * throw-away local S3 and bucket. Other services' tests that need files start their fleet here.
 */
export async function startStorageFleet(env: Record<string, string> = {}, services: AppStarter[] = []): Promise<StorageFleet> {
  const s3 = await startTestS3();
  try {
    const { fleet, api } = await startFleet([authService, storageService, ...services], { ...s3.env, ...env });
    const { client, bucket } = s3;
    return {
      fleet,
      api,
      s3: client,
      bucket,
      objects: async (prefix) =>
        ((await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents ?? []).map((o) => o.Key as string),
      openUploads: async (prefix) => {
        const uploads = (await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix }))).Uploads ?? [];
        return Promise.all(
          uploads.map(async (u) => ({
            key: u.Key as string,
            uploadId: u.UploadId as string,
            parts: ((await client.send(new ListPartsCommand({ Bucket: bucket, Key: u.Key, UploadId: u.UploadId }))).Parts ?? []).length,
          })),
        );
      },
      close: async () => {
        await fleet.close();
        await s3.close();
      },
    };
  } catch (error) {
    await s3.close();
    throw error;
  }
}
