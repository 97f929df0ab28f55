#!/bin/sh
# The sample Chania table (README step 9), in a database of its own beside the hubs' state.
set -eu
psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d "$POSTGRES_DB" -c "CREATE DATABASE chania"
psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d chania -f /samples/chania/V1__council_decisions.sql \
    -f /samples/chania/R__seed.sql
