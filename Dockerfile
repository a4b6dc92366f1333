# syntax=docker/dockerfile:1
# One image for every app; the container command chooses which one runs, e.g.
#   node dist/apps/gateway/src/main.js | node dist/apps/auth/src/main.js | node dist/scripts/migrate.js

# Node 24 LTS, pinned by the digest of the multi-platform index (24.18.1, published 2026-07-30):
# a rebuild gets the same bytes; bumping it is a reviewed change (ADR 0001).
FROM node:24-bookworm-slim@sha256:235600a8101ab264e117b1768e925532262668dc9b581ef1dd7d96ced463b8e7 AS build
WORKDIR /app
# argon2 and sharp ship prebuilt binaries (glibc, hence bookworm rather than alpine); the toolchain is only a fallback for platforms without one.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
# Dependencies first, so source edits do not invalidate the npm ci layer.
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci
COPY . .
# The `node` dev dependency (the runtime pin for npm scripts outside containers) goes with the prune.
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim@sha256:235600a8101ab264e117b1768e925532262668dc9b581ef1dd7d96ced463b8e7 AS runtime
ENV NODE_ENV=production
# Memory and CPU per service (npm run bench reads these lines and runs every app with them): V8's
# young generation grows to 8 MB semi-spaces under load instead of 16 (every process shrinks it
# again when idle, libs/observability's idle trim; 1 MB cost 15-35 % more CPU per request in
# collections and promotions), and one malloc arena, so the native memory argon2 and other native
# work free gathers where the idle trim's malloc_trim can return it (ADR 0012).
ENV NODE_OPTIONS="--max-semi-space-size=8" MALLOC_ARENA_MAX=1
WORKDIR /app
# Root-owned and read-only for the app user: the code cannot be modified at run time.
# package.json is needed at run time: it tells Node how to load dist/ (module type).
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# uid 1000; Kubernetes manifests set runAsUser: 1000 because runAsNonRoot cannot verify a user name.
USER node
# gateway HTTP; health ports of auth, payment, storage, coocook, platform, notifications, admin,
# sns, review, automation; the local Stripe, SMTP, platforms and AI stand-ins.
EXPOSE 8000 8101 8102 8103 8104 8105 8106 8107 8108 8109 8110 12111 2525 8025 8300 8310
CMD ["node", "dist/apps/gateway/src/main.js"]
