#!/usr/bin/env bash
# Report's benchmark (docs/benchmarks.md): the quarter's figures by province (level-1 unit) from Report's rollups,
# as `GetBreakdown` asks PostgreSQL for them, against the naive aggregate over Exchange's raw tables, on the same data:
# ~1,000,000 documents of Q3 2026 to ~2,500,000 deliveries with 10,000,000 status events (01, 03, 05, 06 each), sent
# between 744 members of 63 provinces and 30 ministries.
#
#   services/report/Benchmarks/quarter-summary-by-province.sh [documents]    (default 1000000)
#
# It starts a throwaway PostgreSQL 15 cluster (initdb/pg_ctl, run as a non-root user when started as root), creates
# Exchange's three tables the naive query reads (columns as ExchangeMigrations version 1 declares them) and Report's
# schema (ReportMigrations, extracted from the Swift source), fills the raw tables, derives the rollups from them as
# the projection would (one row per member, Vietnam day and priority; one per member and month), checks that the
# rollups and the raw tables give the same figures,
# and times each 5 times (EXPLAIN ANALYZE's execution time, median).
#
#   DATABASE_URL=postgres://… services/report/Benchmarks/quarter-summary-by-province.sh [documents]
#
# fills a running platform's Report instead (the database of a throwaway `vdxp dev up`, whose vdxp-report migrated
# the `report` schema), so that `vdxp bench report` can time the same quarter through Report's gRPC API: the raw
# tables go to a scratch schema `report_bench_raw` (never Exchange's own), and Report's rollups of July to October
# 2026 are replaced by the synthetic ones — do not point it at a database whose figures matter.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
documents=${1:-1000000}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
work=$(mktemp -d /tmp/vdxp-report-bench.XXXXXX)
if [ -n "${DATABASE_URL:-}" ]; then
    # A running platform's database: the raw tables in a scratch schema, found first on the search path.
    raw=report_bench_raw
    trap 'rm -rf "$work"' EXIT
    psql() { PGOPTIONS="-c search_path=$raw,public" command psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -qAt "$@"; }
    psql <<SQL
DROP SCHEMA IF EXISTS $raw CASCADE;
DELETE FROM report.daily_figures WHERE day >= DATE '2026-07-01' AND day < DATE '2026-11-01';
DELETE FROM report.monthly_figures WHERE month >= DATE '2026-07-01' AND month < DATE '2026-11-01';
DELETE FROM report.monthly_dimension_figures WHERE month >= DATE '2026-07-01' AND month < DATE '2026-11-01';
SQL
else
    raw=exchange
    port=$((20000 + RANDOM % 10000))
    run_as=()
    if [ "$(id -u)" -eq 0 ]; then chown nobody "$work"; run_as=(runuser -u nobody --); fi
    cleanup() { "${run_as[@]}" "$bin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$work"; }
    trap cleanup EXIT
    "${run_as[@]}" "$bin/initdb" -D "$work/data" -U vdxp --auth=trust >/dev/null
    "${run_as[@]}" "$bin/pg_ctl" -D "$work/data" -o "-p $port -k $work -c fsync=off -c shared_buffers=512MB -c work_mem=64MB -c max_parallel_workers_per_gather=0" -l "$work/log" start >/dev/null
    psql() { command psql -h "$work" -p "$port" -U vdxp -d postgres -v ON_ERROR_STOP=1 -qAt "$@"; }

    python3 - "$root/services/report/Library/Store/ReportMigrations.swift" >"$work/report.sql" <<'PY'
import re, sys
s = open(sys.argv[1]).read()
statements = re.findall(r'"""\n(.*?)\n\s*"""', s, re.S) + re.findall(r'^\s*"(CREATE INDEX [^"]*)"', s, re.M)
print("CREATE SCHEMA report;\n" + ";\n".join(x.strip() for x in statements) + ";")
PY
    psql -f "$work/report.sql"
fi
psql <<SQL
CREATE SCHEMA $raw;
CREATE TABLE $raw.documents (document_id text PRIMARY KEY, sender text NOT NULL, priority smallint NOT NULL,
    send_time timestamptz NOT NULL);
