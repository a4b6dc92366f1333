import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { ACCOUNT_PLATFORMS } from '@sf/contracts';
import { AccountVerification } from '../accounts/account-verification';
import type { ReviewConfig } from '../review.config';
import { InstagramVerifier } from './instagram.verifier';
import { NaverBlogVerifier } from './naver-blog.verifier';
import { mapCategory, parseCount, parseKoreanDay, parseKrw } from './page-parsing';
import { ReviewplaceSource } from './reviewplace.source';
import { RevuSource } from './revu.source';
import { SourceError, SourceHttp } from './source-http';
import { YoutubeVerifier } from './youtube.verifier';

const config = {
  sources: { minRequestIntervalMs: 0, requestTimeoutMs: 2000, userAgent: 'SoftFactoryReviewBot/1.0' },
} as unknown as ReviewConfig;

/** A real HTTP server answering from a table of paths; counts what it was asked. */
async function serve(pages: Record<string, [number, string]>): Promise<{ base: string; hits: string[]; server: Server }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const [status, body] = pages[req.url ?? ''] ?? [404, 'not found'];
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits, server };
}

describe('listing sources', () => {
  const servers: Server[] = [];
  afterAll(async () => {
    for (const s of servers) await new Promise((resolve) => s.close(resolve));
  });

  it('reads amounts, counts, days and categories as the platforms write them', () => {
    expect(parseKrw('80,000원 상당 식사권')).toBe(80000);
    expect(parseKrw('포인트 30,000P')).toBe(30000);
    expect(parseKrw('제품 제공')).toBe(0);
    expect(parseCount('10명 모집')).toBe(10);
    expect(parseCount(undefined)).toBeNull();
    expect(parseKoreanDay('~2031.01.15')?.toISOString()).toBe('2031-01-15T14:59:59.000Z');
    expect(mapCategory('맛집')).toBe('Food');
    expect(mapCategory('우주여행')).toBe('Other');
  });

  it('follows revu’s pagination and maps each card', async () => {
    const card = (id: string, title: string) =>
      `<li class="campaign-item" data-campaign-id="${id}"><a class="campaign-link" href="/c/${id}"><h3 class="campaign-title">${title}</h3></a>` +
      `<span class="campaign-category">뷰티</span><span class="campaign-reward">35,000원 상당</span>` +
      `<p class="campaign-recruit"><em class="applied">2</em><em class="capacity">9</em></p>` +
      `<time class="campaign-deadline" datetime="2031-02-01T23:59:59+09:00"></time></li>`;
    const { base, server } = await serve({
      '/robots.txt': [200, 'User-agent: *\nAllow: /\n'],
      '/campaigns?page=1': [
        200,
        `<ul class="campaign-list">${card('7', 'A')}</ul><nav class="pagination"><a class="next" href="/campaigns?page=2">2</a></nav>`,
      ],
      '/campaigns?page=2': [200, `<ul class="campaign-list">${card('8', 'B')}</ul><nav class="pagination"></nav>`],
    });
    servers.push(server);
    const listings = await new RevuSource(new SourceHttp(config), base).fetchListings();
    expect(listings).toEqual([
      expect.objectContaining({
        externalId: '7',
        title: 'A',
        category: 'Beauty',
        rewardKrw: 35000,
        applicantCount: 2,
        maxApplicants: 9,
        url: `${base}/c/7`,
      }),
      expect.objectContaining({ externalId: '8', title: 'B' }),
    ]);
  });

  it('refuses a page robots.txt disallows, and a page whose layout it does not know', async () => {
    const blocked = await serve({
      '/robots.txt': [200, 'User-agent: *\nDisallow: /list.php\n'],
      '/list.php?page=1': [200, '<div class="item_list"></div>'],
    });
    servers.push(blocked.server);
    await expect(new ReviewplaceSource(new SourceHttp(config), blocked.base).fetchListings()).rejects.toThrow(/robots\.txt/);
    expect(blocked.hits).toEqual(['/robots.txt']);

    const changed = await serve({ '/list.php?page=1': [200, '<div class="renewal">soon</div>'] });
    servers.push(changed.server);
    await expect(new ReviewplaceSource(new SourceHttp(config), changed.base).fetchListings()).rejects.toBeInstanceOf(SourceError);
  });

  it('fetches a review URL only from the account platform’s own origin, for every platform', async () => {
    const platform = await serve({ '/robots.txt': [200, 'User-agent: *\nAllow: /\n'], '/blog/kim/223000000001': [200, '<h3>리뷰</h3>'] });
    const elsewhere = await serve({ '/kim/223000000001': [200, '<h3>리뷰</h3>'], '/robots.txt': [200, ''] });
    servers.push(platform.server, elsewhere.server);
    const http = new SourceHttp(config);
    const verification = new AccountVerification([
      new NaverBlogVerifier(http, `${platform.base}/blog`),
      new InstagramVerifier(http, `${platform.base}/instagram`),
      new YoutubeVerifier(http, `${platform.base}/youtube`),
    ]);
    const foreign = [
      `${elsewhere.base}/kim/223000000001`,
      `${elsewhere.base}/blog/kim/223000000001`,
      `http://${platform.base.slice('http://'.length)}@${elsewhere.base.slice('http://'.length)}/blog/kim/223000000001`,
      `https://www.instagram.com/p/123/`,
      `file:///etc/passwd`,
      'not a url',
    ];
    for (const accountPlatform of ACCOUNT_PLATFORMS) {
      for (const url of foreign) expect(await verification.ownsPost(accountPlatform, 'kim', url)).toBe(false);
    }
    expect(elsewhere.hits).toEqual([]);
    expect(platform.hits).toEqual([]);
    // On the platform's origin the blog's own post is fetched and found; another blog's path is not fetched.
    expect(await verification.ownsPost('naver', 'kim', `${platform.base}/blog/kim/223000000001`)).toBe(true);
    expect(await verification.ownsPost('blog', 'lee', `${platform.base}/blog/kim/223000000001`)).toBe(false);
    expect(platform.hits).toEqual(['/blog/robots.txt', '/blog/kim/223000000001']);
  });
});
