import { jetstreamManager } from '@nats-io/jetstream';
import { eventsStreamName } from '@sf/events';
import { AppStarter, eventually, TestFleet } from '@sf/testing';
import { LocalSmtp, ReceivedMail, startLocalSmtp } from '../../../apps/local-smtp/src/local-smtp';
import { authService, notificationsService, paymentService } from '../fleet';
import { PaymentFleet, startPaymentFleet } from '../payment-fleet';

export interface NotificationsFleet extends PaymentFleet {
  smtp: LocalSmtp;
  /** The local SMTP server's mailbox for `to`, newest first, read through its HTTP API. */
  mailbox(to: string): Promise<ReceivedMail[]>;
}

/** The payment fleet plus the notifications service, mailing to a local SMTP server started here. */
export async function startNotificationsFleet(
  services: AppStarter[] = [authService, paymentService, notificationsService],
  env: Record<string, string> = {},
): Promise<NotificationsFleet> {
  const smtp = await startLocalSmtp();
  try {
    const fleet = await startPaymentFleet(services, { SMTP_URL: smtp.smtpUrl, WEBHOOK_SECRET_KEY: '0f'.repeat(32), ...env });
    return {
      ...fleet,
      smtp,
      mailbox: async (to) => {
        const response = await fetch(`${smtp.httpUrl}/messages?to=${encodeURIComponent(to)}`);
        return ((await response.json()) as { messages: ReceivedMail[] }).messages;
      },
      close: async () => {
        await fleet.close();
        await smtp.close();
      },
    };
  } catch (error) {
    await smtp.close();
    throw error;
  }
}

/** Waits until a durable consumer has read and acknowledged everything in the fleet's stream. */
export function drained(fleet: TestFleet, consumer: string): Promise<void> {
  return eventually(async () => {
    const jsm = await jetstreamManager(fleet.nats);
    const info = await jsm.consumers.info(eventsStreamName({ subjectPrefix: fleet.env.NATS_SUBJECT_PREFIX }), consumer);
    if (info.num_pending + info.num_ack_pending !== 0)
      throw new Error(`${consumer} has ${info.num_pending + info.num_ack_pending} events to go`);
  }, 15_000);
}
