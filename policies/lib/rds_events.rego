# METADATA
# title: RDS event subscription coverage of a region
# description: |
#   Shared by SW-EV-01 to SW-EV-04: reads a region's resolved RDS event subscriptions
#   (posture.rds_event_subscriptions) and says, per required event category, whether an
#   enabled subscription to every source of the type delivers it to an SNS topic with a
#   confirmed subscriber.
package storewatch.lib.rds_events

# entry is the region's entry for a source type; a region whose posture has none (not
# resolved) reads as one without subscriptions.
entry(region, source_type) := e if {
	some e in region.posture.rds_event_subscriptions
	e.source_type == source_type
} else := {
	"source_type": source_type, "categories": [], "subscriptions": [], "notified": "no",
	"category_notified": {}, "scoped_subscriptions": [],
}

# status says how category c reaches people: yes, unknown (a topic could not be read), no
# (covered, but no topic has a confirmed subscriber) or none (no subscription covers it).
status(e, c) := "yes" if {
	"yes" in reach(e, c)
} else := "unknown" if {
	"unknown" in reach(e, c)
} else := "no" if {
	"no" in reach(e, c)
} else := "none"

reach(e, c) := {object.get(e.category_notified, c, ""), object.get(e.category_notified, "*", "")}

categories_with(e, required, st) := sort([c | some c in required; status(e, c) == st])

# problems lists, for a deny, what is wrong with the region's coverage of the required
# categories; it is empty when nothing is.
problems(e, required) := array.concat(
	[sprintf("no enabled subscription to every %s covers %s", [e.source_type, concat(", ", none)]) |
		none := categories_with(e, required, "none")
		count(none) > 0
	],
	[sprintf("the subscriptions covering %s reach no confirmed SNS subscriber", [concat(", ", silent)]) |
		silent := categories_with(e, required, "no")
		count(silent) > 0
	],
)

# undecided lists the required categories whose only subscriptions send to topics that
# could not be read.
undecided(e, required) := categories_with(e, required, "unknown")

evidence(e, required) := {
	"source_type": e.source_type,
	"required_categories": sort(required),
	"covered_categories": e.categories,
	"subscriptions": e.subscriptions,
	"scoped_subscriptions": e.scoped_subscriptions,
}

# scoped_note tells the reader why a subscription they see was not counted.
scoped_note(e) := sprintf(" (subscriptions limited to named sources do not count: %s)", [concat(", ", e.scoped_subscriptions)]) if {
	count(e.scoped_subscriptions) > 0
} else := ""

# has_rds_stores holds for regions with RDS DB instances or clusters, whose parameter and
# security groups the db-parameter-group and db-security-group events are about.
has_rds_stores(region) if object.get(region.posture.store_count, "AWS::RDS::DBInstance", 0) > 0

has_rds_stores(region) if object.get(region.posture.store_count, "AWS::RDS::DBCluster", 0) > 0
