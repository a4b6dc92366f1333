import { BeforeApplicationShutdown, DynamicModule, Inject, Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import { Jobs, JobsOptions } from './jobs';

@Injectable()
class JobsLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(Jobs) private readonly jobs: Jobs) {}

  // Features define their queues in onModuleInit; the workers start after every module has.
  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.start();
  }

  // Before Nest's shutdown hooks close the database (TypeORM stops in onApplicationShutdown).
  async beforeApplicationShutdown(): Promise<void> {
    await this.jobs.stop();
  }
}

/** A service's job queue, injectable as `Jobs` everywhere in the service. */
@Module({})
export class JobsModule {
  static forService(options: JobsOptions): DynamicModule {
    return {
      module: JobsModule,
      global: true,
      providers: [{ provide: Jobs, useFactory: () => new Jobs(options) }, JobsLifecycle],
      exports: [Jobs],
    };
  }
}
