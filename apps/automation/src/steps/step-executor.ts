import { Inject, Injectable } from '@nestjs/common';
import { AiMessage, AiProvider } from '@sf/ai';
import type { StepType } from '@sf/contracts';
import { DomainError, ErrorCode } from '@sf/errors';
import { sendOutbound } from '@sf/outbound';
import { AI_PROVIDER, AUTOMATION_CONFIG, AutomationConfig } from '../automation.config';

/** What running a step once came to. */
export type StepOutcome =
  /** Done; `next` overrides the following step (`null`: the run ends here). */
  | { kind: 'done'; output: Record<string, unknown>; next?: string | null }
  /** Not done yet: run the step again at `until` (a delay). */
  | { kind: 'wait'; until: Date; output: Record<string, unknown> }
  /** Worth another attempt (the provider or the host did not answer). */
  | { kind: 'retry'; error: string; output?: Record<string, unknown> }
  /** Another attempt would fare no better. */
  | { kind: 'fail'; error: string; output?: Record<string, unknown> };

type Params = Record<string, unknown>;

/** What a step's run knows beyond its params. */
export interface StepContext {
  /**
   * The same on every attempt of one step of one run: sent as `Idempotency-Key` with an
   * `http.request`, so a receiver can tell a repeat (after a crash mid-request) from a new call.
   */
  idempotencyKey?: string;
}

/** Runs one step of a type with its params already filled in; never throws for what a step can meet. */
@Injectable()
export class StepExecutor {
  constructor(
    @Inject(AI_PROVIDER) private readonly ai: AiProvider,
    @Inject(AUTOMATION_CONFIG) private readonly config: AutomationConfig,
  ) {}

  async execute(type: StepType, params: Params, context: StepContext = {}, now: Date = new Date()): Promise<StepOutcome> {
    switch (type) {
      case 'ai.generate':
      case 'ai.classify':
      case 'ai.extract':
      case 'ai.translate':
        return this.completion(type, params);
      case 'http.request':
        return this.http(params, context.idempotencyKey);
      case 'condition':
        return this.condition(params);
      case 'delay':
        return this.delay(params, now);
      case 'notify':
        // Delivered by notifications from the event the run records with the step's success.
        return { kind: 'done', output: { title: params.title, body: params.body, delivered_by: 'notifications' } };
    }
  }

  private async completion(type: StepType, params: Params): Promise<StepOutcome> {
    let messages: AiMessage[];
    switch (type) {
      case 'ai.classify': {
        const labels = params.labels as string[];
        messages = [
          { role: 'system', content: `Classify the user's text as exactly one of: ${labels.join(', ')}. Answer with that label only.` },
          { role: 'user', content: String(params.text) },
        ];
        break;
      }
      case 'ai.extract': {
        const fields = params.fields as string[];
        messages = [
          {
            role: 'system',
            content: `Extract ${fields.join(', ')} from the user's text. Answer with one JSON object with exactly these keys; null for what the text does not say.`,
          },
          { role: 'user', content: String(params.text) },
        ];
        break;
      }
      case 'ai.translate':
        messages = [
          {
            role: 'system',
            content: `Translate the user's text into ${String(params.target_language)}. Answer with the translation only.`,
          },
          { role: 'user', content: String(params.text) },
        ];
        break;
      default:
        messages = [
          ...(params.system ? [{ role: 'system' as const, content: String(params.system) }] : []),
          { role: 'user', content: String(params.prompt) },
        ];
    }
    let text: string;
    try {
      text = await this.ai.complete(messages, { maxTokens: 800 });
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.SERVICE_UNAVAILABLE) return { kind: 'retry', error: error.message };
      throw error;
    }
    if (type === 'ai.classify') {
      const labels = params.labels as string[];
      const answer = text.toLowerCase();
      const label = labels.find((l) => answer.trim() === l.toLowerCase()) ?? labels.find((l) => answer.includes(l.toLowerCase())) ?? null;
      return { kind: 'done', output: { label, text } };
    }
    if (type === 'ai.extract') return { kind: 'done', output: { fields: parseObject(text, params.fields as string[]), text } };
    if (type === 'ai.translate') return { kind: 'done', output: { text, target_language: params.target_language } };
    return { kind: 'done', output: { text } };
  }

  private async http(params: Params, idempotencyKey: string | undefined): Promise<StepOutcome> {
    const method = (params.method as string | undefined) ?? 'GET';
    const headers = { ...(params.headers as Record<string, string> | undefined) };
    // The workflow's own Idempotency-Key, when it sets one, wins.
    if (idempotencyKey && !Object.keys(headers).some((name) => name.toLowerCase() === 'idempotency-key'))
      headers['Idempotency-Key'] = idempotencyKey;
    const result = await sendOutbound(
      {
        url: String(params.url),
        method,
        headers,
        body: params.body as string | undefined,
      },
      this.config.outbound,
      { timeoutMs: this.config.httpTimeoutMs, maxResponseBytes: this.config.httpMaxResponseBytes },
    );
    if (result.kind === 'refused') return { kind: 'fail', error: result.error, output: { sent: false } };
    if (result.kind === 'failed') {
      const output = { sent: result.sent };
      // An answer over the cap would be as large next time.
      return result.error.startsWith('answer larger')
        ? { kind: 'fail', error: result.error, output }
        : { kind: 'retry', error: result.error, output };
    }
    const contentType = String(result.headers['content-type'] ?? '');
    const text = result.body.toString('utf8');
    let json: unknown = null;
    if (contentType.includes('json')) {
      try {
        json = JSON.parse(text);
      } catch {
        json = null;
      }
    }
    const output = { sent: true, status: result.status, content_type: contentType || null, body: text, json };
    if (result.status === 408 || result.status === 429 || result.status >= 500)
      return { kind: 'retry', error: `HTTP ${result.status}`, output };
    return { kind: 'done', output };
  }

  private condition(params: Params): StepOutcome {
    const left = String(params.left ?? '');
    const right = String(params.right ?? '');
    let result: boolean;
    switch (params.operator) {
      case 'equals':
        result = left === right;
        break;
      case 'not_equals':
        result = left !== right;
        break;
      case 'contains':
        result = left.toLowerCase().includes(right.toLowerCase());
        break;
      case 'exists':
        result = left.trim() !== '';
        break;
      case 'greater_than':
        result = Number(left) > Number(right);
        break;
      default:
        result = Number(left) < Number(right);
    }
    const then = params.then as string | undefined;
    const otherwise = params.else as string | undefined;
    return { kind: 'done', output: { result }, ...(result ? (then ? { next: then } : {}) : { next: otherwise ?? null }) };
  }

  private delay(params: Params, now: Date): StepOutcome {
    const until = params.resumes_at ? new Date(String(params.resumes_at)) : new Date(now.getTime() + Number(params.seconds) * 1000);
    if (until.getTime() > now.getTime()) return { kind: 'wait', until, output: { resumes_at: until.toISOString() } };
    return { kind: 'done', output: { waited_seconds: Number(params.seconds), resumed_at: now.toISOString() } };
  }
}

/** The first JSON object in the answer (fenced or not), keeping only the asked-for keys; null when there is none. */
function parseObject(text: string, fields: string[]): Record<string, unknown> | null {
  const match = /\{[\s\S]*\}/.exec(text);
  if (!match) return null;
  try {
    const parsed = JSON.parse(match[0]) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
    return Object.fromEntries(fields.map((f) => [f, (parsed as Record<string, unknown>)[f] ?? null]));
  } catch {
    return null;
  }
}
