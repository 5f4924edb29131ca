#!/usr/bin/env bash
# Minimises what fuzzing found into the committed corpus: for each target, a set-cover
# merge keeps a small set of the inputs of corpus/, seeds/ and corpus-work/ that covers
# every code edge they cover (`-use_counters=0`: hit counts are not kept apart, which
# would keep several times as many files).
#
#   fuzz/minimise.sh [TARGET...]     (default: every target)
set -euo pipefail
cd "$(dirname "$0")"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(ls fuzz_targets | sed 's/\.rs$//')
fi
for t in "${targets[@]}"; do
  rm -rf "corpus-min/$t"
  mkdir -p "corpus-min/$t" "corpus/$t" "seeds/$t" "corpus-work/$t"
  nice -n 15 "target/x86_64-unknown-linux-gnu/release/$t" -set_cover_merge=1 -use_counters=0 -rss_limit_mb=1024 -timeout=10 \
    "corpus-min/$t" "corpus/$t" "seeds/$t" "corpus-work/$t" >"logs/$t.merge.log" 2>&1
  rm -rf "corpus/$t"
  mv "corpus-min/$t" "corpus/$t"
  echo "$t: $(ls "corpus/$t" | wc -l) files, $(cat "corpus/$t"/* | wc -c) bytes"
done
rmdir corpus-min 2>/dev/null || true
