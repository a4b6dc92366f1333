import type { FastifyInstance } from 'fastify';
import escapeHtml from 'escape-html';
import { ListingBoard } from '../listing-board';
import type { PlatformModule } from '../platform-module';
import { reviewplaceFixtures } from './reviewplace.fixtures';

const PAGE_SIZE = 3;

function listPage(board: ListingBoard, prefix: string, page: number): string {
  const { items, hasNext } = board.page(page, PAGE_SIZE);
  const rows = items
    .map(
      (l) => `
  <div class="item" id="item_${escapeHtml(l.id)}">
    <div class="subject"><a href="${prefix}/view.php?no=${escapeHtml(l.id)}">${escapeHtml(l.title)}</a></div>
    <div class="cate">${escapeHtml(l.category)}</div>
    <div class="point">${escapeHtml(l.reward)}</div>
    <div class="people"><span class="recruit">${l.capacity}명 모집</span> / <span class="applied">${l.applied}명 신청</span></div>
    <div class="date">~${escapeHtml(l.deadline.slice(0, 10).replace(/-/g, '.'))}</div>
  </div>`,
    )
    .join('');
  const next = hasNext ? `<a class="next" href="${prefix}/list.php?page=${page + 1}">다음</a>` : '';
  return `<!doctype html><html lang="ko"><head><meta charset="euc-kr"><title>리뷰플레이스</title></head>
<body><div id="wrap"><div class="item_list">${rows}
</div><div class="paging"><strong>${page}</strong>${next}</div></div></body></html>`;
}

/** reviewplace: a PHP-style list (`/list.php?page=N`) and item pages; no application API. */
export const reviewplace: PlatformModule = {
  name: 'reviewplace',
  register(app: FastifyInstance) {
    const board = new ListingBoard(reviewplaceFixtures());
    const prefix = app.prefix;
    board.registerControl(app);
    app.get('/robots.txt', async (_req, reply) => reply.type('text/plain').send('User-agent: *\nDisallow: /member/\n'));
    app.get('/list.php', async (req, reply) => {
      if (board.brokenPage(reply)) return reply;
      const page = Math.max(1, Number((req.query as { page?: string }).page ?? 1) || 1);
      return reply.type('text/html; charset=utf-8').send(listPage(board, prefix, page));
    });
    app.get('/view.php', async (req, reply) => {
      const listing = board.listings.find((l) => l.id === (req.query as { no?: string }).no);
      if (!listing) return reply.code(404).type('text/html').send('<html><body>없는 캠페인입니다</body></html>');
      return reply.type('text/html; charset=utf-8').send(`<!doctype html><html><body><h2>${escapeHtml(listing.title)}</h2></body></html>`);
    });
  },
};
