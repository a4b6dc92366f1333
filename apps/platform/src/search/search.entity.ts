import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One public thing of a product, as its owner's last event left it. `visible` is false once it is
 * unpublished or deleted: the row stays (without its text) so an older event cannot bring it
 * back. `search_vector` (English stems and words as written, title weighted above the rest) and
 * the trigram indexes are written by hand in the migration.
 */
@Entity('search_documents')
@Index('search_documents_vector_idx', { synchronize: false }) // GIN (search_vector) WHERE visible
@Index('search_documents_text_trgm_idx', { synchronize: false }) // GIN (search_text public.gin_trgm_ops) WHERE visible
export class SearchDocument {
  @PrimaryColumn({ type: 'varchar', length: 20 }) type: string;
  @PrimaryColumn({ name: 'source_id', type: 'uuid' }) sourceId: string;
  @Column({ name: 'owner_id', type: 'uuid' }) ownerId: string;
  @Column({ type: 'varchar', length: 30 }) platform: string;
  @Column({ type: 'varchar', length: 50, nullable: true }) category: string | null;
  @Column({ type: 'varchar', length: 2 }) language: string;
  @Column({ type: 'varchar', length: 300 }) title: string;
  @Column({ type: 'text' }) excerpt: string;
  /** Title, keywords and text, as the trigram match reads them. */
  @Column({ name: 'search_text', type: 'text' }) searchText: string;
  @Column({ name: 'search_vector', type: 'tsvector' }) searchVector: string;
  @Column({ type: 'boolean' }) visible: boolean;
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true }) publishedAt: Date | null;
  /** The source's version of the document (its `updated_at`); older events are ignored. */
  @Column({ type: 'timestamptz' }) version: Date;
}

/**
 * The titles autocomplete offers: one row per distinct title (case aside) of the visible
 * documents of a platform and type, with how many there are. Kept by the index writer in the same
 * transaction as the documents, so it is far smaller to search than the documents themselves.
 */
@Entity('search_suggestions')
@Index('search_suggestions_prefix_idx', { synchronize: false }) // (text_key text_pattern_ops)
@Index('search_suggestions_trgm_idx', { synchronize: false }) // GIN (text_key public.gin_trgm_ops)
export class SearchSuggestion {
  @PrimaryColumn({ type: 'varchar', length: 30 }) platform: string;
  @PrimaryColumn({ type: 'varchar', length: 20 }) type: string;
  /** The title in lower case. */
  @PrimaryColumn({ name: 'text_key', type: 'varchar', length: 300 }) textKey: string;
  /** The title as its latest document writes it. */
  @Column({ type: 'varchar', length: 300 }) text: string;
  @Column({ type: 'integer' }) documents: number;
}

/**
 * The words of each suggestion's title (lower case, split on spaces and punctuation), so
 * autocomplete finds a title by the beginning of any of its words with one btree range read
 * (`term text_pattern_ops`) rather than by trigram similarity over every title. Written with the
 * suggestion, gone with it (the foreign key cascades).
 */
@Entity('search_suggestion_terms')
@Index('search_suggestion_terms_prefix_idx', { synchronize: false }) // (term text_pattern_ops)
export class SearchSuggestionTerm {
  @PrimaryColumn({ type: 'varchar', length: 30 }) platform: string;
  @PrimaryColumn({ type: 'varchar', length: 20 }) type: string;
  @PrimaryColumn({ name: 'text_key', type: 'varchar', length: 300 }) textKey: string;
  @PrimaryColumn({ type: 'varchar', length: 300 }) term: string;
  @ManyToOne(() => SearchSuggestion, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'platform', referencedColumnName: 'platform' },
    { name: 'type', referencedColumnName: 'type' },
    { name: 'text_key', referencedColumnName: 'textKey' },
  ])
  suggestion?: SearchSuggestion;
}

/** A search a user saved; `is_public` lets every user see it. */
@Entity('saved_searches')
@Index('saved_searches_user_idx', ['userId', 'createdAt'])
@Index('saved_searches_public_idx', ['isPublic', 'createdAt'])
export class SavedSearch {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ type: 'varchar', length: 100 }) name: string;
  @Column({ name: 'query_text', type: 'varchar', length: 200 }) queryText: string;
  @Column({ type: 'varchar', length: 20, nullable: true }) type: string | null;
  @Column({ name: 'is_public', type: 'boolean', default: false }) isPublic: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/**
 * One full-text search, normalised, for trending. The searcher is kept only to count searchers
 * rather than searches, and is cleared after 30 days.
 */
@Entity('search_queries')
@Index('search_queries_created_idx', ['createdAt'])
@Index('search_queries_identified_idx', { synchronize: false }) // (created_at) WHERE user_id IS NOT NULL
export class SearchQueryLog {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column({ type: 'varchar', length: 200 }) text: string;
  @Column({ type: 'varchar', length: 2 }) language: string;
  @Column({ type: 'varchar', length: 30, nullable: true }) platform: string | null;
  @Column({ name: 'user_id', type: 'uuid', nullable: true }) userId: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/**
 * How many times a normalised query was searched on a day (UTC), for autocomplete's `type: query`
 * suggestions: a read proportional to the distinct queries a prefix matches, not to how often
 * they were searched. Counted by the statement that logs the search, in the row of its day and of
 * its connection's `slot` (backend pid modulo 16), so that one popular query is not one row every
 * search waits on. The C collation lets the primary key serve `LIKE 'prefix%'`. Every night days
 * older than the 30 autocomplete reads are dropped and past days' slots folded into slot 0
 * (`SearchLogRetention`).
 */
@Entity('search_query_counts')
export class SearchQueryCount {
  @PrimaryColumn({ type: 'varchar', length: 200, collation: 'C' }) text: string;
  @PrimaryColumn({ type: 'date' }) day: string;
  @PrimaryColumn({ type: 'smallint' }) slot: number;
  @Column({ type: 'integer' }) searches: number;
}
