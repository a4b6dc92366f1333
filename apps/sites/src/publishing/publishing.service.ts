import { Inject, Injectable } from '@nestjs/common';
import { inTransaction } from '@sf/idempotency';
import { InjectDataSource } from '@nestjs/typeorm';
import { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { FormProps, PreviewView, PublicationView, PublishedObjectReply, UserContext } from '@sf/contracts';
import { Conflict, NotFound, ValidationFailed } from '@sf/errors';
import { SiteComponent } from '../components/component.entity';
import { ComponentProps } from '../components/component-props';
import { Page } from '../pages/page.entity';
import { RenderedPage, renderPage } from '../rendering/page-renderer';
import { Ownership } from '../sites/ownership';
import { SitesEvents } from '../shared/sites-events';
import { Site, SiteVersion, VersionForm, VersionPage } from '../sites/site.entity';
import { SitesService } from '../sites/sites.service';
import { SITES_CONFIG, SitesConfig } from '../sites.config';
import { SiteObjectStore } from '../objects/site-object-store';

/** How long the URL the gateway fetches a page from stays valid. */
const FETCH_URL_TTL_SECONDS = 60;

export const SITES_LOGGER = Symbol('SITES_LOGGER');

/**
 * Publishing: every page rendered to static HTML, stored in S3 as a new version, made live in
 * one transaction with its `site.published` event; earlier versions kept for rollback. Also the
 * preview of the draft and the public lookup the gateway serves pages by.
 */
@Injectable()
export class PublishingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SITES_CONFIG) private readonly config: SitesConfig,
    @Inject(SITES_LOGGER) private readonly logger: Logger,
    private readonly ownership: Ownership,
    private readonly props: ComponentProps,
    private readonly objects: SiteObjectStore,
    private readonly sites: SitesService,
    private readonly events: SitesEvents,
  ) {}

  async publish(ctx: UserContext, id: string): Promise<PublicationView> {
    await this.ownership.requireProduct(ctx);
    const { view, pruned } = await inTransaction(this.dataSource, async (manager) => {
      // The site's row stays locked while its pages upload: publishes of one site take turns.
      const site = await this.ownership.site(manager, ctx, id, true);
      const pages = await manager.find(Page, { where: { siteId: site.id }, order: { path: 'ASC' } });
      if (!pages.length) throw new Conflict('The site has no pages to publish');
      const version = site.nextVersion;
      const rendered = await this.renderAll(ctx, manager, site, pages);
      const versionPages: VersionPage[] = [];
      for (const { page, output } of rendered) {
        const key = SiteObjectStore.pageKey(site.id, version, page.path);
        await this.objects.putHtml(key, output.html);
        versionPages.push({
          path: page.path,
          title: page.title,
          key,
          etag: output.etag,
          bytes: Buffer.byteLength(output.html),
          content_security_policy: output.content_security_policy,
        });
      }
      const forms: VersionForm[] = rendered.flatMap(({ forms: f }) => f);
      const row = await manager.save(SiteVersion, manager.create(SiteVersion, { siteId: site.id, version, pages: versionPages, forms }));
      site.liveVersion = version;
      site.nextVersion = version + 1;
      await manager.save(Site, site);
      await this.recordPublished(manager, site, row, false);
      const pruned = await this.pruneVersions(manager, site);
      return { view: await this.publicationView(manager, site), pruned };
    });
    await this.deleteObjects(id, pruned);
    return view;
  }

  async publication(ctx: UserContext, id: string): Promise<PublicationView> {
    await this.ownership.requireProduct(ctx);
    const site = await this.ownership.site(this.dataSource.manager, ctx, id);
    return this.publicationView(this.dataSource.manager, site);
  }

  /** Makes the version before the live one live again; 409 when there is none. */
  async rollback(ctx: UserContext, id: string): Promise<PublicationView> {
    await this.ownership.requireProduct(ctx);
    return inTransaction(this.dataSource, async (manager) => {
      const site = await this.ownership.site(manager, ctx, id, true);
      if (site.liveVersion === null) throw new Conflict('The site was never published');
      const previous = await manager
        .getRepository(SiteVersion)
        .createQueryBuilder('v')
        .where('v.site_id = :site AND v.version < :live', { site: site.id, live: site.liveVersion })
        .orderBy('v.version', 'DESC')
        .getOne();
      if (!previous) throw new Conflict('There is no earlier version to roll back to');
      site.liveVersion = previous.version;
      await manager.save(Site, site);
      await this.recordPublished(manager, site, previous, true);
      return this.publicationView(manager, site);
    });
  }

  /** One page of the draft rendered as a publish would render it; nothing is stored. */
  async preview(ctx: UserContext, id: string, path = '/'): Promise<PreviewView> {
    await this.ownership.requireProduct(ctx);
    const manager = this.dataSource.manager;
    const site = await this.ownership.site(manager, ctx, id);
    const pages = await manager.find(Page, { where: { siteId: site.id }, order: { path: 'ASC' } });
    const page = pages.find((p) => p.path === path);
    if (!page) throw new NotFound('Page');
    const [{ output }] = await this.renderAll(ctx, manager, site, pages, [page]);
    return {
      site_id: site.id,
      path: page.path,
      title: page.title,
      html: output.html,
      content_security_policy: output.content_security_policy,
    };
  }

  /** Where the live version of a page is, for the gateway to fetch and serve. */
  async locate(slug: string, page: string | null): Promise<PublishedObjectReply> {
    const path = page === null ? '/' : `/${page}`;
    const site = await this.dataSource.getRepository(Site).findOneBy({ slug });
    if (!site || site.liveVersion === null || !(await this.ownership.ownerEntitled(site))) throw new NotFound('Site');
    const version = await this.dataSource.getRepository(SiteVersion).findOneBy({ siteId: site.id, version: site.liveVersion });
    const found = version?.pages.find((p) => p.path === path);
    if (!found) throw new NotFound('Page');
    return {
      url: await this.objects.presignGet(found.key, FETCH_URL_TTL_SECONDS),
      etag: found.etag,
      content_type: 'text/html; charset=utf-8',
      content_security_policy: found.content_security_policy,
      max_bytes: Math.max(found.bytes, 1),
    };
  }

  private async renderAll(
    ctx: UserContext,
    manager: EntityManager,
    site: Site,
    pages: Page[],
    only: Page[] = pages,
  ): Promise<{ page: Page; output: RenderedPage; forms: VersionForm[] }[]> {
    const navigation = pages.map((p) => ({ title: p.title, path: p.path }));
    const out: { page: Page; output: RenderedPage; forms: VersionForm[] }[] = [];
    for (const page of only) {
      const components = await manager.find(SiteComponent, { where: { pageId: page.id }, order: { position: 'ASC', createdAt: 'ASC' } });
      const renderable = await Promise.all(components.map((c) => this.props.renderable(ctx, c)));
      const output = renderPage({
        site: { name: site.name, slug: site.slug },
        page: { title: page.title, path: page.path },
        navigation,
        components: renderable,
      });
      if (Buffer.byteLength(output.html) > this.config.maxPageBytes) {
        throw new ValidationFailed({ [`pages.${page.id}`]: [`renders to more than ${this.config.maxPageBytes} bytes`] });
      }
      const forms = components
        .filter((c) => c.type === 'form')
        .map((c) => {
          const props = c.props as unknown as FormProps;
          return {
            component_id: c.id,
            fields: props.fields.map((f) => ({ name: f.name, required: f.required === true })),
            page_path: page.path,
            success_message: props.success_message ?? null,
          };
        });
      out.push({ page, output, forms });
    }
    return out;
  }

  private async recordPublished(manager: EntityManager, site: Site, version: SiteVersion, rollback: boolean): Promise<void> {
    await this.events.record(manager, 'site.published', site.id, {
      site_id: site.id,
      owner_id: site.ownerId,
      slug: site.slug,
      version: version.version,
      url: this.sites.urlOf(site.slug),
      rollback,
      published_at: new Date().toISOString(),
    });
  }

  /** Forgets versions beyond the newest `keepVersions` (never the live one); answers their numbers. */
  private async pruneVersions(manager: EntityManager, site: Site): Promise<number[]> {
    const rows = (await manager.query(
      `DELETE FROM site_versions
        WHERE site_id = $1 AND version <> $2
          AND version NOT IN (SELECT version FROM site_versions WHERE site_id = $1 ORDER BY version DESC LIMIT $3)
        RETURNING version`,
      [site.id, site.liveVersion, this.config.keepVersions],
    )) as unknown;
    const list = Array.isArray(rows) && Array.isArray(rows[0]) ? (rows[0] as { version: number }[]) : (rows as { version: number }[]);
    return list.map((r) => r.version);
  }

  private async deleteObjects(siteId: string, versions: number[]): Promise<void> {
    for (const version of versions) {
      await this.objects.deletePrefix(SiteObjectStore.versionPrefix(siteId, version)).catch((error: unknown) => {
        this.logger.warn({ err: String(error), site_id: siteId, version }, 'could not delete an old version of a site');
      });
    }
  }

  private async publicationView(manager: EntityManager, site: Site): Promise<PublicationView> {
    const versions = (await manager.query(`SELECT version, published_at FROM site_versions WHERE site_id = $1 ORDER BY version DESC`, [
      site.id,
    ])) as {
      version: number;
      published_at: Date;
    }[];
    const live = versions.find((v) => v.version === site.liveVersion);
    return {
      site_id: site.id,
      url: site.liveVersion === null ? null : this.sites.urlOf(site.slug),
      version: site.liveVersion,
      published_at: live ? live.published_at.toISOString() : null,
      versions: versions.map((v) => v.version),
    };
  }
}
