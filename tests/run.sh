#!/usr/bin/env bash
# Runs every test of the project:
#   1. the .NET solution: unit tests, the server over stdio, Neovim as a real editor, llama.cpp on generated models;
#   2. the VS Code extension's unit tests (Node's test runner);
#   3. the extension end to end in real VS Code (code-server + Chromium) against the published server.
# Prerequisites (.NET 10 SDK, Node 20, neovim, chromium, code-server): `.ci/run` installs them on a fresh Debian machine.
set -uo pipefail
cd "$(dirname "$0")/.."

logs=$(mktemp -d)
status=0

dotnet test CodeAssist.sln -c Release --logger "trx" --results-directory "$logs/trx" || status=1

npm run --silent test:unit 2>&1 | tee "$logs/unit.txt"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

models="$logs/demo-models"
(npm run --silent package \
  && dist/server/codeassist models make-demo --out "$models" \
  && CODEASSIST_E2E_MODEL_A="$models/codeassist-cs-Q8_0.gguf" CODEASSIST_E2E_MODEL_B="$models/codeassist-cs-MXFP4_MOE.gguf" \
     npm run --silent test:e2e) 2>&1 | tee "$logs/e2e.txt"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

# A closing summary over every runner: the failed tests by name (CI shows only the tail of the log), then one count line.
python3 - "$logs" > "$logs/summary.txt" <<'PY'
import sys, glob, re, xml.etree.ElementTree as ET
root = sys.argv[1]
p = f = 0
failed = []
for trx in glob.glob(root + "/trx/*.trx"):
    tree = ET.parse(trx).getroot()
    c = tree.find(".//{*}Counters")
    p += int(c.get("passed")); f += int(c.get("failed")) + int(c.get("error", 0)) + int(c.get("timeout", 0))
    for result in tree.iter("{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}UnitTestResult"):
        if result.get("outcome") not in ("Passed", "NotExecuted"):
            message = result.find(".//{*}Message")
            first = (message.text or "").strip().splitlines()[:1] if message is not None else []
            failed.append(f"dotnet: {result.get('testName')}: {' '.join(first)[:300]}")
unit = open(root + "/unit.txt").read()
p += sum(int(n) for n in re.findall(r"^# pass (\d+)", unit, re.M))
f += sum(int(n) for n in re.findall(r"^# fail (\d+)", unit, re.M))
failed += [f"unit: {name}" for name in re.findall(r"^\s*not ok \d+ - (.+)$", unit, re.M)]
if re.search(r"^\u2716 \d+ problems?", unit, re.M):  # ESLint's summary line; lint runs before the unit tests
    f += 1
    failed.append("unit: eslint (see the log above)")
e2eText = open(root + "/e2e.txt").read()
e2e = re.findall(r"vscode-e2e: (\d+) passed, (\d+) failed", e2eText)
if e2e:
    p += int(e2e[-1][0]); f += int(e2e[-1][1])
    failed += [f"vscode-e2e: {line[5:300]}" for line in re.findall(r"^FAIL .+$", e2eText, re.M)]
else:
    f += 1  # the end-to-end run did not get as far as reporting
    failed.append("vscode-e2e: did not report (see the log above)")
for line in failed:
    print(f"failed {line}")
print(f"tests: {p} passed, {f} failed")
PY
cat "$logs/summary.txt"
grep -q "^tests: [0-9]* passed, 0 failed$" "$logs/summary.txt" || status=1
exit $status
