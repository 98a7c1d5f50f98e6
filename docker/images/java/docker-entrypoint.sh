#!/usr/bin/env bash
# Runs the command as given (java ... by default), so a compose entrypoint wrapper ending in
# `exec docker-entrypoint.sh "$@"` works here as with the other local images. No setup of its own.
set -Eeo pipefail

exec "$@"
