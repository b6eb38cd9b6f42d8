#!/usr/bin/env bash
# Installs the npm linters DockerLintTest runs (versions pinned in package.json and
# package-lock.json here) into target/docker-lint. Needs node and npm (Debian: nodejs npm).
# ShellCheck itself comes from Debian. .ci/run calls this; developers run it once per clean target/.
set -euo pipefail
cd "$(dirname "$0")/../.."
dest=target/docker-lint
mkdir -p "$dest"
cp docker/lint/package.json docker/lint/package-lock.json "$dest/"
npm ci --prefix "$dest" --no-audit --no-fund --loglevel=error
echo "docker linters in $dest/node_modules/.bin: dclint $("$dest/node_modules/.bin/dclint" --version)," \
  "dockerfilelint $("$dest/node_modules/.bin/dockerfilelint" --version)"
