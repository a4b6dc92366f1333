import { IsObject, IsString, IsUUID, Matches } from 'class-validator';
import { endpoint } from '../common/endpoint';
import { SITE_SLUG } from './sites.contract';

export class SiteHomeParams {
  @IsString() @Matches(SITE_SLUG) slug: string;
}

export class SitePageParams {
  @IsString() @Matches(SITE_SLUG) slug: string;
  /** The page's path without its leading `/`. */
  @IsString() @Matches(/^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$/) page: string;
}

export class SiteFormParams {
  @IsString() @Matches(SITE_SLUG) slug: string;
  @IsUUID() component_id: string;
}

/** Bounds of one form submission: the form declares at most 20 fields; each value is cut to this. */
export const MAX_FORM_VALUE_LENGTH = 2000;

export class SubmitFormDto {
  /** `{<field name>: value}` for the form's declared fields; others are dropped. */
  @IsObject() fields: Record<string, unknown>;
}

/** What the gateway shows a browser that sent a form without script (`formBody`). */
export interface FormAnswer {
  /** What to tell the visitor. */
  message: string;
  /** The site-relative address of the page to go back to. */
  page: string;
}

export class FormSubmittedView implements FormAnswer {
  @IsUUID() id: string;
  @IsString() submitted_at: string;
  /** The form's `success_message`, or a plain thank-you. */
  @IsString() message: string;
  /** The page the form is on (`/sites/<slug>/<path>`). */
  @IsString() page: string;
}

export const SitePublicHome = endpoint<Record<string, never>, Record<string, never>, never>({
  method: 'GET',
  path: '/sites/:slug',
  subject: 'sites.public.home',
  params: SiteHomeParams,
  access: { kind: 'public' },
  status: 200,
  publishedObject: true,
  summary: "A published site's home page (HTML, with ETag and Content-Security-Policy)",
  tag: 'webapp-builder',
  errors: [404],
});

export const SitePublicPage = endpoint<Record<string, never>, Record<string, never>, never>({
  method: 'GET',
  path: '/sites/:slug/:page',
  subject: 'sites.public.page',
  params: SitePageParams,
  access: { kind: 'public' },
  status: 200,
  publishedObject: true,
  summary: 'A page of a published site (HTML, with ETag and Content-Security-Policy)',
  tag: 'webapp-builder',
  errors: [404],
});

export const SiteFormSubmit = endpoint<SubmitFormDto, Record<string, never>, FormSubmittedView>({
  method: 'POST',
  path: '/sites/:slug/forms/:component_id',
  subject: 'sites.public.submit',
  params: SiteFormParams,
  access: { kind: 'public' },
  body: SubmitFormDto,
  formBody: 'fields',
  response: FormSubmittedView,
  status: 201,
  summary: "A visitor sends a published site's form; its owner reads it under the site's submissions",
  description:
    'JSON `{fields: {...}}`, or the form itself as `application/x-www-form-urlencoded`. Only the fields the form ' +
    'declares are kept, each value cut to 2000 characters; a required field missing is a 422. Rate limited per ' +
    'address like any anonymous call, and per form per hour. A browser posting the published form ' +
    "(urlencoded, `Accept: text/html`) gets an HTML page instead of JSON, with the same status: the form's " +
    '`success_message` and a link back to its page, or what went wrong.',
  tag: 'webapp-builder',
  errors: [404, 429],
});
