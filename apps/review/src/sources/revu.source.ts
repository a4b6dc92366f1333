import * as cheerio from 'cheerio';
import type { ListingPlatform } from '@sf/contracts';
import { ListingSource, OutgoingApplication, ScrapedListing } from './listing-source';
import { absolute, mapCategory, parseCount, parseInstant, parseKrw } from './page-parsing';
import { SourceError, SourceHttp } from './source-http';

const MAX_PAGES = 50;

/**
 * revu: campaign cards on `/campaigns?page=N` (`li.campaign-item`), followed through the
 * pagination's `a.next`; applications go to its API (`POST /api/v1/campaigns/{id}/applications`
 * with the account's token).
 */
export class RevuSource implements ListingSource {
  readonly platform: ListingPlatform = 'revu';
  readonly name = 'Revu';
  readonly acceptsApplications = true;

  constructor(
    private readonly http: SourceHttp,
    private readonly baseUrl: string,
  ) {}

  async fetchListings(): Promise<ScrapedListing[]> {
    const found = new Map<string, ScrapedListing>();
    let next: string | null = `${this.baseUrl}/campaigns?page=1`;
    for (let page = 0; next && page < MAX_PAGES; page++) {
      const pageUrl: string = next;
      const { status, body } = await this.http.getPage(this.baseUrl, pageUrl);
      if (status !== 200) throw new SourceError(`revu listing page answered ${status}`);
      const $ = cheerio.load(body);
      const list = $('ul.campaign-list');
      if (list.length === 0) throw new SourceError('revu listing page has no campaign list (layout changed?)');
      list.find('li.campaign-item').each((_, element) => {
        const item = $(element);
        const externalId = item.attr('data-campaign-id')?.trim();
        const title = item.find('.campaign-title').text().trim();
        if (!externalId || !title) return;
        const recruit = item.find('.campaign-recruit');
        found.set(externalId, {
          externalId,
          title,
          category: mapCategory(item.find('.campaign-category').text()),
          rewardKrw: parseKrw(item.find('.campaign-reward').text()),
          rewardDescription: item.find('.campaign-reward').text().trim(),
          deadline: parseInstant(item.find('time.campaign-deadline').attr('datetime')),
          applicantCount: parseCount(recruit.find('.applied').text()),
          maxApplicants: parseCount(recruit.find('.capacity').text()),
          url: absolute(item.find('a.campaign-link').attr('href') ?? `${this.baseUrl}/campaigns/${externalId}`, pageUrl),
        });
      });
      const href = $('nav.pagination a.next').attr('href');
      next = href ? absolute(href, pageUrl) : null;
    }
    return [...found.values()];
  }

  async apply(application: OutgoingApplication): Promise<{ externalApplicationId: string }> {
    const url = `${this.baseUrl}/api/v1/campaigns/${encodeURIComponent(application.externalId)}/applications`;
    const { status, body } = await this.http.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${application.authToken}` },
      body: JSON.stringify({ channel: application.accountPlatform, channel_name: application.accountName, message: application.message }),
    });
    if (status === 409) throw new SourceError('revu refused the application: the campaign is closed or full');
    if (status === 401 || status === 403) throw new SourceError("revu refused the account's token");
    if (status !== 201 && status !== 200) throw new SourceError(`revu answered ${status} to the application`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new SourceError('revu answered the application with something other than JSON');
    }
    const id = (parsed as { application_id?: unknown }).application_id;
    if (typeof id !== 'string' && typeof id !== 'number') throw new SourceError('revu answered no application id');
    return { externalApplicationId: String(id) };
  }
}
