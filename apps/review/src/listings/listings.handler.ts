import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CategoryList,
  ListingAggregated,
  ListingBookmark,
  ListingBookmarked,
  ListingGet,
  ListingUnbookmark,
  PlatformList,
  RequestOf,
  ResponseOf,
  ScrapeNow,
  ScrapeStatus,
} from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { ListingsService } from './listings.service';
import { ScraperService } from './scraper.service';

@Controller()
export class ListingsHandler {
  constructor(
    private readonly listings: ListingsService,
    private readonly scraper: ScraperService,
  ) {}

  @Handles(ListingAggregated)
  aggregated(@Payload() req: RequestOf<typeof ListingAggregated>): Promise<ResponseOf<typeof ListingAggregated>> {
    return this.listings.aggregated(req.ctx, req.query);
  }

  @Handles(ListingGet)
  get(@Payload() req: RequestOf<typeof ListingGet>): Promise<ResponseOf<typeof ListingGet>> {
    return this.listings.get(req.ctx, req.params.id);
  }

  @Handles(ListingBookmark)
  bookmark(@Payload() req: RequestOf<typeof ListingBookmark>): Promise<ResponseOf<typeof ListingBookmark>> {
    return this.listings.bookmark(req.ctx, req.params.id);
  }

  @Handles(ListingUnbookmark)
  unbookmark(@Payload() req: RequestOf<typeof ListingUnbookmark>): Promise<void> {
    return this.listings.unbookmark(req.ctx, req.params.id);
  }

  @Handles(ListingBookmarked)
  bookmarked(@Payload() req: RequestOf<typeof ListingBookmarked>): Promise<ResponseOf<typeof ListingBookmarked>> {
    return this.listings.bookmarked(req.ctx, req.query);
  }

  @Handles(CategoryList)
  categories(): Promise<ResponseOf<typeof CategoryList>> {
    return this.listings.categories();
  }

  @Handles(PlatformList)
  platforms(): Promise<ResponseOf<typeof PlatformList>> {
    return this.listings.platforms();
  }

  @Handles(ScrapeNow)
  scrapeNow(@Payload() req: RequestOf<typeof ScrapeNow>): Promise<ResponseOf<typeof ScrapeNow>> {
    return this.scraper.requestNow(req.ctx, req.body.platform);
  }

  @Handles(ScrapeStatus)
  scrapeStatus(): Promise<ResponseOf<typeof ScrapeStatus>> {
    return this.scraper.status();
  }
}
