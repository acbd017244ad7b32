#!/bin/bash
# Start to first served request (issue 14, goal 3): starts the Release build N times against a PostgreSQL that is
# already up and times, from the process's start, the first answer of GET /health/live and of a first API read
# (GET /api/consultations: routing, Wolverine's endpoint, Marten's query). Usage:
#   bench/start-time.sh CONNECTION_STRING [runs=5] [extra environment, e.g. Wolverine__TypeLoadMode=Auto ...]
# Build first: dotnet build -c Release src/Consultation
set -u
cs=$1; runs=${2:-5}; shift; shift || true
root=$(cd "$(dirname "$0")/.." && pwd)
# START_DLL: another build of the app, e.g. a published folder (dotnet publish -c Release -o DIR). The app runs from
# its own folder, as a deployed one does (the container's WORKDIR): its appsettings.json is the one read.
dll=${START_DLL:-$root/src/Consultation/bin/Release/net10.0/Consultation.dll}
cd "$(dirname "$dll")" || exit 1
port=$((20000 + RANDOM % 20000))
for i in $(seq 1 "$runs"); do
  start=$(date +%s%N)
  env "$@" ASPNETCORE_ENVIRONMENT=${START_ENVIRONMENT:-Production} ConnectionStrings__Consultation="$cs" \
    dotnet "$dll" --urls "http://127.0.0.1:$port" > /tmp/start-time-$$.log 2>&1 &
  pid=$!
  live=""; api=""; cpu=""
  for _ in $(seq 1 3000); do
    if [ -z "$live" ] && curl -s -o /dev/null -m 1 "http://127.0.0.1:$port/health/live"; then live=$(( ($(date +%s%N) - start) / 1000000 )); fi
    if [ -n "$live" ]; then
      code=$(curl -s -o /dev/null -m 10 -w '%{http_code}' "http://127.0.0.1:$port/api/consultations")
      api=$(( ($(date +%s%N) - start) / 1000000 ))
      # The process's own CPU time (user + system) up to that answer: what the start costs, less sensitive to the
      # other work on the machine than the wall-clock figures.
      cpu=$(awk -v hz="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / hz) }' "/proc/$pid/stat"); break
    fi
    sleep 0.01
  done
  echo "run $i: first /health/live ${live:-none} ms; first GET /api/consultations ($code) ${api:-none} ms; CPU ${cpu:-?} ms; load $(cut -d' ' -f1 /proc/loadavg)"
  kill "$pid"; wait "$pid" 2>/dev/null
done
