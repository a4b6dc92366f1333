import { Injectable } from '@nestjs/common';
import {
  CallerContext,
  ChefGet,
  COMPONENT_PROPS,
  ComponentType,
  EmbedProps,
  FormProps,
  GalleryProps,
  ImageProps,
  RecipeGet,
  StorageResolveFile,
  systemContext,
} from '@sf/contracts';
import { DomainError, ErrorCode, ValidationFailed } from '@sf/errors';
import { RpcClient, validateInput } from '@sf/messaging';
import type { EmbedCard, RenderableComponent } from '../rendering/page-renderer';

/** True when the error is the other service saying "no such thing" (or "not yours"). */
function isNotFound(error: unknown): boolean {
  return error instanceof DomainError && error.code === ErrorCode.NOT_FOUND;
}

/**
 * The rules of component props: each type's schema from the contract, the storage files an
 * image names belonging to the owner (storage's resolve call answers only its owner), and an
 * embedded chef or recipe existing (coocook's public detail).
 */
@Injectable()
export class ComponentProps {
  constructor(private readonly rpc: RpcClient) {}

  /** The props checked against the type's schema and the files and embeds checked to exist; 422 `props.<field>` otherwise. */
  async check(ctx: CallerContext, type: ComponentType, props: Record<string, unknown>): Promise<Record<string, unknown>> {
    let checked: object;
    try {
      checked = validateInput(COMPONENT_PROPS[type] as new () => object, props, 'body');
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.VALIDATION_ERROR) {
        const details = (error.details ?? {}) as Record<string, string[]>;
        throw new ValidationFailed(Object.fromEntries(Object.entries(details).map(([field, messages]) => [`props.${field}`, messages])));
      }
      throw error;
    }
    const plain = JSON.parse(JSON.stringify(checked)) as Record<string, unknown>;
    if (type === 'form') this.checkForm(plain as unknown as FormProps);
    if (type === 'image') await this.fileUrl(ctx, (plain as unknown as ImageProps).file_id, 'props.file_id');
    if (type === 'gallery') {
      const ids = (plain as unknown as GalleryProps).file_ids;
      await Promise.all(ids.map((id, i) => this.fileUrl(ctx, id, `props.file_ids.${i}`)));
    }
    if (type === 'embed') await this.embedCard(plain as unknown as EmbedProps, 'props.id');
    return plain;
  }

  /** A stored component with what it shows resolved now (file URLs, embed cards), for rendering. */
  async renderable(
    ctx: CallerContext,
    c: { id: string; type: ComponentType; props: Record<string, unknown> },
  ): Promise<RenderableComponent> {
    const field = `components.${c.id}`;
    switch (c.type) {
      case 'image': {
        const props = c.props as unknown as ImageProps;
        const url = await this.fileUrl(ctx, props.file_id, `${field}.props.file_id`);
        return { id: c.id, type: 'image', props: { url, alt: props.alt, caption: props.caption } };
      }
      case 'gallery': {
        const props = c.props as unknown as GalleryProps;
        const urls = await Promise.all(props.file_ids.map((id, i) => this.fileUrl(ctx, id, `${field}.props.file_ids.${i}`)));
        return { id: c.id, type: 'gallery', props: { urls, caption: props.caption } };
      }
      case 'embed': {
        const props = c.props as unknown as EmbedProps;
        return { id: c.id, type: 'embed', props: { ...props, card: await this.embedCard(props, `${field}.props.id`) } };
      }
      default:
        return { id: c.id, type: c.type, props: c.props } as unknown as RenderableComponent;
    }
  }

  private checkForm(props: FormProps): void {
    const names = props.fields.map((f) => f.name);
    const repeated = names.filter((n, i) => names.indexOf(n) !== i);
    if (repeated.length) throw new ValidationFailed({ 'props.fields': [`names a field twice: ${[...new Set(repeated)].join(', ')}`] });
  }

  /** The URL of a file the caller owns; another user's or an unknown file is a 422 naming `field`. */
  private async fileUrl(ctx: CallerContext, fileId: string, field: string): Promise<string> {
    try {
      return (await this.rpc.call(StorageResolveFile, { ctx, body: { file_id: fileId } })).url;
    } catch (error) {
      if (isNotFound(error)) throw new ValidationFailed({ [field]: ['names no file of yours; upload the image first'] });
      throw error;
    }
  }

  private async embedCard(props: EmbedProps, field: string): Promise<EmbedCard> {
    const request = { ctx: systemContext(`sites-embed-${props.id}`), params: { id: props.id }, query: {}, body: {} };
    try {
      if (props.kind === 'chef') {
        const chef = await this.rpc.call(ChefGet, request);
        return { title: chef.name, subtitle: `${chef.cuisine} · ${chef.location}`, description: chef.bio, image_url: chef.image_url };
      }
      const recipe = await this.rpc.call(RecipeGet, request);
      return {
        title: recipe.title,
        subtitle: [recipe.cuisine, recipe.category].filter(Boolean).join(' · '),
        description: recipe.description,
        image_url: recipe.image_url,
      };
    } catch (error) {
      if (isNotFound(error)) throw new ValidationFailed({ [field]: [`names no CooCook ${props.kind}`] });
      throw error;
    }
  }
}
