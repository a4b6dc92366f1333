import escapeHtml from 'escape-html';
import { ServerResponse } from 'node:http';
import { CheckoutSessions } from './checkout-sessions';
import { sendRaw } from './http';
import { Store } from './store';

/**
 * `GET /checkout/<id>`: opening the page pays (`?outcome=decline` declines) and redirects to the
 * success URL; `/checkout/<id>/cancel` goes back to the cancel URL. Opening it again changes nothing.
 */
export function checkoutPage(store: Store, sessions: CheckoutSessions, onChange: () => void): (url: URL, res: ServerResponse) => void {
  return (url, res) => {
    const [, , sessionId, action] = url.pathname.split('/');
    const session = store.collection('checkout_sessions').get(sessionId ?? '');
    const html = (status: number, title: string, text: string) =>
      sendRaw(
        res,
        status,
        `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`,
        'text/html; charset=utf-8',
      );
    if (!session) return html(404, 'Checkout not found', 'This checkout session does not exist.');
    const redirect = (target: string | null) => {
      if (!target) return html(200, 'Payment complete', 'You may close this page.');
      res.statusCode = 303;
      res.setHeader('Location', target.replace('{CHECKOUT_SESSION_ID}', session.id));
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(`<!doctype html><a href="${escapeHtml(target)}">Continue</a>`);
    };
    if (action === 'cancel') return redirect(session.cancel_url);
    if (session.status === 'expired') return html(410, 'Checkout expired', 'This checkout session has expired.');
    if (session.status === 'complete') return redirect(session.success_url);
    if (url.searchParams.get('outcome') === 'decline') {
      sessions.decline(session);
      onChange();
      return html(402, 'Payment declined', 'Your card was declined.');
    }
    sessions.complete(session);
    onChange();
    return redirect(session.success_url);
  };
}
