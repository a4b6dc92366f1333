import escapeHtml from 'escape-html';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FormAnswer } from '@sf/contracts';
import type { ErrorDetails } from '@sf/errors';

/**
 * Answers for a browser that sent an HTML form without script (an endpoint declared with
 * `formBody`): a page it can show, in place of the JSON an API client gets. Nothing on the page
 * runs or loads anything, and it links only to a path on this origin.
 */
const browserForms = new WeakSet<FastifyRequest>();

const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
};

/** Called as the urlencoded body is parsed: the request came from a form, and a page is wanted. */
export function noteFormPost(request: FastifyRequest): void {
  if ((request.headers.accept ?? '').includes('text/html')) browserForms.add(request);
}

export function isBrowserForm(request: FastifyRequest): boolean {
  return browserForms.has(request);
}

/** A path on this origin (`/sites/x/contact`), never another origin (`//evil.test`); null otherwise. */
function ownPath(value: string | undefined): string | null {
  return value && /^\/(?![/\\])/.test(value) ? value : null;
}

/** The path of the page the browser was on, when it came from this origin. */
function refererPath(request: FastifyRequest): string | null {
  const referer = request.headers.referer;
  if (!referer) return null;
  try {
    const url = new URL(referer);
    return url.host === request.headers.host ? ownPath(url.pathname) : null;
  } catch {
    return null;
  }
}

function page(title: string, body: string, back: string | null): string {
  const link = back ? `<p><a href="${escapeHtml(back)}">Back</a></p>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}${link}</main></body></html>
`;
}

/** The form was taken: its message, and the way back to its page. */
export function sendFormAnswer(request: FastifyRequest, reply: FastifyReply, status: number, answer: FormAnswer): FastifyReply {
  const back = ownPath(answer.page) ?? refererPath(request);
  return reply
    .code(status)
    .headers(PAGE_HEADERS)
    .send(page('Sent', `<p>${escapeHtml(answer.message)}</p>`, back));
}

/** The form was refused: the error's message (and, for a 422, what each field lacks). */
export function sendFormError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  message: string,
  details: ErrorDetails | null,
): FastifyReply {
  const problems =
    status === 422 && details
      ? Object.entries(details)
          .filter((entry): entry is [string, string[]] => Array.isArray(entry[1]))
          .map(([field, reasons]) => `<li>${escapeHtml(field.replace(/^fields\./, ''))}: ${escapeHtml(reasons.join(', '))}</li>`)
      : [];
  const body = `<p>${escapeHtml(message)}</p>${problems.length ? `<ul>${problems.join('')}</ul>` : ''}`;
  return reply
    .code(status)
    .headers(PAGE_HEADERS)
    .send(page('Not sent', body, refererPath(request)));
}
