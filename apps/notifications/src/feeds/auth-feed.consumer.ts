import escapeHtml from 'escape-html';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventOf, NotificationsAuthFeed } from '@sf/contracts';
import { EventConsumers } from '@sf/events';
import { InboxService } from '../inbox/inbox.service';
import { notificationId } from '../inbox/notification-id';
import { AccountMail } from '../mail/account-mail.service';
import { Mailer } from '../mail/mailer';

type AuthEvent = EventOf<(typeof NotificationsAuthFeed)['reads']>;

/**
 * Mails the password reset link (a security mail: no preference turns it off), tells of each new
 * sign-in (a `security` notice), keeps each
 * account's address for account mail, and forgets a deleted account's notifications and address. The link is in the mail only, never in a log or a row here.
 */
@Injectable()
export class AuthFeedConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly inbox: InboxService,
    private readonly mailer: Mailer,
    private readonly accountMail: AccountMail,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.register(NotificationsAuthFeed, {
      prepare: (event) => this.mail(event),
      handle: (event, manager) => this.apply(event, manager),
    });
  }

  private async mail(event: AuthEvent): Promise<undefined> {
    if (event.type !== 'auth.password_reset_requested') return undefined;
    // A link that expired while the event waited is not worth sending.
    if (Date.parse(event.data.expires_at) <= Date.now()) return undefined;
    const { name, reset_url: link, expires_at: expires } = event.data;
    await this.mailer.send({
      to: event.data.email,
      subject: 'Reset your SoftFactory password',
      text:
        `Hello ${name},\n\nsomeone (we hope you) asked to reset the password of your SoftFactory account.\n` +
        `Set a new one here:\n\n${link}\n\nThe link works once, until ${expires}. If you did not ask, ignore this mail.\n\nSoftFactory`,
      html:
        `<p>Hello ${escapeHtml(name)},</p><p>someone (we hope you) asked to reset the password of your SoftFactory account.</p>` +
        `<p><a href="${escapeHtml(link)}">Set a new password</a></p><p>The link works once, until ${escapeHtml(expires)}. If you did not ask, ignore this mail.</p>`,
      messageId: `<${notificationId(event.id, event.data.user_id, 'email')}@softfactory.dev>`,
    });
    return undefined;
  }

  private async apply(event: AuthEvent, manager: EntityManager): Promise<void> {
    // The session an account's creation or password change starts is the user's own device, not news.
    if (event.type === 'auth.login.succeeded' && event.data.method !== 'registration' && event.data.method !== 'password_change') {
      await this.inbox.notify(manager, {
        eventId: event.id,
        userId: event.data.user_id,
        category: 'security',
        type: event.type,
        title: 'New sign-in',
        body: `Your account was signed in to from ${event.data.ip} at ${event.time.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')}. If this was not you, change your password and sign out your other sessions.`,
        data: { session_id: event.data.session_id, ip: event.data.ip },
        alert: { kind: 'new_sign_in', severity: 'warning' },
      });
    }
    if (event.type === 'auth.login.succeeded' && event.data.method === 'password_change') {
      await this.inbox.notify(manager, {
        eventId: event.id,
        userId: event.data.user_id,
        category: 'security',
        type: 'auth.password_changed',
        title: 'Password changed',
        body: `Your password was changed from ${event.data.ip}; your other sessions were signed out. If this was not you, reset your password now.`,
        data: { ip: event.data.ip },
        alert: { kind: 'password_changed', severity: 'warning' },
      });
    }
    if (event.type === 'user.registered') await this.accountMail.remember(manager, event.data.user_id, event.data.email, event.data.name);
    if (event.type === 'user.deleted') {
      await this.inbox.forget(manager, event.data.user_id);
      await this.accountMail.forget(manager, event.data.user_id);
    }
  }
}
