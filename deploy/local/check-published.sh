#!/usr/bin/env bash
# What deploy/container/Dockerfile does, in a folder (no container engine needed), then the published app run as a
# non-root user (nobody) with Wolverine__TypeLoadMode=Static, on a private PostgreSQL cluster. Run as root from the
# repository: deploy/local/check-published.sh
set -euo pipefail
W=${W:-/tmp/consultation-image-check}
rm -rf $W/src $W/app $W/home $W/pg
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
mkdir -p $W/src
tar --exclude='bin' --exclude='obj' --exclude='node_modules' --exclude='Internal' -cf - global.json Directory.Build.props Directory.Packages.props seeds src | tar -xf - -C $W/src
cd $W/src
dotnet restore src/Consultation/Consultation.csproj -r linux-x64 -p:PublishReadyToRun=true -v quiet
dotnet build src/Consultation/Consultation.csproj -c Release --no-restore -v quiet --nologo
(cd src/Consultation && ConnectionStrings__Consultation="Host=127.0.0.1;Port=1;Database=codegen" dotnet bin/Release/net10.0/Consultation.dll codegen write | tail -1)
test -f src/Consultation/Internal/Generated/WolverineHandlers/GeneratedHandlerRegistry.cs
dotnet publish src/Consultation/Consultation.csproj -c Release --no-restore -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o $W/app -v quiet --nologo
mkdir -p $W/home $W/pg && chown nobody $W/home $W/pg && chmod -R o+rX $W/app
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
cd $W/app
runuser -u nobody -- env HOME=$W/home DOTNET_CLI_HOME=$W/home ASPNETCORE_ENVIRONMENT=Production Wolverine__TypeLoadMode=Static \
  LocalDatabase__DataDirectory=$W/pg/data Logging__Console__FormatterName=simple \
  dotnet Consultation.dll --urls http://127.0.0.1:$PORT > $W/run.log 2>&1 &
APP=$!
for i in $(seq 1 240); do curl -sf http://127.0.0.1:$PORT/health/ready >/dev/null && break; sleep 1; done
echo "ready: $(curl -s http://127.0.0.1:$PORT/health/ready)"
echo "user: $(ps -o user= -p $(pgrep -P $APP -f Consultation.dll || echo $APP) 2>/dev/null || true)"
ps -o user=,pid=,args= -C dotnet | grep Consultation.dll || true
echo "consultations: $(curl -s http://127.0.0.1:$PORT/api/consultations | head -c 120)"
echo "runtime compilation in the log: $(grep -ci 'roslyn\|compil' $W/run.log || true)"
grep -i "critical\|crit:" $W/run.log | head -3 || true
pkill -TERM -P $APP -f Consultation.dll || true; wait $APP || true
runuser -u nobody -- /usr/lib/postgresql/15/bin/pg_ctl -D $W/pg/data -m fast stop >/dev/null 2>&1 || true
