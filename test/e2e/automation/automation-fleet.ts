import { ApiClient, AppStarter, eventually, RegisteredUser } from '@sf/testing';
import { LocalAi, startLocalAi } from '../../../apps/local-ai/src/local-ai';
import { authService, automationService, coocookService, notificationsService, paymentService } from '../fleet';
import { PaymentFleet, payCheckout, startPaymentFleet } from '../payment-fleet';

export interface AutomationFleet extends PaymentFleet {
  /** The OpenAI-compatible stand-in the AI steps use. */
  ai: LocalAi;
}

/** Auth, payment, coocook (bookings trigger workflows), notifications (notify steps), automation and the AI stand-in. */
export async function startAutomationFleet(
  env: Record<string, string> = {},
  services: AppStarter[] = [authService, paymentService, coocookService, notificationsService, automationService],
): Promise<AutomationFleet> {
  const ai = await startLocalAi({ apiKey: 'automation-e2e-ai-key' });
  try {
    const fleet = await startPaymentFleet(services, {
      DEMO_MODE: 'false',
      AI_BASE_URL: `${ai.url}/v1`,
      AI_API_KEY: 'automation-e2e-ai-key',
      AI_PROVIDER_NAME: 'local-ai',
      AI_TIMEOUT_MS: '2000',
      AUTOMATION_STEP_RETRY_DELAY_SECONDS: '1',
      WEBHOOK_SECRET_KEY: '0f'.repeat(32),
      ...env,
    });
    return {
      ...fleet,
      ai,
      close: async () => {
        await fleet.close();
        await ai.close().catch(() => undefined);
      },
    };
  } catch (error) {
    await ai.close();
    throw error;
  }
}

/** Subscribes the user to AI Automation (product 4) through checkout, and waits until automation knows. */
export async function subscribeToAutomation(api: ApiClient, user: RegisteredUser): Promise<void> {
  const checkout = await api.post('/api/payment/checkout', { product_id: 4, plan_type: 'monthly' }, { token: user.accessToken });
  if (checkout.status !== 201) throw new Error(`checkout failed: ${checkout.status} ${checkout.text}`);
  await payCheckout(checkout.body.checkout_url);
  await eventually(async () => {
    const probe = await api.get('/api/ai-automation/workflow', { token: user.accessToken });
    if (probe.status !== 200) throw new Error(`not subscribed yet: ${probe.status}`);
  }, 15_000);
}

/** Polls a run until it has finished (succeeded or failed); answers it. */
export async function finishedRun(
  api: ApiClient,
  user: RegisteredUser,
  workflowId: string,
  runId: string,
  timeoutMs = 30_000,
): Promise<any> {
  return eventually(async () => {
    const run = await api.get(`/api/ai-automation/workflow/${workflowId}/runs/${runId}`, { token: user.accessToken });
    if (run.status !== 200) throw new Error(`run: ${run.status} ${run.text}`);
    if (run.body.status !== 'succeeded' && run.body.status !== 'failed') throw new Error(`run still ${run.body.status}`);
    return run.body;
  }, timeoutMs);
}
