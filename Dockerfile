# One image for api, worker and the migration job; the command picks the role.
# Node 24: the current LTS (keep equal to NODE24_VERSION in scripts/test-node24.sh and NODE_MAJOR in topology-plan.ts).
FROM node:24.22.3-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:24.22.3-bookworm-slim
ENV NODE_ENV=production WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js WEBHOOK_WORKFLOW_BUNDLE_PATH=/app/dist/webhook-workflow-bundle.js
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000 9464
CMD ["node", "dist/apps/api/src/main.js"]
