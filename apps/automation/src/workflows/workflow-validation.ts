import Ajv2020, { ErrorObject } from 'ajv/dist/2020';
import { CronExpressionParser } from 'cron-parser';
import { STEP_PARAMS_SCHEMAS, TaskType, WORKFLOW_DEFINITION_SCHEMA, WorkflowStep, WorkflowTrigger } from '@sf/contracts';
import { ValidationFailed } from '@sf/errors';

const ajv = new Ajv2020({ allErrors: true, strict: false });
const validateDefinition = ajv.compile(WORKFLOW_DEFINITION_SCHEMA);
const validateParams = Object.fromEntries(
  Object.entries(STEP_PARAMS_SCHEMAS).map(([type, schema]) => [type, ajv.compile(schema)]),
) as Record<string, ReturnType<typeof ajv.compile>>;

/** `/steps/0/params/prompt` as `steps[0].params.prompt`, the way `details` names fields. */
function fieldOf(prefix: string, error: ErrorObject): string {
  let path = error.instancePath
    .split('/')
    .filter(Boolean)
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), prefix);
  const missing = error.keyword === 'required' ? (error.params as { missingProperty?: string }).missingProperty : undefined;
  const extra = error.keyword === 'additionalProperties' ? (error.params as { additionalProperty?: string }).additionalProperty : undefined;
  if (missing || extra) path = path ? `${path}.${missing ?? extra}` : (missing ?? extra)!;
  return path || prefix || 'body';
}

function messageOf(error: ErrorObject): string {
  if (error.keyword === 'required') return 'is required';
  if (error.keyword === 'additionalProperties') return 'is not a known field';
  if (error.keyword === 'enum') return `must be one of ${((error.params as { allowedValues: unknown[] }).allowedValues ?? []).join(', ')}`;
  return error.message ?? 'is invalid';
}

function collect(errors: ErrorObject[] | null | undefined, prefix = ''): Record<string, string[]> {
  const details: Record<string, string[]> = {};
  for (const error of errors ?? []) {
    if (error.keyword === 'if') continue;
    const field = fieldOf(prefix, error);
    const messages = (details[field] ??= []);
    if (!messages.includes(messageOf(error))) messages.push(messageOf(error));
  }
  return details;
}

/** Whether a cron expression and an IANA time zone are ones the schedule can use. */
function checkSchedule(trigger: WorkflowTrigger, details: Record<string, string[]>): void {
  if (trigger.type !== 'schedule') return;
  const tz = trigger.time_zone ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    details['trigger.time_zone'] = ['must be an IANA time zone such as Asia/Seoul'];
    return;
  }
  try {
    const fields = trigger.cron.trim().split(/\s+/);
    if (fields.length !== 5) throw new Error('five fields');
    CronExpressionParser.parse(trigger.cron, { tz });
  } catch {
    details['trigger.cron'] = ['must be a five-field cron expression such as "0 9 * * *"'];
  }
}

/** Unique ids, `next`/`then`/`else` naming steps of the workflow, and no cycle. */
function checkGraph(steps: WorkflowStep[], details: Record<string, string[]>): void {
  const index = new Map<string, number>();
  steps.forEach((step, i) => {
    if (index.has(step.id)) details[`steps[${i}].id`] = [`repeats the id "${step.id}" of steps[${index.get(step.id)}]`];
    else index.set(step.id, i);
  });
  const edges = (i: number): { field: string; target: string }[] => {
    const step = steps[i];
    const out: { field: string; target: string }[] = [];
    if (step.next) out.push({ field: `steps[${i}].next`, target: step.next });
    if (step.type === 'condition') {
      const p = step.params as { then?: string; else?: string };
      if (p.then) out.push({ field: `steps[${i}].params.then`, target: p.then });
      if (p.else) out.push({ field: `steps[${i}].params.else`, target: p.else });
    }
    if (!step.next && !(step.type === 'condition' && (step.params as { then?: string }).then) && i + 1 < steps.length) {
      out.push({ field: `steps[${i}]`, target: steps[i + 1].id });
    }
    return out;
  };
  for (let i = 0; i < steps.length; i++) {
    for (const edge of edges(i)) if (!index.has(edge.target)) details[edge.field] = [`names no step of this workflow ("${edge.target}")`];
  }
  if (Object.keys(details).length) return;
  // A depth-first walk from every step: reaching a step already on the path is a cycle.
  const state = new Array<number>(steps.length).fill(0);
  const visit = (i: number): string | null => {
    if (state[i] === 1) return `steps[${i}]`;
    if (state[i] === 2) return null;
    state[i] = 1;
    for (const edge of edges(i)) {
      const found = visit(index.get(edge.target)!);
      if (found) return found;
    }
    state[i] = 2;
    return null;
  };
  for (let i = 0; i < steps.length; i++) {
    const cycle = visit(i);
    if (cycle) {
      details.steps = [`must not loop: ${cycle} ("${steps[Number(cycle.slice(6, -1))].id}") is reached again`];
      return;
    }
  }
}

/** Throws 422 naming each field unless trigger and steps are a valid workflow within `maxSteps`. */
export function validateWorkflow(definition: { trigger: unknown; steps: unknown }, maxSteps: number): void {
  if (!validateDefinition(definition)) throw new ValidationFailed(collect(validateDefinition.errors));
  const { trigger, steps } = definition as { trigger: WorkflowTrigger; steps: WorkflowStep[] };
  const details: Record<string, string[]> = {};
  if (steps.length > maxSteps) details.steps = [`must have at most ${maxSteps} steps on your plan`];
  checkSchedule(trigger, details);
  checkGraph(steps, details);
  if (Object.keys(details).length) throw new ValidationFailed(details);
}

/** Throws 422 naming each field unless `params` suit a task (an AI step) of `type`. */
export function validateTaskParams(type: TaskType, params: unknown): void {
  const validate = validateParams[type];
  if (!validate(params)) throw new ValidationFailed(collect(validate.errors, 'params'));
}
