#!/usr/bin/env bash
# Runs every test of the project: the .NET solution (unit, server-over-stdio, Neovim) and the extension's tests.
# Prerequisites (.NET 10 SDK, Node 20, neovim, chromium): `.ci/run` installs them on a fresh Debian machine.
set -uo pipefail
cd "$(dirname "$0")/.."

results=$(mktemp -d)
status=0
dotnet test CodeAssist.sln -c Release --logger "trx" --results-directory "$results" || status=1

# One plain closing line over every runner.
read -r passed failed < <(python3 - "$results" <<'PY'
import sys, glob, xml.etree.ElementTree as ET
p = f = 0
for trx in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(trx).getroot().find(".//{*}Counters")
    p += int(c.get("passed")); f += int(c.get("failed")) + int(c.get("error", 0)) + int(c.get("timeout", 0))
print(p, f)
PY
)
echo "tests: ${passed} passed, ${failed} failed"
exit $status
