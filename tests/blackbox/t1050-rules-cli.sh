#!/bin/bash
# t1050-rules-cli: `danvan rules show`, `danvan deadline` and `danvan holidays`: output, exit
# codes, a known date (KN1_ACCEPT from 2026-12-01 is 2026-12-11) and a holiday that moves it.
. "$(dirname "$0")/lib.sh"

dv init --db "$DB" --key-file "$KEY"
assert_rc 0 "danvan init"
O=(--db "$DB" --key-file "$KEY")

# --- help lists the commands
dv --help
for c in rules deadline holidays; do
	grep -qw "$c" "$T/out" && ok "danvan --help lists $c" || not_ok "danvan --help does not list $c"
done
dv deadline --help
assert_rc 0 "danvan deadline --help"
grep -q -- "--remote" "$T/out" && ok "deadline --help documents --remote" || not_ok "deadline --help lacks --remote"

# --- rules show
dv rules show --at 2026-12-01 "${O[@]}"
assert_rc 0 "rules show --at 2026-12-01"
for r in KN1_ACCEPT KN1_SETTLE KN2_SETTLE TC_SETTLE PAKN_FWD CUTRI; do
	grep -q "^$r " "$T/out" && ok "rules show lists $r" || not_ok "rules show does not list $r"
done
assert_match 'KN1_SETTLE +30 +calendar +45 +45 +60' "$(grep '^KN1_SETTLE ' "$T/out")" "KN1_SETTLE: 30, complex 45, remote 45, both 60"
assert_match 'TC_SETTLE .*2x30' "$(grep '^TC_SETTLE ' "$T/out")" "TC_SETTLE: two extensions of 30 days"
assert_match 'working' "$(grep '^PAKN_FWD ' "$T/out")" "PAKN_FWD counts working days"
assert_match 'to verify' "$(grep '^KN2_ACCEPT ' "$T/out")" "an unconfirmed rule is shown 'to verify'"
assert_match '2025-07-01' "$(cat "$T/out")" "the list of rule sets shows the seeded set"
DANVAN_LANG=vi dv rules show --at 2026-12-01 "${O[@]}"
assert_match 'cần kiểm tra' "$(grep '^KN2_ACCEPT ' "$T/out")" "in Vietnamese: 'cần kiểm tra'"
dv rules show --at 2020-01-01 "${O[@]}"
assert_rc 1 "rules show before any rule set"
[ -s "$T/err" ] && ok "no rule set in force says why: $(head -1 "$T/err")" || not_ok "no message"
dv rules show --at 2026-02-30 "${O[@]}"
assert_rc 2 "rules show --at with an impossible date"
dv rules "${O[@]}"
assert_rc 2 "rules without a subcommand"
dv rules show extra "${O[@]}"
assert_rc 2 "rules show with an extra argument"
dv rules show --db "sqlite:$T/missing.db" --key-file "$KEY"
assert_rc 4 "rules show on a missing database"

# --- deadline
dv deadline --rule KN1_ACCEPT --from 2026-12-01 "${O[@]}"
assert_rc 0 "deadline KN1_ACCEPT from 2026-12-01"
assert_match '^2026-12-11' "$(head -1 "$T/out")" "KN1_ACCEPT from 2026-12-01 is due 2026-12-11"
assert_match 'KN1_ACCEPT' "$(cat "$T/out")" "the explanation names the rule"
dv deadline --rule KN1_SETTLE --from 2026-12-01 "${O[@]}"
assert_match '^2026-12-31' "$(head -1 "$T/out")" "KN1_SETTLE from 2026-12-01: 30 days, 2026-12-31"
dv deadline --rule KN1_SETTLE --from 2026-12-01 --remote --complex "${O[@]}"
assert_rc 0 "deadline --remote --complex"
# 60 days: 2027-01-30, a Saturday, rolls to Monday 2027-02-01
assert_match '^2027-02-01' "$(head -1 "$T/out")" "KN1_SETTLE remote and complex: 60 days, rolled to 2027-02-01"
dv deadline --rule PAKN_FWD --from 2026-12-04 "${O[@]}"
assert_match '^2026-12-11' "$(head -1 "$T/out")" "PAKN_FWD: 5 working days from Friday 2026-12-04 is 2026-12-11"
dv deadline --rule NO_SUCH_RULE --from 2026-12-01 "${O[@]}"
assert_rc 1 "deadline with an unknown rule"
assert_match 'NO_SUCH_RULE' "$(cat "$T/err")" "the error names the rule"
dv deadline --rule KN1_ACCEPT --from 01/12/2026 "${O[@]}"
assert_rc 2 "deadline with a malformed date"
dv deadline --from 2026-12-01 "${O[@]}"
assert_rc 2 "deadline without --rule"
dv deadline --rule KN1_ACCEPT "${O[@]}"
assert_rc 2 "deadline without --from"
dv deadline --rule KN1_ACCEPT --from 2026-12-01 --remote=yes "${O[@]}"
assert_rc 2 "a flag given a value"

# --- holidays
dv holidays list "${O[@]}"
assert_rc 0 "holidays list on a new database"
dv holidays add 2026-12-11 "Ngày nghỉ bù (thử)" "${O[@]}"
assert_rc 0 "holidays add 2026-12-11"
dv holidays list "${O[@]}"
assert_match '2026-12-11 +Ngày nghỉ bù \(thử\)' "$(cat "$T/out")" "the holiday is listed with its name"
dv deadline --rule KN1_ACCEPT --from 2026-12-01 "${O[@]}"
# 2026-12-11 is now a holiday, then a weekend: Monday 2026-12-14
assert_match '^2026-12-14' "$(head -1 "$T/out")" "a holiday added moves KN1_ACCEPT to 2026-12-14"
n=$(sql "SELECT count(*) FROM audit_log WHERE action = 'holiday.add'")
assert_eq 1 "$n" "adding a holiday is audited"
dv holidays add 2026-12-11 "Ngày nghỉ bù" "${O[@]}"
assert_rc 0 "adding the same day again renames it"
assert_eq 1 "$(sql "SELECT count(*) FROM holiday")" "still one holiday"
before=$(sql "SELECT count(*) FROM holiday"; sql "SELECT count(*) FROM audit_log")
dv holidays add 2026-02-30 "Sai" "${O[@]}"
assert_rc 2 "holidays add with an impossible date"
dv holidays add 2026-12-12 "" "${O[@]}"
assert_rc 1 "holidays add with an empty name"
dv holidays add 2026-12-12 "$(printf 'a\nb')" "${O[@]}"
assert_rc 1 "holidays add with a two-line name"
dv holidays add 2026-12-12 "${O[@]}"
assert_rc 2 "holidays add without a name"
dv holidays remove 2026-12-25 "${O[@]}"
assert_rc 1 "removing a day that was never added"
dv holidays frobnicate "${O[@]}"
assert_rc 2 "holidays with an unknown subcommand"
after=$(sql "SELECT count(*) FROM holiday"; sql "SELECT count(*) FROM audit_log")
assert_eq "$before" "$after" "bad holiday commands change nothing"
dv holidays remove 2026-12-11 "${O[@]}"
assert_rc 0 "holidays remove 2026-12-11"
dv deadline --rule KN1_ACCEPT --from 2026-12-01 "${O[@]}"
assert_match '^2026-12-11' "$(head -1 "$T/out")" "removed: KN1_ACCEPT is back to 2026-12-11"

done_testing
