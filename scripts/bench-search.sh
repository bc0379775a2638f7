#!/usr/bin/env bash
# Search's query benchmark: fills Search's index with a synthetic national dataset and measures the SQL Search runs
# for SearchDocuments (p50/p95/p99), beside a baseline without Search's indexes.
#
#   scripts/bench-search.sh DATABASE_URL [documents] [seconds per query kind] [clients]
#   SKIP_FILL=1 scripts/bench-search.sh …     measure again without refilling (about 12 min per million here)
#   KINDS="accented filtered" scripts/…      measure only these kinds
#   EXCHANGE=1 scripts/bench-search.sh …      also fill Exchange's tables (exchange.documents, exchange.deliveries,
#                                             migrated by vdxp-exchange) from the same rows, and measure the direct
#                                             queries on them beside Search's (see "Side by side" below)
#
# DATABASE_URL is a PostgreSQL whose `search` schema was migrated by vdxp-search (e.g. the one `vdxp dev up` uses,
# or `VDXP_MIGRATE_ONLY=true vdxp-search`). The index is EMPTIED first (then refilled), and the journal cursor is put
# at the end of time so that a running Search does not index over the synthetic rows: use a throwaway database.
#
# What it measures and what it does not:
# - The rows are written straight into search.documents / search.recipients with the same folding functions the
#   projection uses (search.fold, to_tsvector('simple', …)); they do not go through Exchange or the journal, which
#   at ~300 sends/s (docs/benchmarks.md) would take about an hour per million documents.
# - The queries are the exact SQL of services/search/Library/Queries/DocumentQuery.swift (extracted from it below),
#   sent with pgbench's extended protocol (unnamed statements, planned with their parameters, as postgres-nio sends
#   them): with text, the one ranked-page statement (page of 20 + the count of every match); without text, the page
#   of 20 + the total (capped at 10,001), as SearchDocuments runs them. Facets are not included.
# - Side by side with Exchange's tables (EXCHANGE=1), for what they can answer at all: a lookup by number and
#   notation (Exchange keeps it only inside the document id `sender,year,number/notation`: a LIKE over every id,
#   against Search's `number_and_notation` index), a member's newest documents sent or received (Exchange's
#   `documents_by_sender` and `deliveries_received` indexes, against Search's `parties`), and a filtered list without
#   text (priorities 1–3 of two level-1 units, newest first: Exchange has no index on either, Search its
#   `party_level1` GIN). The facets, the status chain, text, accents and typos have no counterpart there.
# - The baseline is what a query without Search costs: Exchange keeps the subject only inside the signed document
#   bytes (protobuf, exchange.documents.signed_document), so SQL cannot search Exchange's tables at all; the closest
#   direct query is a scan of the same rows with an accent-folded LIKE and no index.
set -euo pipefail

url=${1:?usage: scripts/bench-search.sh DATABASE_URL [documents] [seconds] [clients]}
documents=${2:-1000000}
seconds=${3:-30}
clients=${4:-4}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap '[ -n "${KEEP_WORK:-}" ] || rm -rf "$work"' EXIT; echo "work: $work" >&2

if [ -n "${SKIP_FILL:-}" ]; then
  echo "SKIP_FILL: measuring the index as it is" >&2
else
echo "filling the index with $documents documents…" >&2
psql "$url" -v ON_ERROR_STOP=1 -q -v documents="$documents" <<'SQL'
BEGIN;
DELETE FROM search.document_parties; DELETE FROM search.recipients; DELETE FROM search.events;
DELETE FROM search.documents;
INSERT INTO search.journal_cursor (journal, after_sequence) VALUES ('exchange', 9223372036854775807)
ON CONFLICT (journal) DO UPDATE SET after_sequence = 9223372036854775807;
CREATE TEMPORARY TABLE parts (kind text, n int, value text);
INSERT INTO parts SELECT 'kind', t.n, t.value FROM unnest(ARRAY[
  'Quyết định', 'Công văn', 'Về việc', 'Thông báo', 'Kế hoạch', 'Báo cáo', 'Tờ trình', 'Chỉ thị', 'Hướng dẫn',
  'Giấy mời', 'Nghị quyết', 'Thông tư']) WITH ORDINALITY AS t (value, n);
INSERT INTO parts SELECT 'action', t.n, t.value FROM unnest(ARRAY[
  'phê duyệt', 'triển khai', 'tổ chức', 'ban hành', 'sửa đổi, bổ sung', 'kiểm tra', 'tăng cường', 'thực hiện',
  'đôn đốc', 'tổng kết', 'góp ý dự thảo', 'điều chỉnh']) WITH ORDINALITY AS t (value, n);
