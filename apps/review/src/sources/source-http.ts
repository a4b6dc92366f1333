import { Inject, Injectable } from '@nestjs/common';
import robotsParser from 'robots-parser';
import { REVIEW_CONFIG, ReviewConfig } from '../review.config';

/** A platform answered something other than what the adapter needs; the message says what. */
export class SourceError extends Error {}

interface Robots {
  isAllowed(url: string, ua?: string): boolean | undefined;
}

const ROBOTS_TTL_MS = 3_600_000;

/**
 * HTTP for the listing sources and verifiers: one request at a time per host with a minimum gap
 * between them, robots.txt honoured (read from the platform's base URL, kept an hour), a timeout,
 * and errors that say what went wrong without echoing tokens.
 */
@Injectable()
export class SourceHttp {
  private readonly hostQueues = new Map<string, Promise<unknown>>();
  private readonly lastRequestAt = new Map<string, number>();
  private readonly robots = new Map<string, { robots: Robots | null; at: number }>();

  constructor(@Inject(REVIEW_CONFIG) private readonly config: ReviewConfig) {}

  /** GETs a page that `base` (a platform's base URL) publishes, if its robots.txt allows it. */
  async getPage(base: string, url: string): Promise<{ status: number; body: string }> {
    if (!(await this.allowed(base, url))) throw new SourceError(`robots.txt of ${base} disallows ${new URL(url).pathname}`);
    return this.request(url, { method: 'GET' });
  }

  /** One request through the host's queue. */
  async request(url: string, init: RequestInit): Promise<{ status: number; body: string }> {
    const host = new URL(url).host;
    const previous = this.hostQueues.get(host) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.send(host, url, init));
    this.hostQueues.set(host, run);
    try {
      return await run;
    } finally {
      if (this.hostQueues.get(host) === run) this.hostQueues.delete(host);
    }
  }

  private async send(host: string, url: string, init: RequestInit): Promise<{ status: number; body: string }> {
    const wait = (this.lastRequestAt.get(host) ?? 0) + this.config.sources.minRequestIntervalMs - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    this.lastRequestAt.set(host, Date.now());
    try {
      const response = await fetch(url, {
        ...init,
        headers: { 'user-agent': this.config.sources.userAgent, ...(init.headers as Record<string, string> | undefined) },
        signal: AbortSignal.timeout(this.config.sources.requestTimeoutMs),
        redirect: 'manual',
      });
      return { status: response.status, body: await response.text() };
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'could not be reached';
      throw new SourceError(`${host} ${reason}`);
    }
  }

  private async allowed(base: string, url: string): Promise<boolean> {
    let cached = this.robots.get(base);
    if (!cached || Date.now() - cached.at > ROBOTS_TTL_MS) {
      const robotsUrl = `${base}/robots.txt`;
      const answer = await this.request(robotsUrl, { method: 'GET' });
      // No robots.txt (4xx) allows everything; a failing one (5xx) allows nothing for now.
      if (answer.status >= 500) throw new SourceError(`robots.txt of ${base} answered ${answer.status}`);
      cached = { robots: answer.status === 200 ? (robotsParser(robotsUrl, answer.body) as Robots) : null, at: Date.now() };
      this.robots.set(base, cached);
    }
    return cached.robots?.isAllowed(url, this.config.sources.userAgent) ?? true;
  }
}
