#!/usr/bin/env bash
# `make run`: build what is needed, then start the whole pipeline on this machine until Ctrl-C.
# SOURCE=randomuser|synthetic picks the ingest source; FRESH=1 starts from empty data;
# MONITORING=1 also starts a local Prometheus (LocalPrometheus) with the chart's scrapes and alerts.
set -o errexit -o nounset -o pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "${ROOT}"

build_pipeline userstream

args=(--source "${SOURCE:-randomuser}")
if [[ -n "${FRESH:-}" && "${FRESH}" != "0" ]]; then
  args+=(--fresh)
fi
if [[ -n "${MONITORING:-}" && "${MONITORING}" != "0" ]]; then
  args+=(--monitoring)
fi
# shellcheck disable=SC2086 # USERSTREAM_RUN_JAVA_OPTS is a list of JVM options
pipeline_java ${USERSTREAM_RUN_JAVA_OPTS:-} io.userstream.pipeline.RunMain "${args[@]}"
