#!/usr/bin/env bash
# Runs fuzz targets for SECONDS each, JOBS at a time, from the built binaries (build them
# first: `cargo +nightly fuzz build -s none -a` in fuzz/), so that editing the library while
# they run does not rebuild them. New inputs go to corpus-work/<target>/ (not committed);
# crashes to artifacts/<target>/; each run's log to logs/<target>.log.
#
#   fuzz/run.sh SECONDS JOBS [TARGET...]     (default: every target)
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:?usage: run.sh SECONDS JOBS [TARGET...]}
jobs=${2:?usage: run.sh SECONDS JOBS [TARGET...]}
shift 2
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(ls fuzz_targets | sed 's/\.rs$//')
fi
bin=target/x86_64-unknown-linux-gnu/release
run_one() {
  local t=$1
  mkdir -p "corpus-work/$t" "artifacts/$t" logs
  local seeds=()
  [ -d "seeds/$t" ] && seeds+=("seeds/$t")
  [ -d "corpus/$t" ] && seeds+=("corpus/$t")
  # -timeout: an input taking over 2 s is a hang; -rss_limit_mb: over 1 GB is out of memory.
  # Fork mode with -ignore_*: a finding is saved to artifacts/ and the run goes on for its
  # whole time instead of stopping at the first one.
  nice -n 15 "$bin/$t" "corpus-work/$t" "${seeds[@]}" \
    -max_total_time="$seconds" -rss_limit_mb=1024 -timeout=2 \
    -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -artifact_prefix="artifacts/$t/" >"logs/$t.log" 2>&1 || true
}
export -f run_one
export seconds bin
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one {}'
