import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
// Where @Type() decorators are kept, so nested views become $refs; not in the package's exports map.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: MetadataStorage };
import { targetConstructorToSchema, validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { ClassOf, EndpointDefinition } from '@sf/contracts';
import { STATUS_BY_CODE } from '../http/error-response';
import { CURRENT_API_VERSION, versionedPath } from '../routing/api-version';
import { routesOf } from '../routing/endpoint-router';

/** The version of the document (what changed in it, not the path version `v1`). */
export const API_VERSION = '2.1.0';

type Endpoint = EndpointDefinition<unknown, unknown, unknown>;
type Json = Record<string, unknown>;

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed JSON or wrong content type',
  401: 'Missing, invalid, expired or revoked credentials',
  403: 'Not allowed (role, permission, API-key scope)',
  404: 'No such resource',
  409: 'Conflict',
  413: 'Body too large',
  422: 'Invalid fields; `details` names each',
  429: 'Rate limit exceeded; see Retry-After',
  503: 'The owning service is unavailable',
};

function schemaOf(type: ClassOf<unknown>): Json {
  return targetConstructorToSchema(type, {
    classTransformerMetadataStorage: defaultMetadataStorage,
    refPointerPrefix: '#/components/schemas/',
  }) as Json;
}

function parameters(type: ClassOf<unknown> | undefined, where: 'path' | 'query', pathNames: string[]): Json[] {
  const properties = type ? ((schemaOf(type).properties ?? {}) as Record<string, Json>) : {};
  const required = type ? ((schemaOf(type).required ?? []) as string[]) : [];
  const names = where === 'path' ? pathNames : Object.keys(properties);
  return names.map((name) => ({
    name,
    in: where,
    required: where === 'path' || required.includes(name),
    schema: properties[name] ?? { type: 'string' },
  }));
}