CREATE TABLE $raw.deliveries (delivery_id uuid PRIMARY KEY, document_id text NOT NULL, recipient text NOT NULL);
CREATE TABLE $raw.status_history (id bigserial PRIMARY KEY, delivery_id uuid NOT NULL, status smallint NOT NULL,
    status_time timestamptz NOT NULL);
CREATE TABLE members AS
    SELECT row_number() OVER () - 1 AS n, format('000.00.%s.%s', lpad(m::text, 2, '0'), unit) AS id, unit
    FROM (SELECT 'H' || lpad(p::text, 2, '0') AS unit FROM generate_series(1, 63) p
          UNION ALL SELECT 'G' || lpad(g::text, 2, '0') FROM generate_series(1, 30) g) units,
         generate_series(1, 8) m;
INSERT INTO $raw.documents
    SELECT 'doc-' || i, m.ids[1 + (i::int8 * 7919) % 744], (i % 5)::smallint,
        timestamptz '2026-07-01 00:00+07' + ((i::int8 * 104723) % 7948800) * interval '1 second'
    FROM generate_series(1, $documents) i, (SELECT array_agg(id ORDER BY n) AS ids FROM members) m;
INSERT INTO $raw.deliveries
    SELECT md5(d.document_id || r)::uuid, d.document_id, m.ids[1 + (abs(hashtext(d.document_id))::int8 + r * 104729) % 744]
    FROM $raw.documents d, generate_series(1, 2 + (abs(hashtext(d.document_id)) % 2)) r,
        (SELECT array_agg(id ORDER BY n) AS ids FROM members) m;
INSERT INTO $raw.status_history (delivery_id, status, status_time)
    SELECT dl.delivery_id, s, d.send_time + s * interval '1 hour'
    FROM $raw.deliveries dl JOIN $raw.documents d USING (document_id), unnest(ARRAY[1, 3, 5, 6]) s;