INSERT INTO parts SELECT 'object', t.n, t.value FROM unnest(ARRAY[
  'Đề án chuyển đổi số quốc gia', 'kế hoạch đầu tư công trung hạn', 'hội nghị trực tuyến toàn quốc',
  'quy chế làm việc của Ủy ban', 'công tác phòng, chống thiên tai', 'dự toán ngân sách nhà nước',
  'chương trình mục tiêu quốc gia xây dựng nông thôn mới', 'cải cách thủ tục hành chính',
  'dự án đường bộ cao tốc Bắc – Nam', 'đào tạo, bồi dưỡng cán bộ, công chức', 'phòng cháy, chữa cháy',
  'bảo đảm trật tự an toàn giao thông', 'quản lý đất đai và tài nguyên', 'y tế cơ sở và y tế dự phòng',
  'giáo dục phổ thông', 'phát triển du lịch', 'an toàn thông tin mạng', 'hỗ trợ doanh nghiệp nhỏ và vừa',
  'thu hút đầu tư nước ngoài', 'điều tra dân số và nhà ở']) WITH ORDINALITY AS t (value, n);
-- QĐ 20 ids: 30 ministries and agencies (G01–G30), 63 provinces (H01–H63), and level-2 units under each.
CREATE TEMPORARY TABLE units AS
  SELECT n, CASE WHEN n <= 30 THEN 'G' || lpad(n::text, 2, '0') ELSE 'H' || lpad((n - 30)::text, 2, '0') END AS level1
  FROM generate_series(1, 93) n;
CREATE TEMPORARY TABLE orgs AS
  SELECT row_number() OVER () AS n, u.level1,
         '000.' || lpad(s::text, 2, '0') || '.' || CASE WHEN s = 0 THEN '00' ELSE lpad((s * 3)::text, 2, '0') END
           || '.' || u.level1 AS id
  FROM units u CROSS JOIN generate_series(0, 4) s;
CREATE TEMPORARY TABLE generated AS
SELECT i,
       o.id AS sender, o.level1 AS sender_level1,
       (i % 20000 + 1)::text || '/' || (ARRAY['QĐ','CV','TB','KH','BC','TTr'])[1 + i % 6] || '-'
         || replace(o.level1, 'G', 'B') AS code,
       2020 + i % 7 AS year,
       (SELECT value FROM parts WHERE kind = 'kind' AND n = 1 + (i * 7 + i / 7) % 12) || ' '
         || (SELECT value FROM parts WHERE kind = 'action' AND n = 1 + (i / 12 + i / 1000) % 12) || ' '
         || (SELECT value FROM parts WHERE kind = 'object' AND n = 1 + (i / 144 + i * 3) % 20)
         || ' năm ' || (2020 + i % 7) AS subject,
       (ARRAY[0, 0, 0, 0, 0, 0, 1, 1, 2, 3])[1 + (i * 17) % 10] AS priority,
       timestamptz '2020-01-01 00:00:00+07' + (i * interval '3 minutes') AS send_time
FROM generate_series(1, :documents) i
JOIN orgs o ON o.n = 1 + (i * 101) % 465;
INSERT INTO search.documents
SELECT sender || ',' || year || ',' || code || '#' || i, sender, sender_level1, code, year, subject,
       split_part(subject, ' ', 1) || ' ' || split_part(subject, ' ', 2), priority::smallint, 0::smallint, '', 1,
       (1 + i % 2)::smallint, send_time, i, search.fold(subject || ' ' || code),
       to_tsvector('simple'::regconfig, search.fold(subject || ' ' || code))
FROM generated;
INSERT INTO search.recipients
SELECT g.sender || ',' || g.year || ',' || g.code || '#' || g.i, o.id, o.level1, 3::smallint,
       (ARRAY[1, 3, 4, 5, 6, 6, 2])[1 + (g.i + k) % 7]::smallint, g.send_time + interval '1 hour'
FROM generated g
CROSS JOIN generate_series(1, 2) k
JOIN orgs o ON o.n = 1 + (g.i * 37 + k * 211) % 465
WHERE o.id <> g.sender
ON CONFLICT DO NOTHING;
UPDATE search.documents d SET parties = ARRAY(
    SELECT d.sender_id
    UNION SELECT r.organisation_id FROM search.recipients r WHERE r.document_id = d.document_id
    ORDER BY 1),
  party_level1 = ARRAY(
    SELECT DISTINCT u.level1 FROM (
        SELECT d.sender_level1 AS level1
        UNION SELECT r.level1 FROM search.recipients r WHERE r.document_id = d.document_id
    ) u WHERE u.level1 <> '' ORDER BY u.level1);
