package storewatch.lib.store_logs_test

import data.storewatch.lib.store_logs

link(overrides) := object.union({"type": "error", "log_group": "/g", "destination": "cloudwatch-logs", "group": null}, overrides)

test_cloudwatch_links_leave_out_s3 if {
	s := {"posture": {"logs": [link({}), link({"destination": "s3", "log_group": ""})]}}
	store_logs.cloudwatch_links(s) == [link({})]
}

test_exports_unknown if {
	store_logs.exports_unknown({"unknown_fields": ["enabled_log_exports"]})
	not store_logs.exports_unknown({"unknown_fields": ["tags"]})
	not store_logs.exports_unknown({})
}

test_group_undecided if {
	store_logs.group_undecided(link({})) == "error: the log group was not resolved"
	store_logs.group_undecided(link({"log_group": "", "group": {"found": "unknown"}})) == "error: whether its log group exists could not be established"
	not store_logs.group_undecided(link({"group": {"found": "yes"}}))
}
