# Shared by the measurement scripts (sourced, not run): where the ICDAR 2013
# EU PDFs are, and how many pages PDFs have.

# The shared data sits next to the main checkout (../shared) or, from a
# worktree under wt/, two levels up.
icdar_eu_dir() {
    if [ -d ../shared/data/icdar2013-eu ]; then
        echo ../shared/data/icdar2013-eu
    else
        echo ../../shared/data/icdar2013-eu
    fi
}

# Page count of one PDF (0 when pdfinfo cannot tell).
pdf_pages() {
    n=$(pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ {print $2}')
    echo "${n:-0}"
}

# Total pages of the PDFs listed one per line in file $1.
total_pages() {
    total=0
    for f in $(cat "$1"); do
        total=$((total + $(pdf_pages "$f")))
    done
    echo "$total"
}
