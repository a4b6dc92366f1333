import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { endpoint } from '../common/endpoint';
import { IdParams } from '../common/id-params';

/** The component types a page is made of; each has its own props schema below. */
export const COMPONENT_TYPES = ['heading', 'text', 'image', 'button', 'form', 'gallery', 'embed'] as const;
export type ComponentType = (typeof COMPONENT_TYPES)[number];

/** Most components one page holds, so a rendered page stays small. */
export const MAX_COMPONENTS_PER_PAGE = 100;

/** A link a published page may carry: https, http, a site-relative path or mailto. */
const SAFE_HREF = /^(https?:\/\/[^\s<>"']{1,2000}|\/[^\s<>"']{0,500}|mailto:[^\s<>"']{1,300})$/i;

export class HeadingProps {
  @IsString() @MinLength(1) @MaxLength(300) text: string;
  /** 1..6, as `<h1>`..`<h6>`; 2 when absent. */
  @IsOptional() @IsInt() @Min(1) @Max(6) level?: number;
}

export class TextProps {
  /** Plain text: rendered escaped, blank lines as paragraphs. No HTML is ever interpreted. */
  @IsString() @MinLength(1) @MaxLength(10_000) text: string;
}

export class ImageProps {
  /** The id of an image the owner uploaded to storage; its URL is resolved at publish. */
  @IsString() @MinLength(1) @MaxLength(200) file_id: string;
  @IsOptional() @IsString() @MaxLength(300) alt?: string;
  @IsOptional() @IsString() @MaxLength(300) caption?: string;
}

export class ButtonProps {
  @IsString() @MinLength(1) @MaxLength(100) label: string;
  @IsString() @Matches(SAFE_HREF, { message: 'must be an http(s) URL, a path starting with / or a mailto: link' }) href: string;
}

export const FORM_FIELD_TYPES = ['text', 'email', 'textarea', 'number', 'tel'] as const;
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];

export class FormField {
  /** The key a submission carries the value under. */
  @IsString() @Matches(/^[a-z][a-z0-9_]{0,39}$/, { message: 'must be lower-case letters, digits and _ (at most 40)' }) name: string;
  @IsString() @MinLength(1) @MaxLength(100) label: string;
  @IsIn(FORM_FIELD_TYPES) type: FormFieldType;
  @IsOptional() @IsBoolean() required?: boolean;
}

export class FormProps {
  @IsOptional() @IsString() @MaxLength(200) title?: string;
  @ArrayMinSize(1) @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => FormField) fields: FormField[];
  @IsOptional() @IsString() @MaxLength(50) submit_label?: string;
  /** Shown to a visitor whose browser sent the form (default: a plain thank-you). */
  @IsOptional() @IsString() @MaxLength(300) success_message?: string;
}

export class GalleryProps {
  /** Ids of images the owner uploaded to storage. */
  @ArrayMinSize(1) @ArrayMaxSize(24) @IsString({ each: true }) @MaxLength(200, { each: true }) file_ids: string[];
  @IsOptional() @IsString() @MaxLength(300) caption?: string;
}

export const EMBED_KINDS = ['chef', 'recipe'] as const;
export type EmbedKind = (typeof EMBED_KINDS)[number];

export class EmbedProps {
  /** A CooCook chef or a published recipe, looked up at publish. */
  @IsIn(EMBED_KINDS) kind: EmbedKind;
  @IsUUID() id: string;
}

/** The props schema of each component type; the service validates `props` with it (422 `props.<field>`). */
export const COMPONENT_PROPS = {
  heading: HeadingProps,
  text: TextProps,
  image: ImageProps,
  button: ButtonProps,
  form: FormProps,
  gallery: GalleryProps,
  embed: EmbedProps,
} as const satisfies Record<ComponentType, new () => object>;

export class CreateComponentDto {
  @IsUUID() page_id: string;
  @IsIn(COMPONENT_TYPES) type: ComponentType;
  /** Checked against the type's schema (`heading`: `{text, level?}`, `image`: `{file_id, alt?}`, ...). */
  @IsObject() props: Record<string, unknown>;
  /** 0-based place on the page; at the end when absent. */
  @IsOptional() @IsInt() @Min(0) @Max(MAX_COMPONENTS_PER_PAGE) position?: number;
}

export class UpdateComponentDto {
  /** Replaces the props whole, checked against the component's type. */
  @IsOptional() @IsObject() props?: Record<string, unknown>;
  @IsOptional() @IsInt() @Min(0) @Max(MAX_COMPONENTS_PER_PAGE) position?: number;
}

export class ComponentView {
  @IsUUID() id: string;
  @IsUUID() page_id: string;
  @IsUUID() site_id: string;
  @IsIn(COMPONENT_TYPES) type: ComponentType;
  @IsObject() props: Record<string, unknown>;
  @IsInt() position: number;
  @IsString() created_at: string;
  @IsString() updated_at: string;
}

export const ComponentCreate = endpoint<CreateComponentDto, Record<string, never>, ComponentView>({
  method: 'POST',
  path: '/api/webapp-builder/component',
  aliases: [{ path: '/api/webapp-builder/components' }],
  subject: 'sites.components.create',
  access: { kind: 'user', scope: 'write:sites' },
  body: CreateComponentDto,
  response: ComponentView,
  status: 201,
  idempotent: true,
  summary: 'Add a component of a declared type to one of your pages (needs WebApp Builder)',
  tag: 'webapp-builder',
  errors: [404],
});

export const ComponentGet = endpoint<Record<string, never>, Record<string, never>, ComponentView>({
  method: 'GET',
  path: '/api/webapp-builder/component/:id',
  aliases: [{ path: '/api/webapp-builder/components/:id' }],
  subject: 'sites.components.get',
  params: IdParams,
  access: { kind: 'user', scope: 'read:sites' },
  response: ComponentView,
  status: 200,
  summary: 'One of your components',
  tag: 'webapp-builder',
  errors: [404],
});

export const ComponentUpdate = endpoint<UpdateComponentDto, Record<string, never>, ComponentView>({
  method: 'PUT',
  path: '/api/webapp-builder/component/:id',
  aliases: [{ path: '/api/webapp-builder/components/:id' }],
  subject: 'sites.components.update',
  params: IdParams,
  access: { kind: 'user', scope: 'write:sites' },
  body: UpdateComponentDto,
  response: ComponentView,
  status: 200,
  summary: "Change a component's props or move it on its page",
  tag: 'webapp-builder',
  errors: [404],
});

export const ComponentDelete = endpoint<Record<string, never>, Record<string, never>, void>({
  method: 'DELETE',
  path: '/api/webapp-builder/component/:id',
  aliases: [{ path: '/api/webapp-builder/components/:id' }],
  subject: 'sites.components.delete',
  params: IdParams,
  access: { kind: 'user', scope: 'write:sites' },
  status: 204,
  summary: 'Remove a component from its page',
  tag: 'webapp-builder',
  errors: [404],
});
