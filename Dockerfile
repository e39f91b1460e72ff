# One image for the four services and the dashboard; SERVICE picks which one runs.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY nest-cli.json tsconfig.json .swcrc ./
COPY apps apps
COPY libs libs
COPY scripts/build-snippet.js scripts/build-snippet.js
RUN node scripts/build-snippet.js && npx vite build --config apps/dashboard/web/vite.config.mts \
  && for app in tracking webhook-ingest attribution commissions dashboard; do npx nest build "$app"; done && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY package.json ./
USER node
# SERVICE: tracking | webhook-ingest | attribution | commissions | dashboard
CMD ["sh", "-c", "exec node dist/apps/${SERVICE:?set SERVICE to tracking, webhook-ingest, attribution, commissions or dashboard}/main.js"]
