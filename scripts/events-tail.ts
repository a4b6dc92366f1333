// Prints domain events as they flow, for a person debugging:
//   npm run events:tail -- [--since 15m] [--subject 'events.auth.>'] [--deadletter]
import { DeliverPolicy, jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { DEFAULT_NATS_URL } from '@sf/config';
import { deadLetterStreamName, eventsStreamName } from '@sf/events/streams';

const SECRET_KEYS = /token|secret|password|key$/i;

/** Event data with anything secret-looking masked: a terminal is not a safe place for tokens. */
function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value === 'string') return value.replace(/(token|key|secret)=[^&\s]+/gi, '$1=[redacted]');
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.test(k) ? '[redacted]' : redact(v)]));
  }
  return value;
}

function sinceMs(text: string): number {
  const match = /^(\d+)(s|m|h|d)$/.exec(text);
  if (!match) throw new Error(`--since takes a duration like 30s, 15m, 2h or 1d, not "${text}"`);
  return Number(match[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 's' | 'm' | 'h' | 'd'];
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const prefix = process.env.NATS_SUBJECT_PREFIX ?? '';
  const deadLetter = args.includes('--deadletter');
  const subject = prefix + (option('--subject') ?? (deadLetter ? 'deadletter.>' : 'events.>'));
  const since = option('--since');
  const nc = await connect({ servers: (process.env.NATS_URL ?? DEFAULT_NATS_URL).split(','), name: 'events-tail' });
  const stream = deadLetter ? deadLetterStreamName({ subjectPrefix: prefix }) : eventsStreamName({ subjectPrefix: prefix });
  const consumer = await jetstream(nc).consumers.get(stream, {
    filter_subjects: subject,
    ...(since
      ? { deliver_policy: DeliverPolicy.StartTime, opt_start_time: new Date(Date.now() - sinceMs(since)).toISOString() }
      : { deliver_policy: DeliverPolicy.New }),
  });
  process.stderr.write(`tailing ${subject} on ${stream}${since ? ` since ${since} ago` : ''}; Ctrl-C to stop\n`);
  process.on('SIGINT', () => void nc.close().then(() => process.exit(0)));
  for await (const msg of await consumer.consume()) {
    let line: string;
    try {
      const event = msg.json<{ id: string; type: string; subject: string; time: string; data: unknown }>();
      line = `${event.time} ${msg.subject} id=${event.id} subject=${event.subject} ${JSON.stringify(redact(event.data))}`;
    } catch {
      line = `${new Date().toISOString()} ${msg.subject} (not JSON, ${msg.data.length} bytes)`;
    }
    const why = msg.headers?.get('SF-Error');
    process.stdout.write(`${line}${why ? ` error=${JSON.stringify(why)} deliveries=${msg.headers?.get('SF-Deliveries')}` : ''}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`events:tail: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
