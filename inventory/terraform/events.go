package terraform

import (
	"github.com/storewatch/storewatch/inventory"
)

// Event notification subscriptions: RDS (and DocumentDB and Neptune, which share its event
// API) and Redshift.

func mapRDSEventSubscription(c *converter, in *instance) {
	e := &inventory.EventSubscription{Meta: c.meta(in, inventory.TypeRDSEventSubscription), Service: "rds"}
	r := c.reader(in, &e.Meta)
	// Without source_type the subscription covers every source type.
	e.SourceType = r.str("source_type", "source_type")
	e.EventCategories = r.strs("event_categories", "event_categories")
	e.SourceIDs = sourceIDs(r)
	// The provider defaults enabled to true.
	e.Enabled = r.boolean("enabled", true, "enabled")
	// aws_db_event_subscription names its topic sns_topic; aws_docdb_event_subscription
	// and aws_neptune_event_subscription name it sns_topic_arn.
	topicAttr := "sns_topic_arn"
	if in.rc.Type == "aws_db_event_subscription" {
		topicAttr = "sns_topic"
	}
	e.SNSTopicARN = r.ref("sns_topic_arn", topicAttr)
	in.item = e
}

func mapRedshiftEventSubscription(c *converter, in *instance) {
	e := &inventory.EventSubscription{Meta: c.meta(in, inventory.TypeRedshiftEventSubscription), Service: "redshift"}
	r := c.reader(in, &e.Meta)
	e.SourceType = r.str("source_type", "source_type")
	e.EventCategories = r.strs("event_categories", "event_categories")
	e.SourceIDs = sourceIDs(r)
	e.Severity = r.str("severity", "severity")
	e.Enabled = r.boolean("enabled", true, "enabled")
	e.SNSTopicARN = r.ref("sns_topic_arn", "sns_topic_arn")
	in.item = e
}

// sourceIDs are the identifiers a subscription is limited to. One unknown until apply
// becomes the address of the store it names; a store whose identifier is known is named by
// it, the way AWS lists it.
func sourceIDs(r reader) []string {
	l, ok := r.c.list(r.in, "source_ids")
	if !ok {
		r.unknown("source_ids")
		return nil
	}
	out := make([]string, 0, len(l))
	for _, v := range l {
		switch {
		case v.known:
			if s, ok := v.v.(string); ok {
				out = append(out, s)
			}
		case v.ref != "":
			if t := r.c.byAddress[v.ref]; t != nil && nameOf(t) != "" {
				out = append(out, nameOf(t))
			} else {
				out = append(out, v.ref)
			}
		default:
			r.unknown("source_ids")
		}
	}
	return out
}
