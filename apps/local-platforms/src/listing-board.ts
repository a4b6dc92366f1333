import type { FastifyInstance, FastifyReply } from 'fastify';

/** A listing as a review platform shows it. */
export interface BoardListing {
  id: string;
  title: string;
  /** The platform's own label (Korean, as on the real sites). */
  category: string;
  reward: string;
  /** ISO date and time. */
  deadline: string;
  capacity: number;
  applied: number;
}

/** How the listing pages answer: normally, with an error status, or with a page of another layout. */
export type PageMode = 'ok' | 'error' | 'garbled';

/**
 * The state of one listing platform and its control API (`/_control/...`): replace, add and
 * remove listings, break the pages, read the applications received.
 */
export class ListingBoard {
  listings: BoardListing[];
  mode: PageMode = 'ok';
  readonly applications: { id: string; listing_id: string; channel: string; channel_name: string; message: string | null }[] = [];

  constructor(initial: BoardListing[]) {
    this.listings = initial.map((l) => ({ ...l }));
  }

  registerControl(app: FastifyInstance): void {
    app.get('/_control/listings', async () => ({ listings: this.listings, mode: this.mode }));
    app.put('/_control/listings', async (req, reply) => {
      const body = req.body as { listings?: BoardListing[] };
      if (!Array.isArray(body?.listings)) return reply.code(400).send({ error: 'listings must be an array' });
      this.listings = body.listings.map((l) => normalise(l));
      return { listings: this.listings };
    });
    app.post('/_control/listings', async (req, reply) => {
      const listing = normalise(req.body as Partial<BoardListing>);
      if (!listing.id || !listing.title) return reply.code(400).send({ error: 'id and title are required' });
      this.listings = [...this.listings.filter((l) => l.id !== listing.id), listing];
      return reply.code(201).send(listing);
    });
    app.delete('/_control/listings/:id', async (req, reply) => {
      const { id } = req.params as { id: string };
      const before = this.listings.length;
      this.listings = this.listings.filter((l) => l.id !== id);
      return reply.code(before === this.listings.length ? 404 : 204).send();
    });
    app.put('/_control/mode', async (req, reply) => {
      const mode = (req.body as { mode?: string })?.mode;
      if (mode !== 'ok' && mode !== 'error' && mode !== 'garbled') return reply.code(400).send({ error: 'mode is ok, error or garbled' });
      this.mode = mode;
      return { mode };
    });
    app.get('/_control/applications', async () => ({ applications: this.applications }));
  }

  /** Answers a broken page when the mode says so; true when it did. */
  brokenPage(reply: FastifyReply): boolean {
    if (this.mode === 'error') {
      void reply.code(503).type('text/html; charset=utf-8').send('<html><body><h1>서비스 점검 중입니다</h1></body></html>');
      return true;
    }
    if (this.mode === 'garbled') {
      void reply.type('text/html; charset=utf-8').send('<html><body><div class="renewal">새로운 모습으로 찾아옵니다</div></body></html>');
      return true;
    }
    return false;
  }

  page(number: number, size: number): { items: BoardListing[]; hasNext: boolean } {
    const start = (number - 1) * size;
    return { items: this.listings.slice(start, start + size), hasNext: this.listings.length > start + size };
  }
}

function normalise(l: Partial<BoardListing>): BoardListing {
  return {
    id: String(l.id ?? ''),
    title: String(l.title ?? ''),
    category: String(l.category ?? '기타'),
    reward: String(l.reward ?? '0원'),
    deadline: String(l.deadline ?? new Date(Date.now() + 14 * 86_400_000).toISOString()),
    capacity: Number(l.capacity ?? 10),
    applied: Number(l.applied ?? 0),
  };
}

/** A date some days ahead, at the end of that day in Korea, ISO. */
export function daysAhead(days: number): string {
  const date = new Date(Date.now() + days * 86_400_000);
  return `${date.toISOString().slice(0, 10)}T23:59:59+09:00`;
}