INSERT INTO search.document_parties (organisation_id, document_id, send_time)
SELECT p.organisation_id, d.document_id, d.send_time FROM search.documents d, unnest(d.parties) AS p (organisation_id);
DELETE FROM search.words;
INSERT INTO search.words SELECT DISTINCT w FROM search.documents, unnest(tsvector_to_array(search_vector)) AS w
WHERE w ~ '^[a-z]+$';
COMMIT;
VACUUM ANALYZE search.words;
VACUUM ANALYZE search.documents;
VACUUM ANALYZE search.recipients;
VACUUM ANALYZE search.document_parties;
SQL
fi

if [ -n "${EXCHANGE:-}" ] && [ -z "${SKIP_FILL:-}" ]; then
echo "filling Exchange's tables from the same rows…" >&2
psql "$url" -v ON_ERROR_STOP=1 -q <<'SQL'
BEGIN;
DELETE FROM exchange.deliveries; DELETE FROM exchange.documents;
-- The signed document stands in for the real protobuf bytes (a few hundred bytes of the subject): no query reads it.
INSERT INTO exchange.documents (document_id, sender, signed_document, envelope_sha256, priority, attachment_count,
    attachment_bytes, send_time, lineage_id, version, legal_value)
SELECT d.document_id, d.sender_id, convert_to(repeat(d.subject || ' ', 6), 'UTF8'),
    sha256(convert_to(d.document_id, 'UTF8')), d.priority, 1, 16384, d.send_time, d.document_id, 1, d.legal_value
FROM search.documents d;
INSERT INTO exchange.deliveries (delivery_id, document_id, sender, recipient, priority, state, status, create_time,
    kind, version)
SELECT gen_random_uuid(), r.document_id, d.sender_id, r.organisation_id, d.priority, 3, r.status, d.send_time, 1, 1
FROM search.recipients r JOIN search.documents d USING (document_id);
COMMIT;
VACUUM ANALYZE exchange.documents;
VACUUM ANALYZE exchange.deliveries;
SQL
fi

# The SQL of SearchDocuments, from the Swift source.
python3 - "$root/services/search/Library/Queries/DocumentQuery.swift" "$work" "$url" <<'PY'
import re, sys
source = open(sys.argv[1]).read()
condition = re.search(r'static let condition = """\n(.*?)"""', source, re.S).group(1)
visibility = re.search(r'static let visibility = "(.*?)"\n', source).group(1)
condition = condition.replace('\\(visibility)', visibility)
key = re.search(r'static let sortKey = """\n(.*?)"""', source, re.S).group(1)
def params(text):
    # pgbench has no array or null variables: write the fixed parameters as literals, keep the text.
    return {'$1': "''", '$2': ':q', '$3': "'{}'", '$4': "'{}'", '$5': ':level1', '$6': 'NULL', '$7': 'NULL',
            '$8': ':priorities', '$9': "'{}'", '$10': "'{}'", '$11': 'false', '$12': '4', '$13': ':q',
            '$14': "''", '$15': "'{}'::int4[]", '$16': 'NULL::date', '$17': 'NULL::date', '$18': 'NULL::date',
            '$19': 'NULL::date'}
def bind(sql, values):
    return re.sub(r'\$(\d+)', lambda m: values['$' + m.group(1)], sql)
# Every text query first asks the dictionary whether a word is in no indexed document (probe_sql, mirroring
# DocumentQueryStore.hasWordMissingFromIndex). The misspelt query has one ("duyte"), so SearchDocuments corrects its
# words to the nearest words of the index (DocumentQueryStore.correctedQuery, mirrored in correction_sql) and asks
# with the corrected words only: the probe, the correction and the corrected query are measured.
kinds = {
    'accented': ("'phê duyệt Đề án chuyển đổi số'", "'{}'", "'{}'", [False]),
    'unaccented': ("'phe duyet de an chuyen doi so'", "'{}'", "'{}'", [False]),
    'misspelt': ("'phe duyte de an chuyen doi'", "'{}'", "'{}'", [True]),
    'filtered': ("'chuyen doi so'", "'{G12,H01}'", "'{1,2,3}'", [False]),
    'number': ("'7816/CV-B12'", "'{}'", "'{}'", [False]),
}
def probe_sql(q):
    return ("SELECT EXISTS (SELECT 1 FROM unnest(tsvector_to_array(to_tsvector('simple'::regconfig, search.fold(" + q
            + ")))) AS q (word) WHERE q.word ~ '^[a-z]+$' AND NOT EXISTS (SELECT 1 FROM search.words e "
            "WHERE e.word = q.word));")
