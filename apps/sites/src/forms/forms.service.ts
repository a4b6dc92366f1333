import { Inject, Injectable } from '@nestjs/common';
import { inTransaction } from '@sf/idempotency';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  FormSubmittedView,
  listView,
  MAX_FORM_VALUE_LENGTH,
  PageQuery,
  resolvePage,
  SubmissionListView,
  SubmitFormDto,
  UserContext,
} from '@sf/contracts';
import { NotFound, RateLimited, ValidationFailed } from '@sf/errors';
import { Ownership } from '../sites/ownership';
import { SitesEvents } from '../shared/sites-events';
import { Site, SiteVersion } from '../sites/site.entity';
import { SITES_CONFIG, SitesConfig } from '../sites.config';
import { pageHref } from '../rendering/page-renderer';
import { FormSubmission } from './submission.entity';

const DEFAULT_SUCCESS_MESSAGE = 'Thank you. Your message was sent.';

/** A submitted value as text: strings, numbers and booleans; anything else is not a form value. */
function asText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return null;
}

/** Forms of published sites: visitors send them, the site's owner reads what was sent. */
@Injectable()
export class FormsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SITES_CONFIG) private readonly config: SitesConfig,
    private readonly ownership: Ownership,
    private readonly events: SitesEvents,
  ) {}

  /** Stores a submission to a form of the live version; only its declared fields are kept. */
  async submit(slug: string, componentId: string, dto: SubmitFormDto): Promise<FormSubmittedView> {
    const site = await this.dataSource.getRepository(Site).findOneBy({ slug });
    if (!site || site.liveVersion === null || !(await this.ownership.ownerEntitled(site))) throw new NotFound('Form');
    const version = await this.dataSource.getRepository(SiteVersion).findOneBy({ siteId: site.id, version: site.liveVersion });
    const form = version?.forms.find((f) => f.component_id === componentId);
    if (!form) throw new NotFound('Form');

    const fields: Record<string, string> = {};
    const problems: Record<string, string[]> = {};
    for (const field of form.fields) {
      const raw = Object.prototype.hasOwnProperty.call(dto.fields, field.name) ? dto.fields[field.name] : undefined;
      const text = raw === undefined || raw === null ? null : asText(raw);
      if (raw !== undefined && raw !== null && text === null) problems[`fields.${field.name}`] = ['must be text'];
      else if (text !== null && text.trim() !== '') fields[field.name] = text.slice(0, MAX_FORM_VALUE_LENGTH);
      else if (field.required) problems[`fields.${field.name}`] = ['is required'];
    }
    if (Object.keys(problems).length) throw new ValidationFailed(problems);

    return inTransaction(this.dataSource, async (manager) => {
      // One form's submissions per hour are bounded, whoever sends them; the lock makes the count exact.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`sites-form:${componentId}`]);
      const [{ n, oldest }] = (await manager.query(
        `SELECT count(*)::int AS n, min(submitted_at) AS oldest FROM form_submissions
          WHERE component_id = $1 AND submitted_at > now() - interval '1 hour'`,
        [componentId],
      )) as { n: number; oldest: Date | null }[];
      if (n >= this.config.formSubmissionsPerHour) {
        const retryAfter = oldest ? (oldest.getTime() + 3_600_000 - Date.now()) / 1000 : 60;
        throw new RateLimited('This form takes no more submissions for now', retryAfter);
      }
      const submission = await manager.save(
        FormSubmission,
        manager.create(FormSubmission, { siteId: site.id, ownerId: site.ownerId, componentId, fields }),
      );
      await this.events.record(manager, 'site.form.submitted', site.id, {
        submission_id: submission.id,
        site_id: site.id,
        owner_id: site.ownerId,
        component_id: componentId,
        field_names: Object.keys(fields),
        submitted_at: submission.submittedAt.toISOString(),
      });
      return {
        id: submission.id,
        submitted_at: submission.submittedAt.toISOString(),
        message: form.success_message || DEFAULT_SUCCESS_MESSAGE,
        page: pageHref(slug, form.page_path ?? '/'),
      };
    });
  }

  async submissions(ctx: UserContext, siteId: string, query: PageQuery): Promise<SubmissionListView> {
    await this.ownership.requireProduct(ctx);
    const site = await this.ownership.site(this.dataSource.manager, ctx, siteId);
    const page = resolvePage(query);
    const [rows, total] = await this.dataSource.getRepository(FormSubmission).findAndCount({
      where: { siteId: site.id },
      order: { submittedAt: query.order === 'asc' ? 'ASC' : 'DESC', id: 'ASC' },
      skip: page.offset,
      take: page.limit,
    });
    return listView(
      'submissions',
      rows.map((s) => ({
        id: s.id,
        site_id: s.siteId,
        component_id: s.componentId,
        fields: s.fields,
        submitted_at: s.submittedAt.toISOString(),
      })),
      total,
      page,
    );
  }
}
