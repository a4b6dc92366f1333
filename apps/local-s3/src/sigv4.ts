import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { S3Error } from './s3-error';

/** The one key pair this server accepts, and its region. */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

/** What a verified request says about its body: the hash it promised, or how it is framed. */
export interface VerifiedRequest {
  /** Hex SHA-256 the body must have, `UNSIGNED-PAYLOAD`, or a `STREAMING-...` framing. */
  payloadHash: string;
  presigned: boolean;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const MAX_PRESIGNED_SECONDS = 7 * 24 * 3600;
const MAX_SKEW_MS = 15 * 60 * 1000;

/** RFC 3986 percent-encoding, as SigV4 canonicalises query strings. */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new S3Error(400, 'InvalidArgument', 'Malformed query string');
  }
}

/** The raw query string as `[name, value]` pairs, decoded. */
export function queryPairs(rawQuery: string): [string, string][] {
  if (!rawQuery) return [];
  return rawQuery
    .split('&')
    .filter((p) => p.length > 0)
    .map((pair) => {
      const at = pair.indexOf('=');
      return at < 0 ? [decode(pair), ''] : [decode(pair.slice(0, at)), decode(pair.slice(at + 1))];
    });
}

export function canonicalQuery(pairs: [string, string][]): string {
  return pairs
    .filter(([name]) => name !== 'X-Amz-Signature')
    .map(([name, value]) => [uriEncode(name), uriEncode(value)])
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

function headerValue(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  if (value === undefined) throw new S3Error(403, 'SignatureDoesNotMatch', `Signed header ${name} is missing`);
  return (Array.isArray(value) ? value.join(',') : value).trim().replace(/\s+/g, ' ');
}

function sha256Hex(data: string): string {
  return createHash('sha256').update(data, 'utf8').digest('hex');
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** The SigV4 signature of a canonical request, for the given date, scope and secret. */
export function signature(secret: string, amzDate: string, scope: string[], canonicalRequest: string): string {
  const [date, region, service] = scope;
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
  const stringToSign = [ALGORITHM, amzDate, scope.join('/'), sha256Hex(canonicalRequest)].join('\n');
  return createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
}

function parseAmzDate(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) throw new S3Error(403, 'AccessDenied', 'X-Amz-Date is malformed');
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
}

interface Presented {
  accessKeyId: string;
  scope: string[];
  signedHeaders: string[];
  signature: string;
  amzDate: string;
  payloadHash: string;
  presigned: boolean;
  expiresSeconds?: number;
}

function fromAuthorizationHeader(authorization: string, headers: IncomingHttpHeaders): Presented {
  if (!authorization.startsWith(`${ALGORITHM} `))
    throw new S3Error(400, 'InvalidArgument', 'Only AWS4-HMAC-SHA256 signatures are supported');
  const fields = new Map<string, string>();
  for (const part of authorization.slice(ALGORITHM.length + 1).split(',')) {
    const at = part.indexOf('=');
    if (at > 0) fields.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  const credential = fields.get('Credential');
  const signed = fields.get('SignedHeaders');
  const sig = fields.get('Signature');
  if (!credential || !signed || !sig) throw new S3Error(400, 'AuthorizationHeaderMalformed', 'The authorization header is malformed');
  const amzDate = headers['x-amz-date'];
  if (typeof amzDate !== 'string') throw new S3Error(403, 'AccessDenied', 'X-Amz-Date header is required');
  const payloadHash = headers['x-amz-content-sha256'];
  if (typeof payloadHash !== 'string') throw new S3Error(400, 'InvalidRequest', 'Missing required header x-amz-content-sha256');
  const [accessKeyId, ...scope] = credential.split('/');
  return { accessKeyId, scope, signedHeaders: signed.split(';'), signature: sig, amzDate, payloadHash, presigned: false };
}

function fromQuery(query: Map<string, string>): Presented {
  if (query.get('X-Amz-Algorithm') !== ALGORITHM)
    throw new S3Error(400, 'InvalidArgument', 'Only AWS4-HMAC-SHA256 signatures are supported');
  const credential = query.get('X-Amz-Credential');
  const signed = query.get('X-Amz-SignedHeaders');
  const sig = query.get('X-Amz-Signature');
  const amzDate = query.get('X-Amz-Date');
  const expires = query.get('X-Amz-Expires');
  if (!credential || !signed || !sig || !amzDate || !expires || !/^\d+$/.test(expires))
    throw new S3Error(400, 'AuthorizationQueryParametersError', 'The presigned URL is missing a parameter');
  const [accessKeyId, ...scope] = credential.split('/');
  return {
    accessKeyId,
    scope,
    signedHeaders: signed.split(';'),
    signature: sig,
    amzDate,
    payloadHash: query.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD',
    presigned: true,
    expiresSeconds: Number(expires),
  };
}

/**
 * Checks a request's SigV4 signature (Authorization header or presigned query) against the one
 * key pair, with S3's rules: path used as sent, query canonicalised, signed headers as received,
 * presigned URLs valid at most 7 days. Throws the S3 error a real bucket would answer.
 */
export function verifyRequest(
  request: { method: string; rawPath: string; rawQuery: string; headers: IncomingHttpHeaders },
  credentials: Credentials,
  now = Date.now(),
): VerifiedRequest {
  const pairs = queryPairs(request.rawQuery);
  const query = new Map(pairs);
  const authorization = request.headers.authorization;
  let presented: Presented;
  if (typeof authorization === 'string') presented = fromAuthorizationHeader(authorization, request.headers);
  else if (query.has('X-Amz-Signature')) presented = fromQuery(query);
  else throw new S3Error(403, 'AccessDenied', 'Anonymous access is not allowed');

  if (presented.accessKeyId !== credentials.accessKeyId)
    throw new S3Error(403, 'InvalidAccessKeyId', 'The AWS access key id you provided does not exist in our records');
  const [date, region, service, terminator] = presented.scope;
  if (presented.scope.length !== 4 || service !== 's3' || terminator !== 'aws4_request' || date !== presented.amzDate.slice(0, 8))
    throw new S3Error(400, 'AuthorizationHeaderMalformed', 'The credential scope is malformed');
  if (region !== credentials.region)
    throw new S3Error(400, 'AuthorizationHeaderMalformed', `The region '${region}' is wrong; expecting '${credentials.region}'`);
  if (!presented.signedHeaders.includes('host')) throw new S3Error(403, 'AccessDenied', 'The host header must be signed');

  const signedAt = parseAmzDate(presented.amzDate);
  if (presented.presigned) {
    const expires = presented.expiresSeconds ?? 0;
    if (expires < 1 || expires > MAX_PRESIGNED_SECONDS)
      throw new S3Error(400, 'AuthorizationQueryParametersError', 'X-Amz-Expires must be between 1 and 604800 seconds');
    if (signedAt - now > MAX_SKEW_MS) throw new S3Error(403, 'AccessDenied', 'Request is not valid yet');
    if (now > signedAt + expires * 1000) throw new S3Error(403, 'AccessDenied', 'Request has expired');
  } else if (Math.abs(now - signedAt) > MAX_SKEW_MS) {
    throw new S3Error(403, 'RequestTimeTooSkewed', 'The difference between the request time and the current time is too large');
  }

  const canonicalHeaders = presented.signedHeaders.map((name) => `${name}:${headerValue(request.headers, name)}\n`).join('');
  const canonicalRequest = [
    request.method,
    request.rawPath,
    canonicalQuery(pairs),
    canonicalHeaders,
    presented.signedHeaders.join(';'),
    presented.payloadHash,
  ].join('\n');
  const expected = signature(credentials.secretAccessKey, presented.amzDate, presented.scope, canonicalRequest);
  const given = Buffer.from(presented.signature, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected, 'utf8')))
    throw new S3Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided');
  return { payloadHash: presented.payloadHash, presigned: presented.presigned };
}
