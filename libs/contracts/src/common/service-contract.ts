import { EndpointDefinition, isEndpoint } from './endpoint';
import { ConsumerDefinition, EventCatalogue, isEventCatalogue, isEventConsumer } from './events';
import { InternalDefinition, isInternal, pingOf } from './internal';

/**
 * Everything one service declares, gathered from its contract modules: the endpoints it serves,
 * the internal calls it answers (its ping included), the events it publishes and the events it
 * reads. Nothing here is listed by hand: a declaration exported from one of the modules is in.
 */
export interface ServiceContract {
  name: string;
  endpoints: EndpointDefinition<unknown, unknown, unknown>[];
  internals: InternalDefinition[];
  events: EventCatalogue<Record<string, unknown>> | null;
  consumers: ConsumerDefinition[];
}

/** Builds a service's contract from its contract modules (`import * as x from './x.contract'`). */
export function serviceContract(name: string, modules: object[]): ServiceContract {
  const values = modules.flatMap((m) => Object.values(m) as unknown[]);
  const endpoints = values.filter(isEndpoint);
  const internals = [pingOf(name), ...values.filter(isInternal)];
  const catalogues = values.filter(isEventCatalogue);
  const consumers = values.filter(isEventConsumer);
  const problems = [
    ...[...endpoints, ...internals].filter((d) => !d.subject.startsWith(`${name}.`)).map((d) => `${d.subject} is not under ${name}.`),
    ...catalogues.filter((c) => c.service !== name).map((c) => `events of ${c.service} declared in ${name}`),
    ...consumers.filter((c) => c.service !== name).map((c) => `consumer ${c.name} of ${c.service} declared in ${name}`),
    ...(catalogues.length > 1 ? [`${name} declares ${catalogues.length} event catalogues`] : []),
  ];
  if (problems.length) throw new Error(`contract of ${name}: ${problems.join('; ')}`);
  return { name, endpoints, internals, events: (catalogues[0] as ServiceContract['events']) ?? null, consumers };
}

/** Subjects a service must answer: its endpoints' and its internal calls'. */
export function handledSubjects(contract: ServiceContract): string[] {
  return [...new Set([...contract.endpoints.map((e) => e.subject), ...contract.internals.map((i) => i.subject)])].sort();
}
