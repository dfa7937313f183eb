#!/usr/bin/env bash
# Starts the built service exactly as `npm start` does, with no environment configuration, in an
# empty folder, and checks that it serves /health and /docs and created its SQLite file.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$(mktemp -d)"
port="${SMOKE_PORT:-3000}"
log="$scratch/server.log"

node "$repo/scripts/build-if-needed.js"
(cd "$scratch" && exec env -u DATABASE_URL -u SQLITE_PATH -u AUTH_JWT_SECRET -u PORT node "$repo/dist/src/main.js" >"$log" 2>&1) &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$scratch"' EXIT

for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  sleep 0.5
done
health="$(curl -fsS "http://127.0.0.1:$port/health")" || { cat "$log"; exit 1; }
echo "$health" | grep -q '"status":"ok"' || { echo "unhealthy: $health"; exit 1; }
curl -fsS "http://127.0.0.1:$port/docs" | grep -qi 'swagger' || { echo '/docs does not serve Swagger UI'; cat "$log"; exit 1; }
curl -fsS "http://127.0.0.1:$port/docs-json" | grep -q '"openapi"' || { echo '/docs-json has no OpenAPI document'; exit 1; }
test -s "$scratch/data/procurement.sqlite" || { echo 'no SQLite file under ./data'; exit 1; }
# The web console: / sends to /app/, every /app/… page is the console's index.html, its assets are served.
test "$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$port/")" = "302 http://127.0.0.1:$port/app/" || { echo '/ does not redirect to /app/'; exit 1; }
page="$(curl -fsS "http://127.0.0.1:$port/app/plans/some-plan")" || { echo '/app/… is not served'; exit 1; }
script="$(echo "$page" | grep -o '/app/assets/[^"]*\.js' | head -1)"
test -n "$script" || { echo 'the console page names no script'; exit 1; }
curl -fsS -o /dev/null "http://127.0.0.1:$port$script" || { echo "the console's script $script is not served"; exit 1; }
curl -fsS "http://127.0.0.1:$port/auth/config" | grep -q '"mode":"development"' || { echo '/auth/config does not offer development sign-in'; exit 1; }
echo "smoke: the console is served at /app/ with its assets; development sign-in offered"
echo "smoke: /health ok, /docs and /docs-json served, data/procurement.sqlite created"

# The CLI scripts start the application without an HTTP server: seed a second database and verify a seeded chain.
seeded="$scratch/seeded"
(cd "$scratch" && env -u DATABASE_URL SQLITE_PATH="$seeded/procurement.sqlite" node "$repo/dist/src/cli/seed.js" --plans 30 >"$scratch/seed.log" 2>&1) || { echo 'npm run seed failed'; cat "$scratch/seed.log"; exit 1; }
grep -q 'Seeded 30 plans' "$scratch/seed.log" || { echo 'the seeder did not report 30 plans'; cat "$scratch/seed.log"; exit 1; }
echo "smoke: the seed CLI filled a database with 30 plans"
