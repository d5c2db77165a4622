package terraform

import (
	"slices"
	"testing"
)

// aws_db_event_subscription names its topic sns_topic; the DocumentDB and Neptune
// resources, like Redshift's, name it sns_topic_arn.
func TestEventSubscriptionTopicAttribute(t *testing.T) {
	const topic = "arn:aws:sns:us-east-1:111122223333:ops"
	for _, tt := range []struct{ typ, attr string }{
		{"aws_db_event_subscription", "sns_topic"},
		{"aws_docdb_event_subscription", "sns_topic_arn"},
		{"aws_neptune_event_subscription", "sns_topic_arn"},
		{"aws_redshift_event_subscription", "sns_topic_arn"},
	} {
		t.Run(tt.typ, func(t *testing.T) {
			after := map[string]any{"name": "s", tt.attr: topic, "source_type": "db-cluster", "enabled": true,
				"event_categories": []any{}, "source_ids": []any{}}
			s := convertPlan(t, planJSON(t, []change{created(tt.typ+".s", after, map[string]any{"arn": true, "id": true})}, nil), nil).Snapshot
			if len(s.EventSubscriptions) != 1 {
				t.Fatalf("event subscriptions: %+v", s.EventSubscriptions)
			}
			e := s.EventSubscriptions[0]
			if e.SNSTopicARN != topic || slices.Contains(e.UnknownFields, "sns_topic_arn") {
				t.Errorf("sns_topic_arn = %q (unknown %v), want %q", e.SNSTopicARN, e.UnknownFields, topic)
			}
		})
	}
}
