import { Agent as HttpAgent, IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { ServiceUnavailable } from '@sf/errors';

const ATTEMPTS = 3;
const TIMEOUT_MS = 60_000;

/** S3 refused or never answered a part: the upload cannot go on. */
export class PartUploadFailed extends ServiceUnavailable {
  constructor(readonly detail: string) {
    super('File storage did not accept the upload; try again shortly');
  }
}

/** Sends one part of a multipart upload to its presigned URL; resolves with S3's ETag of it. */
export type PartSender = (url: string, chunks: readonly Buffer[], length: number) => Promise<string>;

/**
 * PUTs parts to presigned S3 URLs with node's own HTTP client: the part's chunks are written as
 * they are held (no copy into one buffer), with the exact Content-Length that S3 requires of a
 * presigned PUT. Network failures and 5xx answers are retried, since the part is still at hand.
 */
export class PartUploader {
  private readonly httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 64 });
  private readonly httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 64 });

  readonly send: PartSender = async (url, chunks, length) => {
    let lastError = 'no attempt made';
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const outcome = await this.attempt(url, chunks, length);
      if (outcome.etag) return outcome.etag;
      lastError = outcome.error;
      if (!outcome.retry) break;
    }
    throw new PartUploadFailed(lastError);
  };

  private attempt(url: string, chunks: readonly Buffer[], length: number): Promise<{ etag?: string; error: string; retry: boolean }> {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    return new Promise((resolve) => {
      const request = (secure ? httpsRequest : httpRequest)(
        target,
        {
          method: 'PUT',
          headers: { 'Content-Length': String(length) },
          agent: secure ? this.httpsAgent : this.httpAgent,
          timeout: TIMEOUT_MS,
        },
        (response: IncomingMessage) => {
          let answer = '';
          response.setEncoding('utf8');
          response.on('data', (text: string) => {
            if (answer.length < 2000) answer += text;
          });
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            const etag = response.headers.etag;
            if (status === 200 && etag) resolve({ etag, error: '', retry: false });
            else resolve({ error: `S3 answered ${status}: ${answer.slice(0, 300)}`, retry: status >= 500 || status === 429 });
          });
          response.on('error', (error) => resolve({ error: error.message, retry: true }));
        },
      );
      request.on('timeout', () => request.destroy(new Error('timed out')));
      request.on('error', (error) => resolve({ error: error.message, retry: true }));
      for (const chunk of chunks) request.write(chunk);
      request.end();
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
