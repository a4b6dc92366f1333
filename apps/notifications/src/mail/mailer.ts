import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../notifications.config';
import { NOTIFICATIONS_LOGGER } from '../notifications.tokens';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Derived from the event, so a mail sent again after a crash carries the same Message-ID. */
  messageId: string;
}

/** Sends mail over SMTP (the URL from config: the local stand-in in development and tests). */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly transport: Transporter;

  constructor(
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    @Inject(NOTIFICATIONS_LOGGER) private readonly logger: Logger,
  ) {
    this.transport = createTransport(config.mail.smtpUrl, { from: config.mail.from });
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.transport.sendMail({
      from: this.config.mail.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
    });
    // The address is personal data: the log says that a mail went out, not to whom.
    this.logger.info({ subject: mail.subject, message_id: mail.messageId }, 'mail sent');
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
