import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Jobs } from '@sf/jobs';
import { notificationId } from '../inbox/notification-id';
import { PreferencesService } from '../preferences/preferences.service';
import { Mailer } from './mailer';

export const ACCOUNT_MAIL_QUEUE = 'account-mail';

/** A mail to an account's own address, about its account (category `account`). */
interface AccountMailJob {
  user_id: string;
  /** Names the mail: the same key is one mail (its job id and Message-ID derive from it). */
  key: string;
  subject: string;
  text: string;
}

/**
 * Mail to account owners, sent by a job enqueued with the change that calls for it (so it is
 * neither lost nor sent for a change that rolled back). The address comes from auth's events.
 */
@Injectable()
export class AccountMail implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: Jobs,
    private readonly mailer: Mailer,
    private readonly preferences: PreferencesService,
  ) {}

  onModuleInit(): void {
    this.jobs.define<AccountMailJob>(ACCOUNT_MAIL_QUEUE, (job) => this.send(job), { retryLimit: 8, retryDelaySeconds: 30 });
  }

  /** Keeps the address mail goes to (from `user.registered`). */
  async remember(manager: EntityManager, userId: string, email: string, name: string): Promise<void> {
    await manager.query(
      `INSERT INTO recipients (user_id, email, name) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET email = $2, name = $3, updated_at = now()`,
      [userId, email, name],
    );
  }

  async forget(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`DELETE FROM recipients WHERE user_id = $1`, [userId]);
  }

  /** Enqueues the mail in the caller's transaction. */
  async enqueue(manager: EntityManager, mail: AccountMailJob): Promise<void> {
    await this.jobs.send<AccountMailJob>(ACCOUNT_MAIL_QUEUE, mail, { manager, id: notificationId(mail.key, mail.user_id, 'account-mail') });
  }

  private async send(job: AccountMailJob): Promise<void> {
    const [recipient] = (await this.dataSource.query(`SELECT email, name FROM recipients WHERE user_id = $1`, [job.user_id])) as {
      email: string;
      name: string;
    }[];
    if (!recipient || !(await this.preferences.wants(job.user_id, 'account', 'email'))) return;
    await this.mailer.send({
      to: recipient.email,
      subject: job.subject,
      text: `Hello ${recipient.name},\n\n${job.text}\n\nSoftFactory`,
      messageId: `<${notificationId(job.key, job.user_id, 'account-mail')}@softfactory.dev>`,
    });
  }
}
