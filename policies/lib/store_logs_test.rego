package storewatch.lib.store_logs_test

import data.storewatch.lib.store_logs

link(overrides) := object.union({"type": "error", "log_group": "/g", "destination": "cloudwatch-logs", "group": null}, overrides)

test_group_undecided if {
	store_logs.group_undecided(link({})) == "error: the log group was not resolved"
	store_logs.group_undecided(link({"log_group": "", "group": {"found": "unknown"}})) == "error: whether its log group exists could not be established"
	store_logs.group_undecided(link({"group": {"found": "unknown"}})) == "error: whether /g exists could not be established"
	store_logs.group_undecided(link({"group": {"found": "unknown", "reason": ""}})) == "error: whether /g exists could not be established"
	store_logs.group_undecided(link({"group": {"found": "unknown", "reason": "the log groups of a in r could not be listed"}})) == "error: whether /g exists could not be established: the log groups of a in r could not be listed"
}

test_collections_hold_the_exporting_stores if {
	"db_clusters" in store_logs.collections
	not "s3_buckets" in store_logs.collections
}
