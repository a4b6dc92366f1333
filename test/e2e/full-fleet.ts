import { LocalSmtp, startLocalSmtp } from '../../apps/local-smtp/src/local-smtp';
import { ALL_SERVICES } from './fleet';
import { PaymentFleet, startPaymentFleet } from './payment-fleet';
import { startTestS3, TestS3 } from './storage-fleet';
import { LocalAi, startLocalAi } from '../../apps/local-ai/src/local-ai';
import { LocalPlatforms, startLocalPlatforms } from '../../apps/local-platforms/src/local-platforms';
import { TEST_REVIEW_TOKEN_KEY } from './review/review-helpers';
import { PLATFORM_CREDENTIALS } from './sns/sns-fleet';

export interface FullFleet extends PaymentFleet {
  s3: TestS3;
  smtp: LocalSmtp;
  platforms: LocalPlatforms;
  ai: LocalAi;
}

/** The notifications service's key for webhook secrets at rest, outside demo mode. */
const TEST_WEBHOOK_SECRET_KEY = '0f'.repeat(32);

/**
 * Every service of the fleet with every stand-in it talks to: for the suites that walk every
 * declared route or message (malformed input, declarations, fuzzing). A new service joins
 * ALL_SERVICES in fleet.ts and, if it talks to an outside system, starts its stand-in here.
 */
export async function startFullFleet(env: Record<string, string> = {}): Promise<FullFleet> {
  // Each stand-in started is closed again if a later step fails.
  const started: { close(): Promise<void> }[] = [];
  const closeAll = async () => {
    for (const standIn of started.reverse()) await standIn.close().catch(() => undefined);
  };
  try {
    const s3 = await startTestS3();
    started.push(s3);
    const smtp = await startLocalSmtp();
    started.push(smtp);
    const platforms = await startLocalPlatforms({ port: 0 });
    started.push(platforms);
    const ai = await startLocalAi({ apiKey: 'full-fleet-ai-key' });
    started.push(ai);
    const fleet = await startPaymentFleet(ALL_SERVICES, {
      ...s3.env,
      SMTP_URL: smtp.smtpUrl,
      WEBHOOK_SECRET_KEY: TEST_WEBHOOK_SECRET_KEY,
      REVIEW_PLATFORMS_URL: platforms.url,
      REVIEW_TOKEN_KEY: TEST_REVIEW_TOKEN_KEY,
      ...PLATFORM_CREDENTIALS,
      SNS_PLATFORMS_URL: platforms.url,
      // sns's AI routes and automation's AI steps and tasks.
      AI_BASE_URL: `${ai.url}/v1`,
      AI_API_KEY: 'full-fleet-ai-key',
      ...env,
    });
    return {
      ...fleet,
      s3,
      smtp,
      platforms,
      ai,
      close: async () => {
        await fleet.close();
        await closeAll();
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
