import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  RequestOf,
  ResponseOf,
  WorkflowCreate,
  WorkflowDelete,
  WorkflowGet,
  WorkflowList,
  WorkflowRun,
  WorkflowRunGet,
  WorkflowRunList,
  WorkflowUpdate,
} from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { RunsService } from '../runs/runs.service';
import { WorkflowsService } from './workflows.service';

@Controller()
export class WorkflowsHandler {
  constructor(
    private readonly workflows: WorkflowsService,
    private readonly runs: RunsService,
  ) {}

  @Handles(WorkflowCreate)
  create(@Payload() req: RequestOf<typeof WorkflowCreate>): Promise<ResponseOf<typeof WorkflowCreate>> {
    return this.workflows.create(req.ctx, req.body);
  }

  @Handles(WorkflowList)
  list(@Payload() req: RequestOf<typeof WorkflowList>): Promise<ResponseOf<typeof WorkflowList>> {
    return this.workflows.list(req.ctx, req.query);
  }

  @Handles(WorkflowGet)
  get(@Payload() req: RequestOf<typeof WorkflowGet>): Promise<ResponseOf<typeof WorkflowGet>> {
    return this.workflows.get(req.ctx, req.params.id);
  }

  @Handles(WorkflowUpdate)
  update(@Payload() req: RequestOf<typeof WorkflowUpdate>): Promise<ResponseOf<typeof WorkflowUpdate>> {
    return this.workflows.update(req.ctx, req.params.id, req.body);
  }

  @Handles(WorkflowDelete)
  remove(@Payload() req: RequestOf<typeof WorkflowDelete>): Promise<void> {
    return this.workflows.remove(req.ctx, req.params.id);
  }

  @Handles(WorkflowRun)
  run(@Payload() req: RequestOf<typeof WorkflowRun>): Promise<ResponseOf<typeof WorkflowRun>> {
    return this.workflows.run(req.ctx, req.params.id, req.body);
  }

  @Handles(WorkflowRunList)
  listRuns(@Payload() req: RequestOf<typeof WorkflowRunList>): Promise<ResponseOf<typeof WorkflowRunList>> {
    return this.runs.list(req.ctx, req.params.id, req.query);
  }

  @Handles(WorkflowRunGet)
  runGet(@Payload() req: RequestOf<typeof WorkflowRunGet>): Promise<ResponseOf<typeof WorkflowRunGet>> {
    return this.runs.get(req.ctx, req.params.id, req.params.run_id);
  }
}
