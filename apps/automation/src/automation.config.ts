import { AiConfig, readAiConfig } from '@sf/ai';
import { CommonConfig, Env, EnvReader, readCommonConfig } from '@sf/config';
import { readServiceDatabaseConfig, ServiceDatabaseConfig } from '@sf/database';
import { EventsConfig, readEventsConfig } from '@sf/events';
import type { OutboundRules } from '@sf/outbound';

/** A limit per plan of AI Automation (product 4). */
export interface PlanLimits {
  free: number;
  pro: number;
  enterprise: number;
}

export interface AutomationConfig {
  common: CommonConfig;
  database: ServiceDatabaseConfig;
  events: EventsConfig;
  ai: AiConfig;
  /** Where `http.request` steps may go: https only outside demo mode, plus allow-listed local hosts. */
  outbound: OutboundRules;
  /** How long an `http.request` step may take, and how much of the answer it reads. */
  httpTimeoutMs: number;
  httpMaxResponseBytes: number;
  /** Runs (workflow runs and task executions) a user may start per UTC day. */
  runsPerDay: PlanLimits;
  /** Steps one workflow may have. */
  stepsPerWorkflow: PlanLimits;
  /** Attempts of a step after the first, with exponential back-off from `stepRetryDelaySeconds`. */
  stepRetryLimit: number;
  stepRetryDelaySeconds: number;
  healthPort: number;
  requestTimeoutMs: number;
}

function planLimits(reader: EnvReader, name: string, defaults: PlanLimits): PlanLimits {
  return {
    free: reader.int(`AUTOMATION_${name}_FREE`, defaults.free, { min: 1 }),
    pro: reader.int(`AUTOMATION_${name}_PRO`, defaults.pro, { min: 1 }),
    enterprise: reader.int(`AUTOMATION_${name}_ENTERPRISE`, defaults.enterprise, { min: 1 }),
  };
}

export function loadAutomationConfig(env: Env): AutomationConfig {
  const reader = new EnvReader(env);
  const common = readCommonConfig(reader, 'automation');
  return {
    common,
    database: readServiceDatabaseConfig(reader, 'automation'),
    events: readEventsConfig(reader, common.natsSubjectPrefix),
    ai: readAiConfig(reader),
    outbound: {
      allowedHosts: reader.list('AUTOMATION_HTTP_ALLOWED_HOSTS', []).map((h) => h.toLowerCase()),
      allowHttp: common.demoMode,
    },
    httpTimeoutMs: reader.int('AUTOMATION_HTTP_TIMEOUT_MS', 10_000, { min: 100, max: 60_000 }),
    httpMaxResponseBytes: reader.int('AUTOMATION_HTTP_MAX_RESPONSE_BYTES', 1024 * 1024, { min: 1024, max: 10 * 1024 * 1024 }),
    runsPerDay: planLimits(reader, 'RUNS_PER_DAY', { free: 50, pro: 1000, enterprise: 10_000 }),
    stepsPerWorkflow: planLimits(reader, 'STEPS_PER_WORKFLOW', { free: 10, pro: 25, enterprise: 50 }),
    stepRetryLimit: reader.int('AUTOMATION_STEP_RETRY_LIMIT', 3, { min: 0, max: 10 }),
    stepRetryDelaySeconds: reader.int('AUTOMATION_STEP_RETRY_DELAY_SECONDS', 2, { min: 1, max: 600 }),
    healthPort: reader.int('HEALTH_PORT', 8110, { max: 65535 }),
    requestTimeoutMs: reader.int('REQUEST_TIMEOUT_MS', 5000, { min: 100 }),
  };
}

/**
 * When the step and task queues take a job as lost: its heartbeat missed for 10 s (the process
 * running it died), or, for a worker alive but stuck, the longest a step may legitimately take
 * (an AI call or a request, each bounded by its own timeout) and a minute more.
 */
export function stepJobTimes(config: AutomationConfig): { heartbeatSeconds: number; expireInSeconds: number } {
  return { heartbeatSeconds: 10, expireInSeconds: Math.ceil(Math.max(config.ai.timeoutMs, config.httpTimeoutMs) / 1000) + 60 };
}

export const AUTOMATION_CONFIG = Symbol('AUTOMATION_CONFIG');
export const AI_PROVIDER = Symbol('AI_PROVIDER');
