package storewatch.lib.rds_events_test

import data.storewatch.lib.rds_events

entry_with(category_notified) := {
	"source_type": "db-instance", "categories": object.keys(category_notified), "subscriptions": ["s"],
	"notified": "yes", "category_notified": category_notified, "scoped_subscriptions": [],
}

test_all_categories_cover_every_category if {
	rds_events.status(entry_with({"*": "yes"}), "failure") == "yes"
}

test_best_status_wins if {
	rds_events.status(entry_with({"*": "no", "failure": "unknown"}), "failure") == "unknown"
	rds_events.status(entry_with({"*": "unknown", "failure": "yes"}), "failure") == "yes"
}

test_uncovered_category if {
	rds_events.status(entry_with({"maintenance": "yes"}), "failure") == "none"
}

test_missing_entry_reads_as_empty if {
	e := rds_events.entry({"posture": {"rds_event_subscriptions": []}}, "db-cluster")
	e.subscriptions == []
	rds_events.problems(e, {"failure"}) == ["no enabled subscription to every db-cluster covers failure"]
}
