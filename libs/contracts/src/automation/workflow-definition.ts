/** What starts a workflow. */
export const TRIGGER_TYPES = ['manual', 'schedule', 'event'] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];

/** What a step does. */
export const STEP_TYPES = [
  'ai.generate',
  'ai.classify',
  'ai.extract',
  'ai.translate',
  'http.request',
  'notify',
  'condition',
  'delay',
] as const;
export type StepType = (typeof STEP_TYPES)[number];

/**
 * Domain events a workflow may be triggered by: each one names its user(s), so a workflow runs
 * only for events about its owner's own bookings, recipes and payments.
 */
export const TRIGGER_EVENTS = [
  'booking.created',
  'booking.paid',
  'booking.confirmed',
  'booking.completed',
  'booking.cancelled',
  'recipe.published',
  'payment.completed',
  'payment.failed',
  'payment.refunded',
] as const;
export type TriggerEvent = (typeof TRIGGER_EVENTS)[number];

export const CONDITION_OPERATORS = ['equals', 'not_equals', 'contains', 'exists', 'greater_than', 'less_than'] as const;
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** The longest a `delay` step waits. */
export const MAX_DELAY_SECONDS = 7 * 24 * 3600;

export type WorkflowTrigger =
  { type: 'manual' } | { type: 'schedule'; cron: string; time_zone?: string } | { type: 'event'; event: TriggerEvent };

export interface WorkflowStep {
  /** Unique in the workflow: `[a-z][a-z0-9_]*`; later steps read its output as `{{steps.<id>.output...}}`. */
  id: string;
  type: StepType;
  params: Record<string, unknown>;
  /** The step after this one; absent: the next in the list (the last one ends the run). */
  next?: string;
}

const stringParam = { type: 'string', minLength: 1, maxLength: 8000 };
const stepId = { type: 'string', pattern: '^[a-z][a-z0-9_]{0,39}$' };
const params = (properties: Record<string, unknown>, required: string[]) => ({
  type: 'object',
  additionalProperties: false,
  required,
  properties,
});

/** Each step type's params. */
export const STEP_PARAMS_SCHEMAS: Record<StepType, Record<string, unknown>> = {
  'ai.generate': params({ prompt: stringParam, system: stringParam }, ['prompt']),
  'ai.classify': params(
    { text: stringParam, labels: { type: 'array', minItems: 2, maxItems: 20, items: { type: 'string', minLength: 1, maxLength: 100 } } },
    ['text', 'labels'],
  ),
  'ai.extract': params(
    {
      text: stringParam,
      fields: { type: 'array', minItems: 1, maxItems: 20, items: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,39}$' } },
    },
    ['text', 'fields'],
  ),
  'ai.translate': params({ text: stringParam, target_language: { type: 'string', minLength: 2, maxLength: 40 } }, [
    'text',
    'target_language',
  ]),
  'http.request': params(
    {
      url: { type: 'string', minLength: 1, maxLength: 2000 },
      method: { enum: [...HTTP_METHODS] },
      headers: { type: 'object', maxProperties: 20, additionalProperties: { type: 'string', maxLength: 1000 } },
      body: { type: 'string', maxLength: 100_000 },
    },
    ['url'],
  ),
  notify: params({ title: { type: 'string', minLength: 1, maxLength: 200 }, body: { type: 'string', minLength: 1, maxLength: 2000 } }, [
    'title',
    'body',
  ]),
  condition: params(
    {
      left: { type: 'string', maxLength: 8000 },
      operator: { enum: [...CONDITION_OPERATORS] },
      right: { type: 'string', maxLength: 8000 },
      then: stepId,
      else: stepId,
    },
    ['left', 'operator'],
  ),
  delay: params({ seconds: { type: 'integer', minimum: 1, maximum: MAX_DELAY_SECONDS } }, ['seconds']),
};

/**
 * The JSON schema of a workflow's `trigger` and `steps` (draft 2020-12). String params may hold
 * `{{trigger.data.<field>}}`, `{{trigger.subject}}` and `{{steps.<id>.output.<field>}}`, filled in
 * when the step runs. Beyond the schema: step ids are unique, `next`, `then` and `else` name steps
 * of the workflow, the graph has no cycle, and the number of steps is within the plan's limit.
 */
export const WORKFLOW_DEFINITION_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://softfactory.example/schemas/automation/workflow-definition.json',
  type: 'object',
  required: ['trigger', 'steps'],
  properties: {
    trigger: {
      type: 'object',
      required: ['type'],
      properties: {
        type: { enum: [...TRIGGER_TYPES] },
        cron: { type: 'string', minLength: 9, maxLength: 100 },
        time_zone: { type: 'string', minLength: 1, maxLength: 64 },
        event: { enum: [...TRIGGER_EVENTS] },
      },
      additionalProperties: false,
      allOf: [
        { if: { properties: { type: { const: 'schedule' } } }, then: { required: ['cron'] } },
        { if: { properties: { type: { const: 'event' } } }, then: { required: ['event'] } },
      ],
    },
    steps: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'type', 'params'],
        properties: { id: stepId, type: { enum: [...STEP_TYPES] }, next: stepId, params: { type: 'object' } },
        allOf: STEP_TYPES.map((type) => ({
          if: { required: ['type'], properties: { type: { const: type } } },
          then: { properties: { params: STEP_PARAMS_SCHEMAS[type] } },
        })),
      },
    },
  },
};
