# syntax=docker/dockerfile:1
# One image for every app; docker-compose.yml picks the entry per service:
#   node dist/apps/api/src/main.js        node dist/apps/projector/src/main.js
#   node dist/apps/bot/src/main.js        node dist/apps/admin/src/main.js
# Node 22 (maintenance LTS until April 2027; Node 20 ended in April 2026), pinned by minor version so a
# rebuild takes its security patches; package.json's engines allow it. Both stages use the same base.

# ---------------------------------------------------------------- builder
FROM node:22.23-bookworm-slim AS builder
WORKDIR /app
ENV npm_config_fund=false \
    npm_config_audit=false \
    npm_config_update_notifier=false \
    SCARF_ANALYTICS=false

# dependencies first: this layer is reused while package*.json do not change
COPY package.json package-lock.json ./
RUN npm ci

# sources (.dockerignore keeps node_modules, dist, .data, firmware, .git out)
COPY . .
RUN npm run build && npm run build:web

# compiled code plus the static browser files of apps/*/web (swc does not copy them; the admin site's is built by Vite);
# apps that serve them look for apps/<app>/web relative to the working directory
RUN mkdir -p /out \
 && cp -r dist /out/dist \
 && find apps -mindepth 2 -maxdepth 2 -type d -name web -exec cp -r --parents {} /out/ \;

# ---------------------------------------------------------------- runtime
FROM node:22.23-bookworm-slim AS runtime
WORKDIR /app
# NODE_OPTIONS: the flags every server process runs with (SERVER_NODE_FLAGS in libs/platform/src/node-flags.ts)
ENV NODE_ENV=production \
    npm_config_fund=false \
    npm_config_audit=false \
    npm_config_update_notifier=false \
    SCARF_ANALYTICS=false \
    DATA_DIR=/app/.data \
    NODE_OPTIONS=--max-semi-space-size=32

# production dependencies only (devDependencies such as swc, jest and typescript stay in the builder)
COPY package.json package-lock.json ./
RUN npm ci --omit=dev \
 && npm cache clean --force \
 && mkdir -p /app/.data \
 && chown node:node /app/.data

COPY --from=builder /out/ ./

USER node
EXPOSE 3000
# the default entry; every service in docker-compose.yml sets its own command
CMD ["node", "dist/apps/api/src/main.js"]
