import OpenAI from 'openai';
import { EnvReader } from '@sf/config';
import { ServiceUnavailable } from '@sf/errors';

/** Where the AI provider is: any service speaking OpenAI's chat-completions API. */
export interface AiConfig {
  /** Its API base (`https://api.openai.com/v1`, a compatible provider, or the local stand-in). */
  baseUrl: string | undefined;
  apiKey: string | undefined;
  model: string;
  /** How long one completion may take before the provider counts as down. */
  timeoutMs: number;
  /** The provider's name in messages (`AI provider OpenAI is unavailable`). */
  name: string;
}

/** Reads `AI_BASE_URL`, `AI_API_KEY`, `AI_MODEL`, `AI_TIMEOUT_MS`, `AI_PROVIDER_NAME`. */
export function readAiConfig(reader: EnvReader): AiConfig {
  const baseUrl = reader.optionalString('AI_BASE_URL');
  if (baseUrl) reader.url('AI_BASE_URL');
  return {
    baseUrl: baseUrl?.replace(/\/+$/, ''),
    apiKey: reader.optionalString('AI_API_KEY'),
    model: reader.string('AI_MODEL', 'gpt-4o-mini'),
    timeoutMs: reader.int('AI_TIMEOUT_MS', 10_000, { min: 100, max: 120_000 }),
    name: reader.string('AI_PROVIDER_NAME', baseUrl ? new URL(baseUrl).host : 'OpenAI'),
  };
}

export interface AiMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface CompletionOptions {
  maxTokens?: number;
  temperature?: number;
}

/**
 * Text from an AI provider through the `openai` SDK (base URL, key and model from config, so any
 * compatible provider serves). Nothing is ever made up here: a provider that is unconfigured,
 * down, slow or answering errors is a `ServiceUnavailable` (503) naming it.
 */
export class AiProvider {
  private readonly client: OpenAI | null;

  constructor(private readonly config: AiConfig) {
    this.client = config.apiKey
      ? new OpenAI({ apiKey: config.apiKey, baseURL: config.baseUrl, timeout: config.timeoutMs, maxRetries: 0 })
      : null;
  }

  get name(): string {
    return this.config.name;
  }

  configured(): boolean {
    return this.client !== null;
  }

  /** The provider's answer to the conversation, trimmed; 503 when there is none. */
  async complete(messages: AiMessage[], options: CompletionOptions = {}): Promise<string> {
    if (!this.client) throw new ServiceUnavailable(`AI provider ${this.config.name} is not configured`);
    let text: string | null | undefined;
    try {
      const completion = await this.client.chat.completions.create({
        model: this.config.model,
        messages,
        max_tokens: options.maxTokens ?? 600,
        temperature: options.temperature ?? 0.7,
      });
      text = completion.choices[0]?.message?.content;
    } catch {
      throw new ServiceUnavailable(`AI provider ${this.config.name} is unavailable`);
    }
    if (!text?.trim()) throw new ServiceUnavailable(`AI provider ${this.config.name} gave no answer`);
    return text.trim();
  }
}
