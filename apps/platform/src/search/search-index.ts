import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  EventOf,
  PlatformSearchCampaignsFeed,
  PlatformSearchChefsFeed,
  PlatformSearchPostsFeed,
  PlatformSearchRecipesFeed,
  SearchType,
} from '@sf/contracts';
import { returnedRows } from '@sf/database';
import { EventConsumers } from '@sf/events';

type RecipeEvent = EventOf<(typeof PlatformSearchRecipesFeed)['reads']>;
type ChefEvent = EventOf<(typeof PlatformSearchChefsFeed)['reads']>;
type PostEvent = EventOf<(typeof PlatformSearchPostsFeed)['reads']>;
type CampaignEvent = EventOf<(typeof PlatformSearchCampaignsFeed)['reads']>;

/** The platform the review service's campaigns are filed under. */
export const REVIEW_SEARCH_PLATFORM = 'review';
const POST_TITLE_LENGTH = 80;

/** A post's title: its first line, cut at a word where it is long. */
function postTitle(content: string): string {
  const line = content.trim().split('\n')[0].trim();
  if (line.length <= POST_TITLE_LENGTH) return line;
  const cut = line.slice(0, POST_TITLE_LENGTH);
  const space = cut.lastIndexOf(' ');
  return `${space > POST_TITLE_LENGTH / 2 ? cut.slice(0, space) : cut}…`;
}

const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]/;

/** `ko` when the text has Hangul in it, else `en` (the two languages the index is tuned for). */
export function languageOf(text: string): 'ko' | 'en' {
  return HANGUL.test(text) ? 'ko' : 'en';
}

const EXCERPT_LENGTH = 200;

/**
 * The vector of a document, from SQL expressions of its title, keywords and text: each part
 * stemmed in English and as written (`simple`: Korean and any other language), weighted title A,
 * keywords B, text C.
 */
export function searchVectorSql(title: string, keywords: string, text: string): string {
  return [
    `setweight(to_tsvector('english', ${title}), 'A') || setweight(to_tsvector('simple', ${title}), 'A')`,
    `setweight(to_tsvector('english', ${keywords}), 'B') || setweight(to_tsvector('simple', ${keywords}), 'B')`,
    `setweight(to_tsvector('english', ${text}), 'C') || setweight(to_tsvector('simple', ${text}), 'C')`,
  ].join(' || ');
}

interface IndexedDocument {
  type: SearchType;
  id: string;
  ownerId: string;
  platform: string;
  category: string | null;
  title: string;
  /** Its text (a recipe's description); the excerpt is its beginning. */
  text: string;
  /** Words that describe it beyond title and text (tags, cuisine, place). */
  keywords: string;
  publishedAt: string | null;
  version: string;
}

/**
 * The words of a suggested title (`$3`) of a platform (`$1`) and type (`$2`): lower case, split on
 * spaces and punctuation, so a Korean word keeps its particle (`김치찌개를` is found by `김치`).
 */
export const SUGGESTION_TERMS_SQL = `INSERT INTO search_suggestion_terms (platform, type, text_key, term)
  SELECT DISTINCT $1::varchar, $2::varchar, lower($3::varchar), left(t.term, 300)
    FROM regexp_split_to_table(lower($3::varchar), '[[:space:][:punct:]]+') AS t(term)
   WHERE t.term <> ''
  ON CONFLICT DO NOTHING`;

/**
 * Writes a document, or its removal, unless the index holds a newer version of it, and keeps
 * the suggestions (distinct titles with their counts) in step.
 */
async function upsert(manager: EntityManager, doc: IndexedDocument, visible: boolean): Promise<void> {
  const text = visible ? doc.text : '';
  const title = visible ? doc.title : '';
  const keywords = visible ? doc.keywords : '';
  const [before] = (await manager.query(`SELECT title, visible FROM search_documents WHERE type = $1 AND source_id = $2 FOR UPDATE`, [
    doc.type,
    doc.id,
  ])) as { title: string; visible: boolean }[];
  const written = returnedRows(
    await manager.query(
      `INSERT INTO search_documents (type, source_id, owner_id, platform, category, language, title, excerpt, search_text, search_vector, visible, published_at, version)
     VALUES ($1, $2, $3, $4, $5, $6, $7::text, left($8::text, ${EXCERPT_LENGTH}), $7::text || ' ' || $9::text || ' ' || $8::text,
             ${searchVectorSql('$7::text', '$9::text', '$8::text')},
             $10, $11, $12)
     ON CONFLICT (type, source_id) DO UPDATE
        SET owner_id = excluded.owner_id, platform = excluded.platform, category = excluded.category, language = excluded.language,
            title = excluded.title, excerpt = excluded.excerpt, search_text = excluded.search_text, search_vector = excluded.search_vector,
            visible = excluded.visible, published_at = excluded.published_at, version = excluded.version
      WHERE search_documents.version <= excluded.version
     RETURNING 1`,
      [
        doc.type,
        doc.id,
        doc.ownerId,
        doc.platform,
        visible ? doc.category : null,
        languageOf(`${doc.title} ${doc.text}`),
        title,
        text,
        keywords,
        visible,
        doc.publishedAt,
        doc.version,
      ],
    ),
  );
  if (written.length === 0) return; // an older state than the one indexed
  if (before?.visible) {
    const key = [doc.platform, doc.type, before.title];
    await manager.query(
      `UPDATE search_suggestions SET documents = documents - 1 WHERE platform = $1 AND type = $2 AND text_key = lower($3)`,
      key,
    );
    await manager.query(
      `DELETE FROM search_suggestions WHERE platform = $1 AND type = $2 AND text_key = lower($3) AND documents <= 0`,
      key,
    );
  }
  if (visible) {
    const [suggestion] = returnedRows<{ documents: number }>(
      await manager.query(
        `INSERT INTO search_suggestions (platform, type, text_key, text, documents) VALUES ($1, $2, lower($3), $3, 1)
         ON CONFLICT (platform, type, text_key) DO UPDATE SET documents = search_suggestions.documents + 1, text = excluded.text
         RETURNING documents`,
        [doc.platform, doc.type, title],
      ),
    );
    // A new title: its words, for autocomplete by word prefix (they go with it, by the foreign key).
    if (suggestion?.documents === 1) await manager.query(SUGGESTION_TERMS_SQL, [doc.platform, doc.type, title]);
  }
}

