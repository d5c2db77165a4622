package storewatch.lib.recommended_alarms_test

import data.storewatch.lib.recommended_alarms as rec
import data.storewatch.test.fixtures

judgement := {"kind": "s3_bucket", "metrics": 3, "missing": [], "settings": [], "automation": "", "automation_alarms": []}

test_judged_pairs_stores_with_their_judgement if {
	judged := object.union(fixtures.s3_bucket, {"posture": object.union(fixtures.s3_bucket.posture, {"recommended_alarms": judgement})})
	other := object.union(fixtures.s3_bucket, {"id": "arn:aws:s3:::member"})
	pairs := rec.judged with input as {"s3_buckets": [judged, other]}
	pairs == [[judged, judgement]]
	count(rec.judged) == 0 with input as {"trails": [fixtures.trail]}
}

test_every_kind_has_a_label if {
	count(rec.kind_labels) == 14
}

test_labels if {
	rec.label("example", "arn:aws:s3:::example") == "example"
	rec.label("", "aws_s3_bucket.example") == "aws_s3_bucket.example"
}

test_unlisted_names_the_accounts if {
	store := {"region": "us-east-1", "posture": {"alarms_known": "no", "unlisted_alarm_accounts": ["444455556666"]}}
	rec.unlisted(store) == "the alarms of account 444455556666 in us-east-1 could not be listed, and a cross-account alarm among them may read its metrics"
	two := object.union(store, {"posture": {"unlisted_alarm_accounts": ["111122223333", "444455556666"]}})
	rec.unlisted(two) == "the alarms of accounts 111122223333, 444455556666 in us-east-1 could not be listed, and a cross-account alarm among them may read its metrics"
	rec.unlisted({"region": "us-east-1", "posture": {"alarms_known": "no"}}) == "the alarms of us-east-1 could not be listed"
}