CREATE INDEX ON $raw.deliveries (document_id);
CREATE INDEX ON $raw.status_history (delivery_id);
CREATE INDEX ON $raw.documents (send_time);
-- The rollups the projection keeps for the same documents: one row per member, Vietnam day and priority.
INSERT INTO report.daily_figures (organisation_id, level1_unit, member_kind, day, priority, document_type,
        business_type, legal_value, documents_received, with_status_arrived, with_status_registered,
        with_status_processing, with_status_completed)
    SELECT dl.recipient, split_part(dl.recipient, '.', 4), 1, (d.send_time AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, d.priority,
        'Công văn', 0, 1, count(*), count(*), count(*), count(*), count(*)
    FROM $raw.deliveries dl JOIN $raw.documents d USING (document_id)
    GROUP BY 1, 2, 4, 5;
INSERT INTO report.daily_figures (organisation_id, level1_unit, member_kind, day, priority, document_type,
        business_type, legal_value, documents_sent, sent_on_time)
    SELECT sender, split_part(sender, '.', 4), 1, (send_time AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, priority, 'Công văn', 0, 1,
        count(*), count(*)
    FROM $raw.documents GROUP BY 1, 2, 4, 5
    ON CONFLICT (organisation_id, day, priority, document_type, business_type, legal_value)
    DO UPDATE SET documents_sent = excluded.documents_sent, sent_on_time = excluded.sent_on_time;
-- And the monthly rollups per member (ReportMigrations version 2 derives them from the daily ones the same way).
INSERT INTO report.monthly_figures
    SELECT organisation_id, level1_unit, member_kind, date_trunc('month', day::timestamp)::date,
        sum(documents_sent), sum(documents_received), sum(sent_on_time), sum(sent_late), sum(failed_deliveries),
        sum(failures_handled_same_day), sum(with_status_arrived), sum(with_status_registered),
        sum(with_status_processing), sum(with_status_completed), sum(rejected), sum(retracted), sum(revoked),
        sum(updated), sum(replaced), sum(overdue)
    FROM report.daily_figures GROUP BY 1, 2, 3, 4;
-- And per member, month and document dimensions (ReportMigrations version 4), for filtered quarters.
INSERT INTO report.monthly_dimension_figures
    SELECT organisation_id, level1_unit, member_kind, date_trunc('month', day::timestamp)::date, priority,
        document_type, business_type, legal_value,
        sum(documents_sent), sum(documents_received), sum(sent_on_time), sum(sent_late), sum(failed_deliveries),
        sum(failures_handled_same_day), sum(with_status_arrived), sum(with_status_registered),
        sum(with_status_processing), sum(with_status_completed), sum(rejected), sum(retracted), sum(revoked),
        sum(updated), sum(replaced), sum(overdue)
    FROM report.daily_figures GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
VACUUM ANALYZE;
SQL

# The statement FigureStore.counts(_:by:) sends for GetBreakdown(LEVEL1_UNIT) over Q3 2026 (16 sums, as Report has).
sums=$(python3 -c "
import re
s = open('$root/services/report/Library/Projection/Measure.swift').read()
print(', '.join(f'coalesce(sum({m}), 0)::int8' for m in re.findall(r'= \"([a-z_]+)\"', s)))")
# A quarter with no document filter reads the monthly rollups per member; with one (here: priorities 1 to 4), the
# monthly rollups per member and document dimensions (before ReportMigrations version 4: the daily ones, timed too).
rollup="SELECT level1_unit::text, $sums FROM report.monthly_figures
    WHERE month >= DATE '1970-01-01' + 20635 AND month < DATE '1970-01-01' + 20727 GROUP BY level1_unit ORDER BY level1_unit"
daily="SELECT level1_unit::text, $sums FROM report.daily_figures
    WHERE day >= DATE '1970-01-01' + 20635 AND day < DATE '1970-01-01' + 20727 AND priority = ANY('{1,2,3,4}'::int2[])
    GROUP BY level1_unit ORDER BY level1_unit"
dimensions="SELECT level1_unit::text, $sums FROM report.monthly_dimension_figures
    WHERE month >= DATE '1970-01-01' + 20635 AND month < DATE '1970-01-01' + 20727 AND priority = ANY('{1,2,3,4}'::int2[])
    GROUP BY level1_unit ORDER BY level1_unit"
[ "$(psql -c "$dimensions")" = "$(psql -c "$daily")" ] || { echo "the monthly rollups by dimension and the daily ones disagree" >&2; exit 1; }
# A period cut inside months — 15 July to 14 October — as FigureStore.splitSource reads it: August and September
# from the monthly rollups, 15–31 July and 1–14 October from the daily ones; against the daily rollups alone.
columns="organisation_id, level1_unit, member_kind, $(python3 -c "import re
s = open('$root/services/report/Library/Projection/Measure.swift').read()
print(', '.join(re.findall(r'= \"([a-z_]+)\"', s)))")"
split="SELECT level1_unit::text, $sums FROM (
    SELECT $columns FROM report.monthly_figures WHERE month >= DATE '1970-01-01' + 20666 AND month < DATE '1970-01-01' + 20727
    UNION ALL SELECT $columns FROM report.daily_figures
    WHERE (day >= DATE '1970-01-01' + 20649 AND day < DATE '1970-01-01' + 20666)
        OR (day >= DATE '1970-01-01' + 20727 AND day < DATE '1970-01-01' + 20741)) figures
    GROUP BY level1_unit ORDER BY level1_unit"
split_daily="SELECT level1_unit::text, $sums FROM report.daily_figures
    WHERE day >= DATE '1970-01-01' + 20649 AND day < DATE '1970-01-01' + 20741 GROUP BY level1_unit ORDER BY level1_unit"
[ "$(psql -c "$split")" = "$(psql -c "$split_daily")" ] || { echo "the split period and the daily rollups disagree" >&2; exit 1; }
# The same figures counted from Exchange's raw tables: documents sent per sender's unit, deliveries and statuses per
# recipient's unit.
naive="WITH received AS (
        SELECT split_part(dl.recipient, '.', 4) AS unit, count(DISTINCT dl.delivery_id) AS received,
            count(*) FILTER (WHERE sh.status = 1) AS arrived, count(*) FILTER (WHERE sh.status = 3) AS registered,
            count(*) FILTER (WHERE sh.status = 5) AS processing, count(*) FILTER (WHERE sh.status = 6) AS completed
        FROM $raw.documents d JOIN $raw.deliveries dl USING (document_id)
            JOIN $raw.status_history sh USING (delivery_id)
        WHERE d.send_time >= '2026-07-01 00:00+07' AND d.send_time < '2026-10-01 00:00+07' GROUP BY 1),
    sent AS (
        SELECT split_part(sender, '.', 4) AS unit, count(*) AS sent FROM $raw.documents
        WHERE send_time >= '2026-07-01 00:00+07' AND send_time < '2026-10-01 00:00+07' GROUP BY 1)
    SELECT unit, coalesce(sent, 0), received, arrived, registered, processing, completed
    FROM received FULL JOIN sent USING (unit) ORDER BY unit"
[ "$(psql -c "SELECT day - DATE '1970-01-01' FROM (VALUES (DATE '2026-07-01'), (DATE '2026-10-01')) v(day)" | tr '\n' ' ')" = "20635 20727 " ]

events=$(psql -c "SELECT count(*) FROM $raw.status_history")
rows=$(psql -c "SELECT count(*) FROM report.daily_figures")
a=$(psql -c "SELECT string_agg(format('%s %s %s %s %s %s %s', s.l, s.sent, s.recv, s.a, s.r, s.p, s.c), ';' ORDER BY s.l) FROM (
    SELECT level1_unit l, sum(documents_sent) sent, sum(documents_received) recv, sum(with_status_arrived) a,
        sum(with_status_registered) r, sum(with_status_processing) p, sum(with_status_completed) c
    FROM report.monthly_figures WHERE month >= DATE '2026-07-01' AND month < DATE '2026-10-01' GROUP BY 1) s")
b=$(psql -c "SELECT string_agg(format('%s %s %s %s %s %s %s', n.unit, n.s, n.received, n.arrived, n.registered,
    n.processing, n.completed), ';' ORDER BY n.unit) FROM (SELECT x.*, coalesce(sent, 0) AS s FROM ($naive) x(unit, sent,
    received, arrived, registered, processing, completed)) n")
