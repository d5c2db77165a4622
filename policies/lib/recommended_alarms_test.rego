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
