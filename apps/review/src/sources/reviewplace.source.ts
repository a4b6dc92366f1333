import * as cheerio from 'cheerio';
import type { ListingPlatform } from '@sf/contracts';
import { ListingSource, ScrapedListing } from './listing-source';
import { absolute, mapCategory, parseCount, parseKoreanDay, parseKrw } from './page-parsing';
import { SourceError, SourceHttp } from './source-http';

const MAX_PAGES = 50;

/**
 * reviewplace: items on `/list.php?page=N` (`div.item_list > div.item`), paged through
 * `div.paging a.next`. It has no application API: users apply on the listing's page.
 */
export class ReviewplaceSource implements ListingSource {
  readonly platform: ListingPlatform = 'reviewplace';
  readonly name = 'ReviewPlace';
  readonly acceptsApplications = false;

  constructor(
    private readonly http: SourceHttp,
    private readonly baseUrl: string,
  ) {}

  async fetchListings(): Promise<ScrapedListing[]> {
    const found = new Map<string, ScrapedListing>();
    let next: string | null = `${this.baseUrl}/list.php?page=1`;
    for (let page = 0; next && page < MAX_PAGES; page++) {
      const pageUrl: string = next;
      const { status, body } = await this.http.getPage(this.baseUrl, pageUrl);
      if (status !== 200) throw new SourceError(`reviewplace listing page answered ${status}`);
      const $ = cheerio.load(body);
      const list = $('div.item_list');
      if (list.length === 0) throw new SourceError('reviewplace listing page has no item list (layout changed?)');
      list.find('div.item').each((_, element) => {
        const item = $(element);
        const externalId = item
          .attr('id')
          ?.replace(/^item_/, '')
          .trim();
        const link = item.find('.subject a');
        const title = link.text().trim();
        if (!externalId || !title) return;
        const people = item.find('.people');
        found.set(externalId, {
          externalId,
          title,
          category: mapCategory(item.find('.cate').text()),
          rewardKrw: parseKrw(item.find('.point').text()),
          rewardDescription: item.find('.point').text().trim(),
          deadline: parseKoreanDay(item.find('.date').text()),
          maxApplicants: parseCount(people.find('.recruit').text()),
          applicantCount: parseCount(people.find('.applied').text()),
          url: absolute(link.attr('href') ?? `${this.baseUrl}/view.php?no=${externalId}`, pageUrl),
        });
      });
      const href = $('div.paging a.next').attr('href');
      next = href ? absolute(href, pageUrl) : null;
    }
    return [...found.values()];
  }
}