/** The OpenAPI 3.1 document, built from the same declarations the routes are. */
export function buildOpenApiDocument(endpoints: readonly Endpoint[], options: { demoMode: boolean; version: string }): Json {
  const schemas: Json = {
    ...validationMetadatasToSchemas({ classTransformerMetadataStorage: defaultMetadataStorage, refPointerPrefix: '#/components/schemas/' }),
    ErrorResponse: {
      type: 'object',
      required: ['error', 'meta'],
      properties: {
        error: {
          type: 'object',
          required: ['code', 'message', 'details'],
          properties: {
            code: { type: 'string', enum: Object.keys(STATUS_BY_CODE) },
            message: { type: 'string' },
            details: { type: ['object', 'null'], additionalProperties: true },
          },
        },
        meta: { type: 'object', properties: { request_id: { type: 'string' }, timestamp: { type: 'string', format: 'date-time' } } },
      },
    },
  };
  const paths: Record<string, Json> = {};
  for (const endpoint of endpoints) {
    if (endpoint.demoOnly && !options.demoMode) continue;
    for (const route of routesOf(endpoint).filter((r) => r.documented)) {
      const openApiPath = route.path.replace(/:(\w+)/g, '{$1}');
      const pathNames = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]);
      const isPublic = endpoint.access.kind === 'public';
      // A public endpoint that still reads credentials sent (to know who asks): optional auth.
      const identifies = endpoint.access.kind === 'public' && !!endpoint.access.identifies;
      const acceptsKeys = identifies || (endpoint.access.kind === 'user' && endpoint.access.apiKeys !== false && !!endpoint.access.scope);
      const writes = route.method !== 'GET' && route.method !== 'DELETE';
      // What the gateway itself can answer to any request of this shape: a malformed URL or body
      // (400), something it names that does not exist (404), a body over the limit (413).
      const errorStatuses = new Set<number>([
        400,
        ...(pathNames.length || endpoint.body || endpoint.query ? [404] : []),
        ...(writes ? [413, 422] : []),
        ...(endpoint.body || endpoint.query ? [422] : []),
        ...(isPublic && !identifies ? [] : [401, 403]),
        ...(endpoint.rateLimit === 'none' ? [] : [429]),
        503,
        ...(endpoint.errors ?? []),
      ]);
      const responses: Json = {
        [endpoint.redirect ? 302 : endpoint.status]: endpoint.binary
          ? { description: 'The document', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } }
          : endpoint.publishedObject
            ? {
                description: 'The published page (ETag, Content-Security-Policy)',
                content: { 'text/html': { schema: { type: 'string' } } },
              }
            : endpoint.redirect
              ? { description: 'Redirect to the resource (Location)' }
              : endpoint.response
                ? {
                    description: 'Success',
                    content: { 'application/json': { schema: { $ref: `#/components/schemas/${endpoint.response.name}` } } },
                  }
                : { description: endpoint.status === 204 ? 'No content' : 'Success' },
      };
      if (endpoint.publishedObject) responses[304] = { description: 'Not modified: the If-None-Match ETag is the live version' };
      for (const status of [...errorStatuses].sort()) {
        responses[status] = {
          description: ERROR_DESCRIPTIONS[status] ?? 'Error',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } },
        };
      }
      // A browser sending the form (urlencoded, Accept: text/html) gets each answer as a page.
      if (endpoint.formBody)
        for (const response of Object.values(responses) as { content?: Json }[])
          if (response.content) response.content['text/html'] = { schema: { type: 'string' } };
      const operation: Json = {
        operationId: `${route.method.toLowerCase()}${route.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
        summary: endpoint.summary,
        ...(endpoint.description ? { description: endpoint.description } : {}),
        tags: [endpoint.tag],
        'x-nats-subject': endpoint.subject,
        parameters: [...parameters(endpoint.params, 'path', pathNames), ...parameters(endpoint.query, 'query', [])],
        responses,
        // `{}` first: no credentials at all is also accepted.
        security:
          isPublic && !identifies
            ? []
            : [...(identifies ? [{}] : []), { bearerAuth: [] }, ...(acceptsKeys ? [{ apiKeyHeader: [] }, { apiKeyQuery: [] }] : [])],
      };
      // The permission the caller's roles (or an override) must grant, as RBAC names it.
      if (endpoint.access.kind === 'user' && endpoint.access.permission) operation['x-permission'] = endpoint.access.permission;
      if (route.alias || endpoint.deprecated) operation.deprecated = true;
      // SDKs name the endpoint once, by its own path.
      if (route.alias) operation['x-alias-of'] = `${endpoint.method} ${versionedPath(endpoint.path).replace(/:(\w+)/g, '{$1}')}`;
      if (endpoint.deprecated) {
        operation['x-sunset'] = endpoint.deprecated.sunset;
        operation.description = `Deprecated: served until ${endpoint.deprecated.sunset}; use ${endpoint.deprecated.replacement} instead.`;
      }
      if (endpoint.idempotent)
        (operation.parameters as Json[]).push({
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'Repeats with the same key (per caller, for 24 hours) return the first answer, even while it is still being made; the same key with another request is a 422.',
          schema: { type: 'string', maxLength: 200 },
        });
      if (endpoint.servedBy === 'upload') {
        // Streamed multipart: the file part plus the form fields the summary names.
        operation.requestBody = {
          required: true,
          content: {
            'multipart/form-data': {
              schema: {
                type: 'object',
                required: ['file'],
                properties: { file: { type: 'string', format: 'binary' } },
                additionalProperties: { type: 'string' },
              },
            },
          },
        };
      } else if (endpoint.servedBy === 'webhook') {
        operation.requestBody = { required: true, content: { 'application/json': { schema: { type: 'object' } } } };
      } else if (endpoint.body) {
        operation.requestBody = {
          required: true,
          content: {
            'application/json': { schema: { $ref: `#/components/schemas/${endpoint.body.name}` } },
            // The HTML form itself: its fields, flat, become the body's `formBody` object.
            ...(endpoint.formBody
              ? { 'application/x-www-form-urlencoded': { schema: { type: 'object', additionalProperties: { type: 'string' } } } }
              : {}),
          },
        };
      }
      paths[openApiPath] = { ...(paths[openApiPath] ?? {}), [route.method.toLowerCase()]: operation };
      // The version-less path the seeds' clients call: listed too (path tools and clients that read
      // the document find it), as an alias of the canonical operation that SDKs skip.
      const unversioned = route.path.replace(/^\/api\/v\d+\//, '/api/').replace(/:(\w+)/g, '{$1}');
      if (unversioned !== openApiPath) {
        paths[unversioned] = {
          ...(paths[unversioned] ?? {}),
          [route.method.toLowerCase()]: {
            ...operation,
            operationId: `${operation.operationId as string}Unversioned`,
            description: `The version-less alias of ${route.method} ${openApiPath} (the current version).`,
            'x-alias-of': operation['x-alias-of'] ?? `${route.method} ${openApiPath}`,
          },
        };
      }
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'SoftFactory API',
      version: options.version,
      description:
        `The public REST API of the SoftFactory platform. Errors share one shape (ErrorResponse). ` +
        `Paths are documented at their canonical /api/v${CURRENT_API_VERSION}/... form, and listed again at /api/... ` +
        `(the current version) as aliases (x-alias-of). Accept-Version: ${CURRENT_API_VERSION} is accepted; another version is a 400.`,
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        apiKeyHeader: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'ApiKey <key>' },
        apiKeyQuery: { type: 'apiKey', in: 'query', name: 'api_key' },
      },
    },
  };
}
