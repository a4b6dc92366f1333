import { ValidationFailed } from '@sf/errors';
import { validateTaskParams, validateWorkflow } from './workflow-validation';

function detailsOf(run: () => void): Record<string, string[]> {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationFailed) return error.details as Record<string, string[]>;
    throw error;
  }
  throw new Error('no validation error');
}

const generate = (id: string, extra: Record<string, unknown> = {}) => ({ id, type: 'ai.generate', params: { prompt: 'p' }, ...extra });

describe('workflow validation', () => {
  it('accepts a linear graph and a condition branching forward', () => {
    expect(() => validateWorkflow({ trigger: { type: 'manual' }, steps: [generate('a'), generate('b')] }, 10)).not.toThrow();
    expect(() =>
      validateWorkflow(
        {
          trigger: { type: 'event', event: 'booking.confirmed' },
          steps: [
            { id: 'check', type: 'condition', params: { left: 'x', operator: 'exists', then: 'b', else: 'c' } },
            generate('b', { next: 'c' }),
            generate('c'),
          ],
        },
        10,
      ),
    ).not.toThrow();
  });

  it("names each invalid field: a step's missing param, an unknown type, an unknown trigger event", () => {
    const details = detailsOf(() =>
      validateWorkflow(
        {
          trigger: { type: 'event', event: 'user.registered' },
          steps: [
            { id: 'a', type: 'ai.generate', params: {} },
            { id: 'b', type: 'teleport', params: {} },
          ],
        },
        10,
      ),
    );
    expect(Object.keys(details)).toEqual(expect.arrayContaining(['trigger.event', 'steps[0].params.prompt', 'steps[1].type']));
  });

  it('refuses repeated ids, a next naming no step, a loop, and more steps than the plan allows', () => {
    expect(detailsOf(() => validateWorkflow({ trigger: { type: 'manual' }, steps: [generate('a'), generate('a')] }, 10))).toHaveProperty([
      'steps[1].id',
    ]);
    expect(detailsOf(() => validateWorkflow({ trigger: { type: 'manual' }, steps: [generate('a', { next: 'zz' })] }, 10))).toHaveProperty([
      'steps[0].next',
    ]);
    expect(
      detailsOf(() => validateWorkflow({ trigger: { type: 'manual' }, steps: [generate('a'), generate('b', { next: 'a' })] }, 10)).steps[0],
    ).toMatch(/must not loop/);
    expect(detailsOf(() => validateWorkflow({ trigger: { type: 'manual' }, steps: [generate('a'), generate('b')] }, 1)).steps[0]).toMatch(
      /at most 1 steps/,
    );
  });

  it('reads a schedule in its time zone: a bad cron or zone is named', () => {
    expect(() =>
      validateWorkflow({ trigger: { type: 'schedule', cron: '0 9 * * 1', time_zone: 'Asia/Seoul' }, steps: [generate('a')] }, 10),
    ).not.toThrow();
    expect(
      detailsOf(() =>
        validateWorkflow({ trigger: { type: 'schedule', cron: '0 9 * * 1', time_zone: 'Mars/Olympus' }, steps: [generate('a')] }, 10),
      ),
    ).toHaveProperty(['trigger.time_zone']);
    expect(
      detailsOf(() => validateWorkflow({ trigger: { type: 'schedule', cron: '0 25 * * *' }, steps: [generate('a')] }, 10)),
    ).toHaveProperty(['trigger.cron']);
  });

  it("checks a task's params as its step type takes them", () => {
    expect(() => validateTaskParams('ai.translate', { text: 'hola', target_language: 'English' })).not.toThrow();
    expect(detailsOf(() => validateTaskParams('ai.extract', { text: 't', fields: ['Not A Field'] }))).toHaveProperty(['params.fields[0]']);
  });
});
