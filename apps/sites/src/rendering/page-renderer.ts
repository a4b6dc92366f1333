import { createHash } from 'node:crypto';
import type { ButtonProps, ComponentType, EmbedProps, FormProps, HeadingProps, TextProps } from '@sf/contracts';

/** A component with everything it shows resolved (image URLs, the embedded chef or recipe). */
export type RenderableComponent =
  | { id: string; type: 'heading'; props: HeadingProps }
  | { id: string; type: 'text'; props: TextProps }
  | { id: string; type: 'image'; props: { url: string; alt?: string; caption?: string } }
  | { id: string; type: 'button'; props: ButtonProps }
  | { id: string; type: 'form'; props: FormProps }
  | { id: string; type: 'gallery'; props: { urls: string[]; caption?: string } }
  | { id: string; type: 'embed'; props: EmbedProps & { card: EmbedCard | null } };

/** What an embedded CooCook chef or recipe shows. */
export interface EmbedCard {
  title: string;
  subtitle: string;
  description: string;
  image_url: string | null;
}

export interface RenderablePage {
  site: { name: string; slug: string };
  page: { title: string; path: string };
  /** The site's pages, for the navigation bar. */
  navigation: { title: string; path: string }[];
  components: RenderableComponent[];
}

export interface RenderedPage {
  html: string;
  etag: string;
  content_security_policy: string;
}

/** The one stylesheet every page carries; the CSP allows exactly it, by hash. */
const STYLESHEET = [
  'body{margin:0;font-family:system-ui,sans-serif;line-height:1.5;color:#1b1b1b;background:#fff}',
  'header,main,footer{max-width:960px;margin:0 auto;padding:1rem}',
  'nav a{margin-right:1rem}',
  'img{max-width:100%;height:auto}',
  '.gallery{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:.5rem}',
  '.button{display:inline-block;padding:.5rem 1rem;border-radius:.25rem;background:#2457d6;color:#fff;text-decoration:none}',
  '.card{border:1px solid #ddd;border-radius:.5rem;padding:1rem}',
  'form label{display:block;margin:.5rem 0}',
  'form input,form textarea{display:block;width:100%;max-width:30rem}',
].join('');

const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLESHEET).digest('base64')}'`;

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A URL for an `href`/`src`: only http(s), site-relative paths and mailto survive; anything else becomes `#`. */
export function safeUrl(value: string): string {
  const trimmed = value.trim();
  if (/^(https?:\/\/|mailto:)/i.test(trimmed) || (trimmed.startsWith('/') && !trimmed.startsWith('//'))) return escapeHtml(trimmed);
  return '#';
}

/** The origin of an absolute http(s) URL, for the CSP's `img-src`; null for anything else. */
function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

/**
 * The page's Content-Security-Policy: nothing runs (no `script-src`), the one stylesheet by hash,
 * images only from the origins the page uses, forms only back to the site's own origin.
 */
export function contentSecurityPolicy(imageUrls: string[]): string {
  const origins = [...new Set(imageUrls.map(originOf).filter((o): o is string => o !== null))].sort();
  return [
    "default-src 'none'",
    `style-src ${STYLE_HASH}`,
    `img-src ${origins.length ? origins.join(' ') : "'none'"}`,
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function paragraphs(text: string): string {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p).replace(/\r?\n/g, '<br>')}</p>`)
    .join('\n');
}

/** A page's public address, relative to the gateway's origin. */
export function pageHref(slug: string, path: string): string {
  return `/sites/${slug}${path === '/' ? '' : path}`;
}

function renderComponent(slug: string, c: RenderableComponent): string {
  switch (c.type) {
    case 'heading': {
      const level = c.props.level ?? 2;
      return `<h${level}>${escapeHtml(c.props.text)}</h${level}>`;
    }
    case 'text':
      return `<section class="text">${paragraphs(c.props.text)}</section>`;
    case 'image': {
      const caption = c.props.caption ? `<figcaption>${escapeHtml(c.props.caption)}</figcaption>` : '';
      return `<figure><img src="${safeUrl(c.props.url)}" alt="${escapeHtml(c.props.alt ?? '')}" loading="lazy">${caption}</figure>`;
    }
    case 'button':
      return `<p><a class="button" href="${safeUrl(c.props.href)}" rel="noopener nofollow">${escapeHtml(c.props.label)}</a></p>`;
    case 'gallery': {
      const images = c.props.urls.map((u) => `<img src="${safeUrl(u)}" alt="" loading="lazy">`).join('');
      const caption = c.props.caption ? `<figcaption>${escapeHtml(c.props.caption)}</figcaption>` : '';
      return `<figure><div class="gallery">${images}</div>${caption}</figure>`;
    }
    case 'form': {
      const fields = c.props.fields
        .map((f) => {
          const required = f.required ? ' required' : '';
          const control =
            f.type === 'textarea'
              ? `<textarea name="${escapeHtml(f.name)}" maxlength="2000"${required}></textarea>`
              : `<input type="${f.type}" name="${escapeHtml(f.name)}" maxlength="2000"${required}>`;
          return `<label>${escapeHtml(f.label)}${control}</label>`;
        })
        .join('');
      const title = c.props.title ? `<h3>${escapeHtml(c.props.title)}</h3>` : '';
      const action = `/sites/${slug}/forms/${c.id}`;
      return `<form method="post" action="${escapeHtml(action)}">${title}${fields}<button type="submit">${escapeHtml(c.props.submit_label ?? 'Send')}</button></form>`;
    }
    case 'embed': {
      const card = c.props.card;
      if (!card) return '';
      const image = card.image_url ? `<img src="${safeUrl(card.image_url)}" alt="" loading="lazy">` : '';
      return `<article class="card ${c.props.kind}">${image}<h3>${escapeHtml(card.title)}</h3><p>${escapeHtml(card.subtitle)}</p>${paragraphs(card.description)}</article>`;
    }
  }
}

/** Image URLs a component shows, for the CSP. */
export function imageUrlsOf(c: RenderableComponent): string[] {
  if (c.type === 'image') return [c.props.url];
  if (c.type === 'gallery') return c.props.urls;
  if (c.type === 'embed' && c.props.card?.image_url) return [c.props.card.image_url];
  return [];
}

/**
 * Renders one page to a complete HTML document. Every value users wrote is escaped; no script
 * is ever emitted, and the CSP forbids any that an escaping bug could let through.
 */
export function renderPage(input: RenderablePage): RenderedPage {
  const { site, page } = input;
  const nav = input.navigation.map((p) => `<a href="${escapeHtml(pageHref(site.slug, p.path))}">${escapeHtml(p.title)}</a>`).join('');
  const body = input.components.map((c) => renderComponent(site.slug, c)).join('\n');
  const html = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="strict-origin-when-cross-origin">',
    `<title>${escapeHtml(page.title)} · ${escapeHtml(site.name)}</title>`,
    `<style>${STYLESHEET}</style>`,
    '</head>',
    '<body>',
    `<header><strong>${escapeHtml(site.name)}</strong><nav>${nav}</nav></header>`,
    `<main>\n${body}\n</main>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
  const csp = contentSecurityPolicy(input.components.flatMap(imageUrlsOf));
  return { html, etag: etagOf(html), content_security_policy: csp };
}

/** A strong validator of a page's bytes. */
export function etagOf(html: string): string {
  return `"${createHash('sha256').update(html).digest('base64url').slice(0, 32)}"`;
}

/** Component types whose props name storage files. */
export const FILE_COMPONENTS: readonly ComponentType[] = ['image', 'gallery'];
