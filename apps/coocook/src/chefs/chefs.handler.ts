import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  ChefAvailabilityGet,
  ChefAvailabilityUpdate,
  ChefFollow,
  ChefGet,
  ChefList,
  ChefRegister,
  ChefReviews,
  ChefUnfollow,
  ChefUpdate,
  CoocookFeed,
  RequestOf,
  ResponseOf,
} from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { AvailabilityService } from './availability.service';
import { ChefsService } from './chefs.service';
import { FollowsService } from './follows.service';

@Controller()
export class ChefsHandler {
  constructor(
    private readonly chefs: ChefsService,
    private readonly availability: AvailabilityService,
    private readonly follows: FollowsService,
  ) {}

  @Handles(ChefRegister)
  register(@Payload() req: RequestOf<typeof ChefRegister>): Promise<ResponseOf<typeof ChefRegister>> {
    return this.chefs.register(req.ctx, req.body);
  }

  @Handles(ChefList)
  list(@Payload() req: RequestOf<typeof ChefList>): Promise<ResponseOf<typeof ChefList>> {
    return this.chefs.list(req.query);
  }

  @Handles(ChefGet)
  get(@Payload() req: RequestOf<typeof ChefGet>): Promise<ResponseOf<typeof ChefGet>> {
    return this.chefs.get(req.params.id);
  }

  @Handles(ChefUpdate)
  update(@Payload() req: RequestOf<typeof ChefUpdate>): Promise<ResponseOf<typeof ChefUpdate>> {
    return this.chefs.update(req.ctx, req.params.id, req.body);
  }

  @Handles(ChefReviews)
  reviews(@Payload() req: RequestOf<typeof ChefReviews>): Promise<ResponseOf<typeof ChefReviews>> {
    return this.chefs.reviews(req.params.id, req.query);
  }

  @Handles(ChefAvailabilityGet)
  getAvailability(@Payload() req: RequestOf<typeof ChefAvailabilityGet>): Promise<ResponseOf<typeof ChefAvailabilityGet>> {
    return this.availability.get(req.params.id);
  }

  @Handles(ChefAvailabilityUpdate)
  updateAvailability(@Payload() req: RequestOf<typeof ChefAvailabilityUpdate>): Promise<ResponseOf<typeof ChefAvailabilityUpdate>> {
    return this.availability.update(req.ctx, req.params.id, req.body);
  }

  @Handles(ChefFollow)
  follow(@Payload() req: RequestOf<typeof ChefFollow>): Promise<ResponseOf<typeof ChefFollow>> {
    return this.follows.follow(req.ctx, req.params.id);
  }

  @Handles(ChefUnfollow)
  unfollow(@Payload() req: RequestOf<typeof ChefUnfollow>): Promise<void> {
    return this.follows.unfollow(req.ctx, req.params.id);
  }

  @Handles(CoocookFeed)
  feed(@Payload() req: RequestOf<typeof CoocookFeed>): Promise<ResponseOf<typeof CoocookFeed>> {
    return this.follows.feed(req.ctx, req.query);
  }
}
