import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import escapeHtml from 'escape-html';
import { ListingBoard } from '../listing-board';
import type { PlatformModule } from '../platform-module';
import { revuFixtures } from './revu.fixtures';

const PAGE_SIZE = 4;

function listPage(board: ListingBoard, prefix: string, page: number): string {
  const { items, hasNext } = board.page(page, PAGE_SIZE);
  const cards = items
    .map(
      (l) => `
    <li class="campaign-item" data-campaign-id="${escapeHtml(l.id)}">
      <a class="campaign-link" href="${prefix}/campaigns/${escapeHtml(l.id)}"><h3 class="campaign-title">${escapeHtml(l.title)}</h3></a>
      <span class="campaign-category">${escapeHtml(l.category)}</span>
      <span class="campaign-reward">${escapeHtml(l.reward)}</span>
      <p class="campaign-recruit">신청 <em class="applied">${l.applied}</em> / 모집 <em class="capacity">${l.capacity}</em>명</p>
      <time class="campaign-deadline" datetime="${escapeHtml(l.deadline)}">~${escapeHtml(l.deadline.slice(0, 10))}</time>
    </li>`,
    )
    .join('');
  const next = hasNext ? `<a class="next" href="${prefix}/campaigns?page=${page + 1}">다음</a>` : '';
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>레뷰 - 체험단</title></head>
<body><header class="gnb">REVU</header><main><ul class="campaign-list">${cards}
</ul><nav class="pagination"><span class="current">${page}</span>${next}</nav></main></body></html>`;
}

/**
 * revu: campaign cards on `/campaigns?page=N`, a page per campaign, and an application API
 * (`POST /api/v1/campaigns/{id}/applications`, bearer token of the reviewer's channel).
 */
export const revu: PlatformModule = {
  name: 'revu',
  register(app: FastifyInstance) {
    const board = new ListingBoard(revuFixtures());
    const prefix = app.prefix;
    board.registerControl(app);
    app.get('/robots.txt', async (_req, reply) => reply.type('text/plain').send('User-agent: *\nDisallow: /mypage\nAllow: /\n'));
    app.get('/campaigns', async (req, reply) => {
      if (board.brokenPage(reply)) return reply;
      const page = Math.max(1, Number((req.query as { page?: string }).page ?? 1) || 1);
      return reply.type('text/html; charset=utf-8').send(listPage(board, prefix, page));
    });
    app.get('/campaigns/:id', async (req, reply) => {
      const listing = board.listings.find((l) => l.id === (req.params as { id: string }).id);
      if (!listing) return reply.code(404).type('text/html').send('<html><body>캠페인을 찾을 수 없습니다</body></html>');
      return reply
        .type('text/html; charset=utf-8')
        .send(
          `<!doctype html><html><body><h1 class="campaign-title">${escapeHtml(listing.title)}</h1><div class="reward">${escapeHtml(listing.reward)}</div></body></html>`,
        );
    });
    app.post('/api/v1/campaigns/:id/applications', async (req, reply) => {
      const auth = req.headers.authorization ?? '';
      if (!/^Bearer \S+/.test(auth)) return reply.code(401).send({ error: 'unauthorized' });
      const listing = board.listings.find((l) => l.id === (req.params as { id: string }).id);
      if (!listing) return reply.code(404).send({ error: 'campaign not found' });
      if (listing.applied >= listing.capacity || Date.parse(listing.deadline) <= Date.now()) {
        return reply.code(409).send({ error: 'campaign closed or full' });
      }
      const body = (req.body ?? {}) as { channel?: string; channel_name?: string; message?: string | null };
      const application = {
        id: randomUUID(),
        listing_id: listing.id,
        channel: String(body.channel ?? ''),
        channel_name: String(body.channel_name ?? ''),
        message: body.message ?? null,
      };
      board.applications.push(application);
      listing.applied += 1;
      return reply.code(201).send({ application_id: application.id, status: 'applied' });
    });
  },
};
