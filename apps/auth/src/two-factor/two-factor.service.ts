import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { BackupCodesStatusView, BackupCodesView, CallerContext, TwoFactorSetupView, TwoFactorStatusView } from '@sf/contracts';
import { Conflict, Unauthorized } from '@sf/errors';
import { sha256 } from '../crypto-tokens';
import { User } from '../accounts/user.entity';
import { BackupCode } from './backup-code.entity';
import { generateTotpSecret, matchTotp, otpauthUrl } from './totp';
import { loadCaller } from '../accounts/load-caller';
import { AUTH_CONFIG, AuthConfig } from '../auth.config';
import { TotpSecretBox } from './totp-secret-box';
import { inTransaction } from '@sf/idempotency';

const BACKUP_CODE_COUNT = 10;
const BACKUP_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

function newBackupCode(): string {
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => BACKUP_ALPHABET[b % BACKUP_ALPHABET.length]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

function normaliseBackupCode(code: string): string {
  return code.toLowerCase().replace(/-/g, '');
}

/** TOTP enrolment, backup codes, and checking a second factor during sign-in. */
@Injectable()
export class TwoFactorService {
  private readonly secrets: TotpSecretBox;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AUTH_CONFIG) config: AuthConfig,
  ) {
    this.secrets = new TotpSecretBox(config.totpEncryptionKey);
  }

  async setup(ctx: CallerContext): Promise<TwoFactorSetupView> {
    const user = await loadCaller(this.dataSource, ctx);
    if (user.totpEnabled) throw new Conflict('Two-factor authentication is already enabled');
    const secret = generateTotpSecret();
    const backupCodes = await inTransaction(this.dataSource, async (manager) => {
      await manager.update(User, { id: user.id }, { totpSecret: this.secrets.seal(secret), totpLastStep: null });
      return this.replaceBackupCodes(manager, user.id);
    });
    return { secret, otpauth_url: otpauthUrl(secret, user.email, 'SoftFactory'), backup_codes: backupCodes };
  }

  async verify(ctx: CallerContext, code: string): Promise<TwoFactorStatusView> {
    const user = await loadCaller(this.dataSource, ctx);
    if (user.totpEnabled) throw new Conflict('Two-factor authentication is already enabled');
    if (!user.totpSecret) throw new Conflict('Start with POST /api/auth/2fa/setup');
    const step = matchTotp(this.secrets.open(user.totpSecret), code, Date.now(), null);
    if (step === null) throw new Unauthorized('Invalid two-factor code');
    await this.dataSource.getRepository(User).update({ id: user.id }, { totpEnabled: true, totpLastStep: String(step) });
    return { enabled: true };
  }

  async disable(ctx: CallerContext, code: string): Promise<TwoFactorStatusView> {
    const user = await loadCaller(this.dataSource, ctx);
    if (!user.totpEnabled) throw new Conflict('Two-factor authentication is not enabled');
    await inTransaction(this.dataSource, async (manager) => {
      if (!(await this.consume(manager, user, code))) throw new Unauthorized('Invalid two-factor code');
      await manager.update(User, { id: user.id }, { totpEnabled: false, totpSecret: null, totpLastStep: null });
      await manager.delete(BackupCode, { userId: user.id });
    });
    return { enabled: false };
  }

  async backupCodesStatus(ctx: CallerContext): Promise<BackupCodesStatusView> {
    const user = await loadCaller(this.dataSource, ctx);
    const remaining = await this.dataSource.getRepository(BackupCode).count({ where: { userId: user.id, usedAt: IsNull() } });
    return { remaining };
  }

  async regenerateBackupCodes(ctx: CallerContext, code: string): Promise<BackupCodesView> {
    const user = await loadCaller(this.dataSource, ctx);
    if (!user.totpEnabled) throw new Conflict('Two-factor authentication is not enabled');
    const backupCodes = await inTransaction(this.dataSource, async (manager) => {
      if (!(await this.consume(manager, user, code))) throw new Unauthorized('Invalid two-factor code');
      return this.replaceBackupCodes(manager, user.id);
    });
    return { backup_codes: backupCodes };
  }

  /**
   * Accepts a current TOTP code (once: its step is recorded) or an unused backup code (marked
   * used). Both checks are single UPDATEs, so two requests racing with one code cannot both win.
   */
  async consume(manager: EntityManager, user: User, code: string): Promise<boolean> {
    if (/^\d{6}$/.test(code)) {
      if (!user.totpSecret) return false;
      const lastStep = user.totpLastStep === null ? null : Number(user.totpLastStep);
      const step = matchTotp(this.secrets.open(user.totpSecret), code, Date.now(), lastStep);
      if (step === null) return false;
      const result = await manager
        .createQueryBuilder()
        .update(User)
        .set({ totpLastStep: String(step) })
        .where('id = :id AND (totp_last_step IS NULL OR totp_last_step < :step)', { id: user.id, step })
        .execute();
      return result.affected === 1;
    }
    const result = await manager
      .createQueryBuilder()
      .update(BackupCode)
      .set({ usedAt: () => 'now()' })
      .where('user_id = :userId AND code_hash = :hash AND used_at IS NULL', { userId: user.id, hash: sha256(normaliseBackupCode(code)) })
      .execute();
    return (result.affected ?? 0) >= 1;
  }

  private async replaceBackupCodes(manager: EntityManager, userId: string): Promise<string[]> {
    const codes = Array.from({ length: BACKUP_CODE_COUNT }, newBackupCode);
    await manager.delete(BackupCode, { userId });
    await manager.insert(
      BackupCode,
      codes.map((code) => ({ userId, codeHash: sha256(normaliseBackupCode(code)) })),
    );
    return codes;
  }
}
