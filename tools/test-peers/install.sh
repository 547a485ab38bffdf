#!/usr/bin/env bash
# Installs the real peers the tests run against into tools/test-peers/node_modules.
# anvil's postinstall downloads a binary from the internet, which is not reachable here and not needed:
# its platform package (@foundry-rs/anvil-linux-amd64) already carries the binary. So scripts are skipped for
# everything, then only bcoin's native modules are built (they compile with node-gyp and the machine's g++).
set -euo pipefail
cd "$(dirname "$0")"
if [ -f package-lock.json ]; then npm ci --ignore-scripts --no-audit --no-fund; else npm install --ignore-scripts --no-audit --no-fund; fi
npm rebuild bcrypto bsip bstring mrmr leveldown