def correction_sql(q):
    unknown = "q.word ~ '^[a-z]+$' AND NOT EXISTS (SELECT 1 FROM search.words e WHERE e.word = q.word)"
    return ("SELECT q.word, " + unknown + ", c.word FROM unnest(tsvector_to_array(to_tsvector('simple'::regconfig, "
            "search.fold(" + q + ")))) AS q (word) LEFT JOIN LATERAL (SELECT n.word FROM (SELECT w.word, "
            "w.word OPERATOR(search.<->) q.word AS distance FROM search.words w ORDER BY w.word OPERATOR(search.<->) "
            "q.word LIMIT 2) n WHERE n.distance <= 0.8) c ON " + unknown + " ORDER BY q.word, c.word;")
import subprocess
corrected = {}
for name, (q, _, _, modes) in kinds.items():
    if True not in modes: continue
    rows = subprocess.run(['psql', sys.argv[3], '-At', '-F', '\t', '-c', correction_sql(q)], capture_output=True,
                          text=True, check=True).stdout.splitlines()
    words = {}
    for row in rows:
        word, unknown, candidate = row.split('\t')
        words.setdefault(word, [])
        if unknown == 't': words[word].append(candidate)
    corrected[name] = ' & '.join('(' + ' | '.join("'" + c + "'" for c in (cs or [w])) + ')' for w, cs in words.items())
    print(f"{name}: corrected to {corrected[name]}", file=sys.stderr)
for name, (q, level1, priorities, modes) in kinds.items():
  script = probe_sql(q) + '\n'
  for fuzzy in modes:
    values = params('')
    values['$14'] = ("'" + corrected[name].replace("'", "''") + "'") if fuzzy else "''"
    values.update({'$2': q, '$13': q, '$5': level1 + '::text[]', '$8': priorities + '::int4[]'})
    values['$3'] = "'{}'::text[]"; values['$4'] = "'{}'::text[]"; values['$9'] = "'{}'::int4[]"
    values['$10'] = "'{}'::int4[]"; values['$6'] = 'NULL::timestamptz'; values['$7'] = 'NULL::timestamptz'
    values['$12'] = '4::int2'
    # DocumentQueryStore.rankedPage: the matches ranked once, the page of 20 (+1) cut from them and counted.
    page = ("WITH m AS MATERIALIZED (SELECT d.document_id, " + bind(key, values) + " AS key FROM search.documents d "
            "WHERE " + bind(condition, values) + "), p AS (SELECT m.document_id, m.key FROM m "
            "ORDER BY m.key DESC, m.document_id LIMIT 21) SELECT x.document_id, x.subject, x.rank_key, "
            "(SELECT count(*) FROM m) FROM (SELECT d.*, p.key AS rank_key FROM p JOIN search.documents d "
            "ON d.document_id = p.document_id) x ORDER BY x.rank_key DESC, x.document_id;")
    if fuzzy:
      script += ' '.join(correction_sql(q).split()) + '\n'
    script += ' '.join(page.split()) + '\n'
  open(f"{sys.argv[2]}/{name}.sql", 'w').write(script)
# Without text SearchDocuments pages by send time (DocumentQueryStore.page): the operator's and a member's newest.
for name, viewer in [('newest', "''"), ('member-newest', "'000.00.00.H01'")]:
    values = params('')
    values.update({'$1': viewer, '$2': "''", '$13': "''", '$5': "'{}'::text[]", '$8': "'{}'::int4[]"})
    values['$3'] = "'{}'::text[]"; values['$4'] = "'{}'::text[]"; values['$9'] = "'{}'::int4[]"
    values['$10'] = "'{}'::int4[]"; values['$6'] = 'NULL::timestamptz'; values['$7'] = 'NULL::timestamptz'
    values['$12'] = '4::int2'
    # A member's page walks its rows of search.document_parties (DocumentQueryStore.newestFirst).
    rows, order = ("search.documents d", "d.send_time DESC, d.document_id") if viewer == "''" else (
        "(SELECT organisation_id AS party, document_id AS party_document, send_time AS party_time FROM "
        "search.document_parties) v JOIN search.documents d ON d.document_id = v.party_document AND v.party = "
        + viewer, "v.party_time DESC, v.party_document")
    within = condition if viewer == "''" else condition.replace("($1 = '' OR d.parties @> ARRAY[$1::text])", "true")
    page = ("SELECT d.document_id, d.subject FROM " + rows + " WHERE " + bind(within, values)
            + " ORDER BY " + order + " LIMIT 21;")
    total = ("SELECT count(*) FROM (SELECT 1 FROM search.documents d WHERE " + bind(condition, values)
             + " LIMIT 10001) c;")
    open(f"{sys.argv[2]}/{name}.sql", 'w').write(' '.join(page.split()) + '\n' + ' '.join(total.split()) + '\n')
