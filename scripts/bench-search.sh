#!/usr/bin/env bash
# Search benchmark: Dossier's in-memory search against `rg --count-matches` on the same
# 10,000-document (~100 MB) corpus, plus the corpus load time. Not part of `cargo test`.
#
#   scripts/bench-search.sh            # everything (generates the corpus on first run)
#   scripts/bench-search.sh literal    # only benchmarks whose name contains "literal"
#
# Needs ripgrep on the PATH (Debian/Ubuntu: apt-get install -y ripgrep). The corpus goes
# to target/bench-corpus/search-v1 unless DOSSIER_BENCH_CORPUS names another folder.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v rg >/dev/null; then
    echo "ripgrep (rg) is not installed: apt-get install -y ripgrep" >&2
    exit 2
fi
echo "rg: $(rg --version | sed -n 1p); cores: $(nproc)" >&2
cargo bench --bench search -- "$@"
