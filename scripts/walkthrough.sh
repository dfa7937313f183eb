#!/usr/bin/env bash
# The README's worked session: walks one digigreen-planning plan to readyForTender against a running
# server (API=http://localhost:3000 by default) with development tokens. Needs curl and jq.
set -euo pipefail
cd "$(dirname "$0")/.."
API="${API:-http://localhost:3000}"
OFFICER=$(npm run -s token -- --role officer --org city-of-espoo --sub anna --name "Anna Virtanen")
MANAGER=$(npm run -s token -- --role manager --org city-of-espoo --sub maija --name "Maija Korhonen")

PLAN=$(curl -fsS -X POST "$API/procurements" -H "Authorization: Bearer $OFFICER" -H 'Content-Type: application/json' -d '{
  "title": "Refurbished laptops for schools",
  "description": "Laptops for 3,000 pupils with take-back, repair and data-wiping services.",
  "cpvCode": "30213100-6",
  "estimatedValue": { "amount": 1200000, "currency": "EUR" },
  "workflowId": "digigreen-planning"
}' | jq -r .id)
echo "plan $PLAN"

send() { curl -s -X POST "$API/procurements/$PLAN/events" -H "Authorization: Bearer $1" \
              -H 'Content-Type: application/json' -d "$2" | jq -c '{stage, version, message, unmet}'; }

send "$OFFICER" '{"type":"START_NEEDS_ASSESSMENT"}'
send "$OFFICER" '{"type":"COMPLETE_NEEDS_ASSESSMENT"}'
send "$OFFICER" '{"type":"RECORD_NEEDS","need":"Durable laptops for pupils","usersConsulted":["teachers","pupils"],"strategicGoals":["carbon neutral by 2030"],"rationale":"Refurbished devices halve embodied carbon."}'
send "$OFFICER" '{"type":"COMPLETE_NEEDS_ASSESSMENT"}'
send "$OFFICER" '{"type":"RECORD_MARKET_ANALYSIS","knownSuppliers":7,"solutions":["refurbished laptops","device as a service"],"maturity":"mature"}'
send "$OFFICER" '{"type":"PUBLISH_ENGAGEMENT_NOTICE","title":"Market dialogue: laptops","description":"RFI and supplier day.","process":"RFI, supplier day, one-to-one meetings."}'
send "$OFFICER" '{"type":"START_MARKET_DIALOGUE"}'
send "$OFFICER" '{"type":"PUBLISH_DIALOGUE_SUMMARY","summary":"Grade-A refurbished devices with 3-year warranty are available.","inputUse":"Warranty and battery criteria added."}'
send "$OFFICER" '{"type":"SKIP_CO_DEVELOPMENT","reason":"Mature market; no pilot needed."}'
send "$OFFICER" '{"type":"RECORD_SUSTAINABILITY_STRATEGY","goals":[{"code":"environmental.circularEconomy","strategy":"Refurbished devices with take-back."}]}'
send "$OFFICER" '{"type":"COMPLETE_CRITERIA"}'
curl -fsS -X PUT "$API/procurements/$PLAN/criteria" -H "Authorization: Bearer $OFFICER" -H 'Content-Type: application/json' -d '{"criteria":[
  {"kind":"awardCriteria","title":"Price","text":"Lowest price gets full points.","verification":"Price form.","weight":70,"subjectLink":"Price of the devices."},
  {"templateId":"ict-refurbished-share","weight":30},
  {"templateId":"ict-durability-warranty"}]}' | jq -c '{awardWeightTotal}'
send "$OFFICER" '{"type":"COMPLETE_CRITERIA"}'
send "$OFFICER" '{"type":"SELECT_PROCEDURE","procedure":"open","rationale":"Mature market with many suppliers."}'
send "$OFFICER" '{"type":"REQUEST_APPROVAL"}'
send "$MANAGER" '{"type":"APPROVE","comment":"Well prepared."}'

curl -fsS "$API/procurements/$PLAN" -H "Authorization: Bearer $OFFICER" | jq -c '{stage, version, allowedNow: [.transitions[] | select(.allowed) | .event]}'
curl -fsS "$API/procurements/$PLAN/history/verify" -H "Authorization: Bearer $OFFICER" | jq -c .
