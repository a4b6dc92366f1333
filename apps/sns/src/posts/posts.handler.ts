import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  RequestOf,
  ResponseOf,
  SnsPostComment,
  SnsPostComments,
  SnsPostCreate,
  SnsPostDelete,
  SnsPostGet,
  SnsPostLike,
  SnsPostLikes,
  SnsPostList,
  SnsPostPublish,
  SnsPostUpdate,
} from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { EngagementService } from './engagement.service';
import { PostsService } from './posts.service';

@Controller()
export class PostsHandler {
  constructor(
    private readonly posts: PostsService,
    private readonly engagement: EngagementService,
  ) {}

  @Handles(SnsPostCreate)
  create(@Payload() req: RequestOf<typeof SnsPostCreate>): Promise<ResponseOf<typeof SnsPostCreate>> {
    return this.posts.create(req.ctx, req.body);
  }

  @Handles(SnsPostList)
  list(@Payload() req: RequestOf<typeof SnsPostList>): Promise<ResponseOf<typeof SnsPostList>> {
    return this.posts.list(req.ctx, req.query);
  }

  @Handles(SnsPostGet)
  get(@Payload() req: RequestOf<typeof SnsPostGet>): Promise<ResponseOf<typeof SnsPostGet>> {
    return this.posts.get(req.ctx, req.params.id);
  }

  @Handles(SnsPostUpdate)
  update(@Payload() req: RequestOf<typeof SnsPostUpdate>): Promise<ResponseOf<typeof SnsPostUpdate>> {
    return this.posts.update(req.ctx, req.params.id, req.body);
  }

  @Handles(SnsPostDelete)
  delete(@Payload() req: RequestOf<typeof SnsPostDelete>): Promise<ResponseOf<typeof SnsPostDelete>> {
    return this.posts.delete(req.ctx, req.params.id);
  }

  @Handles(SnsPostPublish)
  publish(@Payload() req: RequestOf<typeof SnsPostPublish>): Promise<ResponseOf<typeof SnsPostPublish>> {
    return this.posts.publish(req.ctx, req.params.id, req.body);
  }

  @Handles(SnsPostComments)
  comments(@Payload() req: RequestOf<typeof SnsPostComments>): Promise<ResponseOf<typeof SnsPostComments>> {
    return this.engagement.comments(req.ctx, req.params.id);
  }

  @Handles(SnsPostComment)
  comment(@Payload() req: RequestOf<typeof SnsPostComment>): Promise<ResponseOf<typeof SnsPostComment>> {
    return this.engagement.comment(req.ctx, req.params.id, req.body);
  }

  @Handles(SnsPostLikes)
  likes(@Payload() req: RequestOf<typeof SnsPostLikes>): Promise<ResponseOf<typeof SnsPostLikes>> {
    return this.engagement.likes(req.ctx, req.params.id);
  }

  @Handles(SnsPostLike)
  like(@Payload() req: RequestOf<typeof SnsPostLike>): Promise<ResponseOf<typeof SnsPostLike>> {
    return this.engagement.like(req.ctx, req.params.id, req.body.platform);
  }
}
