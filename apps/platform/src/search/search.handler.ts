import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  RequestOf,
  ResponseOf,
  SearchAutocomplete,
  SearchFacets,
  SearchFullText,
  SearchSave,
  SearchSavedDelete,
  SearchSavedList,
  SearchTrending,
} from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { SavedSearchesService } from './saved-searches.service';
import { SearchService } from './search.service';
import { TrendingService } from './trending.service';

@Controller()
export class SearchHandler {
  constructor(
    private readonly search: SearchService,
    private readonly saved: SavedSearchesService,
    private readonly trendingQueries: TrendingService,
  ) {}

  @Handles(SearchFullText)
  fullText(@Payload() req: RequestOf<typeof SearchFullText>): Promise<ResponseOf<typeof SearchFullText>> {
    return this.search.fullText(req.ctx, req.body);
  }

  @Handles(SearchAutocomplete)
  autocomplete(@Payload() req: RequestOf<typeof SearchAutocomplete>): Promise<ResponseOf<typeof SearchAutocomplete>> {
    return this.search.autocomplete(req.query);
  }

  @Handles(SearchFacets)
  facets(@Payload() req: RequestOf<typeof SearchFacets>): Promise<ResponseOf<typeof SearchFacets>> {
    return this.search.facets(req.query);
  }

  @Handles(SearchSave)
  save(@Payload() req: RequestOf<typeof SearchSave>): Promise<ResponseOf<typeof SearchSave>> {
    return this.saved.save(req.ctx, req.body);
  }

  @Handles(SearchSavedList)
  list(@Payload() req: RequestOf<typeof SearchSavedList>): Promise<ResponseOf<typeof SearchSavedList>> {
    return this.saved.list(req.ctx, req.query);
  }

  @Handles(SearchSavedDelete)
  delete(@Payload() req: RequestOf<typeof SearchSavedDelete>): Promise<void> {
    return this.saved.delete(req.ctx, req.params.id);
  }

  @Handles(SearchTrending)
  trending(@Payload() req: RequestOf<typeof SearchTrending>): Promise<ResponseOf<typeof SearchTrending>> {
    return this.trendingQueries.trending(req.query);
  }
}
