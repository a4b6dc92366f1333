import { LocalSmtp, startLocalSmtp } from '../../apps/local-smtp/src/local-smtp';
import { ALL_SERVICES } from './fleet';
import { PaymentFleet, startPaymentFleet } from './payment-fleet';
import { startTestS3, TestS3 } from './storage-fleet';

export interface FullFleet extends PaymentFleet {
  s3: TestS3;
  smtp: LocalSmtp;
}

/** The notifications service's key for webhook secrets at rest, outside demo mode. */
const TEST_WEBHOOK_SECRET_KEY = '0f'.repeat(32);

/**
 * Every service of the fleet with every stand-in it talks to: for the suites that walk every
 * declared route or message (malformed input, declarations, fuzzing). A new service joins
 * ALL_SERVICES in fleet.ts and, if it talks to an outside system, starts its stand-in here.
 */
export async function startFullFleet(env: Record<string, string> = {}): Promise<FullFleet> {
  const s3 = await startTestS3();
  const smtp = await startLocalSmtp().catch(async (error: unknown) => {
    await s3.close();
    throw error;
  });
  try {
    const fleet = await startPaymentFleet(ALL_SERVICES, {
      ...s3.env,
      SMTP_URL: smtp.smtpUrl,
      WEBHOOK_SECRET_KEY: TEST_WEBHOOK_SECRET_KEY,
      ...env,
    });
    return {
      ...fleet,
      s3,
      smtp,
      close: async () => {
        await fleet.close();
        await s3.close();
        await smtp.close();
      },
    };
  } catch (error) {
    await s3.close();
    await smtp.close();
    throw error;
  }
}