baseline = ("SELECT document_id, subject FROM search.documents WHERE search.fold(subject) LIKE '%phe duyet de an chuyen doi so%' "
            "ORDER BY send_time DESC LIMIT 21;\n")
open(f"{sys.argv[2]}/baseline.sql", 'w').write(baseline)
# Side by side with Exchange's tables: Search's statements (DocumentQueryStore.documents(numberAndNotation:) and the
# pages above, the latter without text) beside the direct ones.
member = "'000.00.00.H01'"
open(f"{sys.argv[2]}/search-number.sql", 'w').write(
    "SELECT d.document_id, d.subject FROM search.documents d WHERE d.number_and_notation = '7816/CV-B12' "
    "AND ('' = '' OR d.parties @> ARRAY[''::text]) ORDER BY d.send_time DESC, d.document_id LIMIT 50;\n")
open(f"{sys.argv[2]}/exchange-number.sql", 'w').write(
    "SELECT document_id, send_time FROM exchange.documents WHERE document_id LIKE '%,7816/CV-B12%' "
    "ORDER BY send_time DESC, document_id LIMIT 50;\n")
open(f"{sys.argv[2]}/exchange-member-newest.sql", 'w').write(
    "SELECT document_id, t FROM ((SELECT document_id, send_time AS t FROM exchange.documents WHERE sender = " + member
    + " ORDER BY send_time DESC, document_id DESC LIMIT 21) UNION ALL (SELECT document_id, create_time FROM "
    "exchange.deliveries WHERE recipient = " + member + " AND kind = 1 ORDER BY create_time DESC, document_id DESC "
    "LIMIT 21)) x ORDER BY t DESC, document_id DESC LIMIT 21;\n")
values = params('')
values.update({'$1': "''", '$2': "''", '$13': "''", '$5': "'{G12,H01}'::text[]", '$8': "'{1,2,3}'::int4[]"})
values['$3'] = "'{}'::text[]"; values['$4'] = "'{}'::text[]"; values['$9'] = "'{}'::int4[]"
values['$10'] = "'{}'::int4[]"; values['$6'] = 'NULL::timestamptz'; values['$7'] = 'NULL::timestamptz'
values['$12'] = '4::int2'
open(f"{sys.argv[2]}/search-filtered-list.sql", 'w').write(' '.join((
    "SELECT d.document_id, d.subject FROM search.documents d WHERE " + bind(condition, values)
    + " ORDER BY d.send_time DESC, d.document_id LIMIT 21;").split()) + '\n')
open(f"{sys.argv[2]}/exchange-filtered-list.sql", 'w').write(
    "SELECT d.document_id, d.send_time FROM exchange.documents d WHERE d.priority = ANY('{1,2,3}') AND "
    "(split_part(d.sender, '.', 4) = ANY('{G12,H01}') OR EXISTS (SELECT 1 FROM exchange.deliveries r WHERE "
    "r.document_id = d.document_id AND r.kind = 1 AND split_part(r.recipient, '.', 4) = ANY('{G12,H01}'))) "
    "ORDER BY d.send_time DESC, d.document_id LIMIT 21;\n")
PY

side_by_side=""
[ -n "${EXCHANGE:-}" ] && side_by_side="search-number exchange-number member-newest exchange-member-newest search-filtered-list exchange-filtered-list"

echo "| query | documents | clients | queries | p50 | p95 | p99 |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for kind in ${KINDS:-accented unaccented misspelt filtered number newest member-newest baseline $side_by_side}; do
  pgbench "$url" -n -M extended -c "$clients" -j "$clients" -T "$seconds" -f "$work/$kind.sql" -l \
    --log-prefix="$work/log-$kind" >/dev/null 2>"$work/$kind.err" || { cat "$work/$kind.err" >&2; exit 1; }
  cat "$work/log-$kind".* 2>/dev/null | awk '{ print $3 }' | sort -n | awk -v kind="$kind" -v docs="$documents" \
    -v clients="$clients" '
    { v[NR] = $1 }
    END {
      if (NR == 0) { print "| " kind " | no queries |"; exit }
      printf "| %s | %d | %d | %d | %.1f ms | %.1f ms | %.1f ms |\n", kind, docs, clients, NR,
        v[int(NR * 0.50 + 0.5)] / 1000, v[int(NR * 0.95 + 0.5)] / 1000, v[int(NR * 0.99 + 0.5)] / 1000
    }'
done
