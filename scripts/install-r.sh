#!/usr/bin/env bash
# Installs R and dplyr from Debian, for the tests that run the R snippets (test/snippets/r.test.ts).
# Idempotent: does nothing when Rscript already loads dplyr. Needs root (CI runs as root).
set -euo pipefail
if command -v Rscript >/dev/null 2>&1 && Rscript -e 'suppressPackageStartupMessages(library(dplyr))' >/dev/null 2>&1; then
  echo "R with dplyr is already installed: $(Rscript --version 2>&1)"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends r-base-core r-cran-dplyr
Rscript -e 'suppressPackageStartupMessages(library(dplyr)); cat("R", as.character(getRversion()), "dplyr", as.character(packageVersion("dplyr")), "\n")'