[ "$a" = "$b" ] || { echo "the rollups and the raw tables disagree" >&2; exit 1; }

time_of() {
    for _ in 1 2 3 4 5; do
        psql -c "EXPLAIN (ANALYZE, FORMAT JSON) $1" | python3 -c "import json,sys; print(json.load(sys.stdin)[0]['Execution Time'])"
    done | sort -n | sed -n 3p
}
psql -c "$rollup" >/dev/null
fast=$(time_of "$rollup")
filtered=$(time_of "$dimensions")
filtered_daily=$(time_of "$daily")
unaligned=$(time_of "$split")
unaligned_daily=$(time_of "$split_daily")
slow=$(time_of "$naive")
months=$(psql -c "SELECT count(*) FROM report.monthly_figures")
dimension_months=$(psql -c "SELECT count(*) FROM report.monthly_dimension_figures")
echo "status events: $events; daily rollup rows: $rows; monthly rollup rows: $months; by dimension: $dimension_months; provinces and ministries: $(psql -c "SELECT count(DISTINCT unit) FROM members")"
echo "quarter by level-1 unit from the monthly rollups:            ${fast} ms (median of 5)"
echo "quarter by level-1 unit, priorities 1-4, monthly by dimension: ${filtered} ms (median of 5)"
echo "quarter by level-1 unit, priorities 1-4, from the daily ones: ${filtered_daily} ms (median of 5)"
echo "15 Jul-14 Oct by level-1 unit, months + edge days:            ${unaligned} ms (median of 5)"
echo "15 Jul-14 Oct by level-1 unit, daily rollups only:             ${unaligned_daily} ms (median of 5)"
echo "the same (no filter) from Exchange's raw tables:             ${slow} ms (median of 5)"
python3 -c "print(f'speed-up: {float(\"$slow\") / float(\"$fast\"):.0f}x')"
