import { ALL_SERVICES } from './fleet';
import { PaymentFleet, startPaymentFleet } from './payment-fleet';
import { startTestS3, TestS3 } from './storage-fleet';

export interface FullFleet extends PaymentFleet {
  s3: TestS3;
}

/**
 * Every service of the fleet with every stand-in it talks to: for the suites that walk every
 * declared route or message (malformed input, declarations, fuzzing). A new service joins
 * ALL_SERVICES in fleet.ts and, if it talks to an outside system, starts its stand-in here.
 */
export async function startFullFleet(env: Record<string, string> = {}): Promise<FullFleet> {
  const s3 = await startTestS3();
  try {
    const fleet = await startPaymentFleet(ALL_SERVICES, { ...s3.env, ...env });
    return {
      ...fleet,
      s3,
      close: async () => {
        await fleet.close();
        await s3.close();
      },
    };
  } catch (error) {
    await s3.close();
    throw error;
  }
}
