import { Injectable } from '@nestjs/common';
import { listView, PageQuery, resolvePage, TemplateListView, TemplateView, UserContext } from '@sf/contracts';
import { Entitlements } from '@sf/entitlements';
import { NotFound } from '@sf/errors';
import { AUTOMATION_PRODUCT } from '../shared/plan-limits';
import { TEMPLATES } from './templates';

/** The built-in workflows, for subscribers to start from. */
@Injectable()
export class TemplatesService {
  constructor(private readonly entitlements: Entitlements) {}

  async list(ctx: UserContext, query: PageQuery): Promise<TemplateListView> {
    await this.entitlements.require(ctx, AUTOMATION_PRODUCT);
    const page = resolvePage(query);
    return listView('templates', TEMPLATES.slice(page.offset, page.offset + page.limit), TEMPLATES.length, page);
  }

  async get(ctx: UserContext, id: string): Promise<TemplateView> {
    await this.entitlements.require(ctx, AUTOMATION_PRODUCT);
    const template = TEMPLATES.find((t) => t.id === id);
    if (!template) throw new NotFound('Template');
    return template;
  }
}
