import { fill, fillParams, fillTemplateParams, RunScope } from './templating';

const scope: RunScope = {
  trigger: { type: 'event', event_type: 'booking.confirmed', subject: 'b-1', data: { booking_date: '2031-03-15', guests: 4 } },
  steps: { draft: { output: { text: 'Thanks!', tags: ['a', 'b'] } } },
};

describe('step params templating', () => {
  it('fills trigger data, earlier outputs and the subject; what names nothing becomes empty', () => {
    expect(fill('On {{ trigger.data.booking_date }} for {{trigger.data.guests}}: {{steps.draft.output.text}}', scope)).toBe(
      'On 2031-03-15 for 4: Thanks!',
    );
    expect(fill('{{trigger.subject}}|{{steps.draft.output.tags}}|{{steps.none.output.text}}|{{constructor}}', scope)).toBe(
      'b-1|["a","b"]||',
    );
  });

  it('fills nested strings and leaves numbers alone', () => {
    expect(
      fillParams({ headers: { 'x-day': '{{trigger.data.booking_date}}' }, seconds: 5, labels: ['{{steps.draft.output.text}}'] }, scope),
    ).toEqual({
      headers: { 'x-day': '2031-03-15' },
      seconds: 5,
      labels: ['Thanks!'],
    });
  });

  it("puts a template's params in and keeps the run's placeholders for later", () => {
    expect(fillTemplateParams({ prompt: '{{params.tone}} note for {{trigger.data.booking_date}}' }, { tone: 'warm' })).toEqual({
      prompt: 'warm note for {{trigger.data.booking_date}}',
    });
  });
});
