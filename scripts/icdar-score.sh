#!/bin/sh
# ICDAR 2013 table-competition score (adjacency relations) of foi-extract's
# PDF tables on the EU half of the dataset.
# Usage: scripts/icdar-score.sh [DIR] [--verbose] [--only eu-001]
set -eu
cd "$(dirname "$0")/.."
. scripts/common.sh
default=$(icdar_eu_dir)
dir=${1:-$default}
[ $# -gt 0 ] && shift
exec cargo run --quiet --release --example icdar_score -- "$dir" "$@"