/**
 * The search index, fed by the products' events: only what its owner made public is in it, and an
 * unpublish or a deletion takes it out. Each event is applied once (the inbox) and an event older
 * than the indexed version changes nothing, so redeliveries and reordering are harmless.
 */
@Injectable()
export class SearchIndex implements OnApplicationBootstrap {
  constructor(private readonly consumers: EventConsumers) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.register(PlatformSearchRecipesFeed, (event, manager) => this.recipe(event, manager));
    await this.consumers.register(PlatformSearchChefsFeed, (event, manager) => this.chef(event, manager));
    await this.consumers.register(PlatformSearchPostsFeed, (event, manager) => this.post(event, manager));
    await this.consumers.register(PlatformSearchCampaignsFeed, (event, manager) => this.campaign(event, manager));
  }

  /**
   * A post enters once it went out on a platform: one document per target, filed under that
   * platform (drafts, scheduled and refused posts never reach the index); a deletion removes
   * every target's document.
   */
  private async post(event: PostEvent, manager: EntityManager): Promise<void> {
    if (event.type === 'post.deleted') {
      const data = event.data;
      for (const target of data.targets) {
        await upsert(
          manager,
          {
            type: 'post',
            id: target.target_id,
            ownerId: data.user_id,
            platform: target.platform,
            category: null,
            title: '',
            text: '',
            keywords: '',
            publishedAt: null,
            version: data.deleted_at,
          },
          false,
        );
      }
      return;
    }
    if (event.type !== 'post.published') return;
    const data = event.data;
    await upsert(
      manager,
      {
        type: 'post',
        id: data.target_id,
        ownerId: data.user_id,
        platform: data.platform,
        category: null,
        title: postTitle(data.content),
        text: data.content,
        keywords: data.platform,
        publishedAt: data.at,
        version: data.at,
      },
      true,
    );
  }

  /** A campaign is public while it is open: closing or deleting it takes it out, reopening brings it back. */
  private async campaign(event: CampaignEvent, manager: EntityManager): Promise<void> {
    if (event.type === 'campaign.deleted') {
      const data = event.data;
      await upsert(
        manager,
        {
          type: 'campaign',
          id: data.campaign_id,
          ownerId: data.owner_id,
          platform: REVIEW_SEARCH_PLATFORM,
          category: null,
          title: '',
          text: '',
          keywords: '',
          publishedAt: null,
          version: data.deleted_at,
        },
        false,
      );
      return;
    }
    const data = event.data;
    await upsert(
      manager,
      {
        type: 'campaign',
        id: data.campaign_id,
        ownerId: data.owner_id,
        platform: REVIEW_SEARCH_PLATFORM,
        category: data.category,
        title: data.title,
        text: [data.product_name, data.description ?? ''].join(' ').trim(),
        keywords: `${data.category} ${data.product_name} ${data.reward_type}`,
        publishedAt: data.created_at,
        version: data.updated_at,
      },
      data.status === 'open',
    );
  }

  private async recipe(event: RecipeEvent, manager: EntityManager): Promise<void> {
    if (event.type === 'recipe.deleted') {
      const data = event.data;
      const removed = { type: 'recipe' as const, id: data.recipe_id, ownerId: data.author_id, platform: 'coocook', version: data.version };
      await upsert(manager, { ...removed, category: null, title: '', text: '', keywords: '', publishedAt: null }, false);
      return;
    }
    const data = event.data;
    await upsert(
      manager,
      {
        type: 'recipe',
        id: data.recipe_id,
        ownerId: data.author_id,
        platform: 'coocook',
        category: data.category,
        title: data.title,
        text: data.description,
        keywords: [...data.tags, data.cuisine ?? '', data.category ?? ''].join(' ').trim(),
        publishedAt: data.published_at,
        version: data.version,
      },
      data.status === 'published',
    );
  }

  private async chef(event: ChefEvent, manager: EntityManager): Promise<void> {
    if (event.type !== 'chef.registered') return;
    const data = event.data;
    await upsert(
      manager,
      {
        type: 'chef',
        id: data.chef_id,
        ownerId: data.user_id,
        platform: 'coocook',
        category: data.cuisine,
        title: data.name,
        text: `${data.cuisine} chef in ${data.location}`,
        keywords: `${data.cuisine} ${data.location}`,
        publishedAt: event.time,
        version: event.time,
      },
      true,
    );
  }
}
