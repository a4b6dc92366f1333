import type { TemplateView } from '@sf/contracts';

/**
 * The built-in workflows. `{{params.<name>}}` is replaced by the caller's value when the workflow
 * is made; `{{trigger...}}` and `{{steps...}}` stay, filled in when each step runs.
 */
export const TEMPLATES: readonly TemplateView[] = [
  {
    id: 'booking-thank-you',
    name: 'Post a booking thank-you',
    description: 'When one of your CooCook bookings is confirmed, writes a short thank-you note and sends it to you as a notification.',
    category: 'coocook',
    params: [
      { name: 'tone', description: 'How the note sounds', required: false, default: 'warm' },
      { name: 'signature', description: 'Who the note is from', required: false, default: 'Your chef' },
    ],
    trigger: { type: 'event', event: 'booking.confirmed' },
    steps: [
      {
        id: 'thank_you',
        type: 'ai.generate',
        params: {
          system: 'You write short, {{params.tone}} thank-you notes for private chef bookings. Two sentences at most.',
          prompt:
            'Thank-you note for the booking on {{trigger.data.booking_date}} ({{trigger.data.duration_hours}} hours), signed {{params.signature}}',
        },
      },
      { id: 'send', type: 'notify', params: { title: 'Booking thank-you ready', body: '{{steps.thank_you.output.text}}' } },
    ],
  },
  {
    id: 'translate-new-recipe',
    name: 'Translate a new recipe to English',
    description: 'When you publish a recipe, translates its title and description and sends you the translation.',
    category: 'coocook',
    params: [{ name: 'language', description: 'The language to translate into', required: false, default: 'English' }],
    trigger: { type: 'event', event: 'recipe.published' },
    steps: [
      {
        id: 'translate',
        type: 'ai.translate',
        params: { text: '{{trigger.data.title}}\n{{trigger.data.description}}', target_language: '{{params.language}}' },
      },
      { id: 'send', type: 'notify', params: { title: 'Recipe translated', body: '{{steps.translate.output.text}}' } },
    ],
  },
  {
    id: 'daily-review-summary',
    name: 'Summarise new reviews daily',
    description: 'Every day at the hour you choose (in your time zone), fetches your reviews from a URL and sends you a summary.',
    category: 'reviews',
    params: [
      { name: 'reviews_url', description: 'An https URL answering your latest reviews (JSON or text)', required: true, default: null },
      { name: 'cron', description: 'When to run (cron, five fields)', required: false, default: '0 9 * * *' },
      {
        name: 'time_zone',
        description: "The IANA time zone the cron is read in (empty: the user's, from their preferences)",
        required: false,
        default: '',
      },
    ],
    trigger: { type: 'schedule', cron: '{{params.cron}}', time_zone: '{{params.time_zone}}' },
    steps: [
      { id: 'fetch', type: 'http.request', params: { url: '{{params.reviews_url}}', method: 'GET' } },
      {
        id: 'summary',
        type: 'ai.generate',
        params: {
          system: 'Summarise these customer reviews in three bullet points: what people like, what they dislike, what to do next.',
          prompt: 'Reviews of the last day:\n{{steps.fetch.output.body}}',
        },
      },
      { id: 'send', type: 'notify', params: { title: 'Your daily review summary', body: '{{steps.summary.output.text}}' } },
    ],
  },
];
