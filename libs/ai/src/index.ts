/**
 * The AI provider every product uses: `new AiProvider(readAiConfig(reader))` in a service's
 * config/module, then `await ai.complete([{ role: 'system', content }, { role: 'user', content }])`.
 * It speaks OpenAI's chat-completions API through the `openai` SDK (AI_BASE_URL, AI_API_KEY,
 * AI_MODEL), so any compatible provider serves; `apps/local-ai` is the stand-in for tests and
 * `npm start`. Unconfigured, down or slow (AI_TIMEOUT_MS): 503 naming the provider.
 */
export * from './ai-provider';
