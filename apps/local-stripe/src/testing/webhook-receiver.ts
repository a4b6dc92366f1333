import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import Stripe from 'stripe';

export interface WebhookReceiver {
  server: Server;
  url: string;
  /** Deliveries verified by the SDK and answered 200. */
  events: Stripe.Event[];
  /** Verified deliveries answered with another status (`answer`), to make the sender retry. */
  rejected: number;
}

/** A webhook receiver that verifies each delivery with the SDK, as the payment service does. */
export async function webhookReceiver(
  secrets: { secretKey: string; webhookSecret: string },
  answer: () => number = () => 200,
): Promise<WebhookReceiver> {
  const state = { events: [] as Stripe.Event[], rejected: 0 };
  const verifier = new Stripe(secrets.secretKey);
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      try {
        const event = verifier.webhooks.constructEvent(body, req.headers['stripe-signature'] as string, secrets.webhookSecret);
        const status = answer();
        if (status === 200) state.events.push(event);
        else state.rejected++;
        res.statusCode = status;
      } catch {
        res.statusCode = 400;
      }
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return Object.assign(state, { server, url });
}
