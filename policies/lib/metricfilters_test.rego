package storewatch.lib.metricfilters_test

import data.storewatch.lib.metricfilters as mf
import data.storewatch.test.fixtures

account(controls) := object.union(fixtures.account, {"posture": {"metric_filter_controls": controls}})

control(key, status, reason) := {
	"control": key,
	"status": status,
	"reason": reason,
	"chain": {"trail": "t", "log_group": "g", "filter": "", "metric": "", "namespace": "", "alarm": "", "topic": ""},
}

test_failures_report_the_missing_link if {
	inp := {"accounts": [account([control("MF-04", "no", "no metric filter equivalent to the CIS 4.4 pattern in log group g")])]}
	fs := mf.failures("MF-04", "IAM policy changes") with input as inp
	some f in fs
	f.id == fixtures.account.id
	f.msg == "Account 111122223333 has no alarm on IAM policy changes: no metric filter equivalent to the CIS 4.4 pattern in log group g"
	f.evidence.control == "MF-04"
	f.evidence.chain.log_group == "g"
}

test_failures_ignore_other_controls_and_passes if {
	inp := {"accounts": [account([control("MF-04", "yes", ""), control("MF-05", "no", "x")])]}
	count(mf.failures("MF-04", "t")) == 0 with input as inp
	count(mf.unknowns("MF-04", "t")) == 0 with input as inp
}

test_unknown_status_is_undecided if {
	inp := {"accounts": [account([control("MF-06", "unknown", "the alarms could not be listed")])]}
	us := mf.unknowns("MF-06", "console authentication failures") with input as inp
	some u in us
	u.id == fixtures.account.id
	contains(u.msg, "the alarms could not be listed")
	count(mf.failures("MF-06", "t")) == 0 with input as inp
}

test_unexpected_status_is_undecided if {
	inp := {"accounts": [account([control("MF-06", "", "")])]}
	count(mf.unknowns("MF-06", "t")) == 1 with input as inp
}

test_missing_control_is_undecided_never_a_pass if {
	inp := {"accounts": [account([control("MF-01", "yes", "")])]}
	us := mf.unknowns("MF-02", "console sign-in without MFA") with input as inp
	some u in us
	contains(u.msg, "no MF-02 entry")
}

test_each_account_judged_alone if {
	other := object.union(account([control("MF-01", "yes", "")]), {"id": "444455556666"})
	inp := {"accounts": [account([control("MF-01", "no", "r")]), other]}
	fs := mf.failures("MF-01", "t") with input as inp
	{f.id | some f in fs} == {fixtures.account.id}
}
