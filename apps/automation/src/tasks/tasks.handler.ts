import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RequestOf, ResponseOf, TaskCreate, TaskExecute, TaskGet, TaskList, TaskUpdate } from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { TasksService } from './tasks.service';

@Controller()
export class TasksHandler {
  constructor(private readonly tasks: TasksService) {}

  @Handles(TaskCreate)
  create(@Payload() req: RequestOf<typeof TaskCreate>): Promise<ResponseOf<typeof TaskCreate>> {
    return this.tasks.create(req.ctx, req.body);
  }

  @Handles(TaskList)
  list(@Payload() req: RequestOf<typeof TaskList>): Promise<ResponseOf<typeof TaskList>> {
    return this.tasks.list(req.ctx, req.query);
  }

  @Handles(TaskGet)
  get(@Payload() req: RequestOf<typeof TaskGet>): Promise<ResponseOf<typeof TaskGet>> {
    return this.tasks.get(req.ctx, req.params.id);
  }

  @Handles(TaskUpdate)
  update(@Payload() req: RequestOf<typeof TaskUpdate>): Promise<ResponseOf<typeof TaskUpdate>> {
    return this.tasks.update(req.ctx, req.params.id, req.body);
  }

  @Handles(TaskExecute)
  execute(@Payload() req: RequestOf<typeof TaskExecute>): Promise<ResponseOf<typeof TaskExecute>> {
    return this.tasks.execute(req.ctx, req.params.id);
  }
}
