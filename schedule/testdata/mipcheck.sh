#!/bin/sh
# Compares the paid hours of rosters of benchmark instance (a) with the
# optimum an exact MIP solver proves: CBC (Debian package coinor-cbc) or
# GLPK (glpk-utils). The solver is a check run by hand or in CI, never a
# dependency of wfm: without one, this script says so and exits 0.
#
# Usage, from the repository root: sh schedule/testdata/mipcheck.sh
set -eu
if ! command -v cbc >/dev/null 2>&1 && ! command -v glpsol >/dev/null 2>&1; then
	echo "mipcheck: skipped, neither cbc (coinor-cbc) nor glpsol (glpk-utils) is installed"
	exit 0
fi
exec go test ./schedule/ -run 'TestAgainstMIP' -mip -v -count=1
