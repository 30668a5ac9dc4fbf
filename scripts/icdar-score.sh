#!/bin/sh
# ICDAR 2013 table-competition score (adjacency relations) of foi-extract's
# PDF tables on the EU half of the dataset.
# Usage: scripts/icdar-score.sh [DIR] [--verbose] [--only eu-001]
set -eu
cd "$(dirname "$0")/.."
# The shared data sits next to the main checkout (../shared) or, from a
# worktree under wt/, two levels up.
default=../shared/data/icdar2013-eu
[ -d "$default" ] || default=../../shared/data/icdar2013-eu
dir=${1:-$default}
[ $# -gt 0 ] && shift
exec cargo run --quiet --release --example icdar_score -- "$dir" "$@"
