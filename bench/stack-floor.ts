// The memory floor of the stack every service is built on: a process that loads the packages the
// design prescribes (Nest with its NATS microservice and Fastify adapters, terminus, TypeORM over
// pg, the NATS client with JetStream, class-validator and class-transformer) and the logger and
// metrics every process has, then serves nothing. Its idle RSS, read beside the services' in
// `npm run bench`, is what a service costs before a line of its own code. It runs the collection
// an idle service's trim runs (libs/observability) once, 3 s after loading.
//   node --expose-gc dist/bench/stack-floor.js
import '@nestjs/common';
import '@nestjs/core';
import '@nestjs/microservices';
import '@nestjs/platform-fastify';
import '@nestjs/terminus';
import '@nestjs/typeorm';
import 'typeorm';
import 'pg';
import '@nats-io/transport-node';
import '@nats-io/jetstream';
import 'class-validator';
import 'class-transformer';
import 'pino';
import 'prom-client';

// Loaded: the bench starts the fleet only now, so this load does not slow the fleet's cold start.
process.send?.('stack-floor:loaded');
const collect = (globalThis as { gc?: (options: object) => void }).gc;
setTimeout(() => collect?.({ type: 'major', execution: 'sync', flavor: 'last-resort' }), 3000);
setInterval(() => undefined, 1 << 30);
