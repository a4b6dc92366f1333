import { ALL_SERVICES } from './fleet';
import { PaymentFleet, startPaymentFleet } from './payment-fleet';
import { startTestS3, TestS3 } from './storage-fleet';
import { LocalPlatforms, startLocalPlatforms } from '../../apps/local-platforms/src/local-platforms';
import { TEST_REVIEW_TOKEN_KEY } from './review/review-helpers';

export interface FullFleet extends PaymentFleet {
  s3: TestS3;
  platforms: LocalPlatforms;
}

/**
 * Every service of the fleet with every stand-in it talks to: for the suites that walk every
 * declared route or message (malformed input, declarations, fuzzing). A new service joins
 * ALL_SERVICES in fleet.ts and, if it talks to an outside system, starts its stand-in here.
 */
export async function startFullFleet(env: Record<string, string> = {}): Promise<FullFleet> {
  const s3 = await startTestS3();
  const platforms = await startLocalPlatforms({ port: 0 });
  try {
    const fleet = await startPaymentFleet(ALL_SERVICES, {
      ...s3.env,
      REVIEW_PLATFORMS_URL: platforms.url,
      REVIEW_TOKEN_KEY: TEST_REVIEW_TOKEN_KEY,
      ...env,
    });
    return {
      ...fleet,
      s3,
      platforms,
      close: async () => {
        await fleet.close();
        await s3.close();
        await platforms.close();
      },
    };
  } catch (error) {
    await s3.close();
    await platforms.close();
    throw error;
  }
}
