package terraform

import (
	"testing"

	"github.com/storewatch/storewatch/inventory"
)

// A subscription already in state has a real ARN (the provider asks SNS for it) and
// pending_confirmation true until its owner confirms: it reaches no one yet.
func TestPendingSubscriptionWithARNIsNotConfirmed(t *testing.T) {
	topic := map[string]any{"name": "t", "arn": "arn:aws:sns:us-east-1:111122223333:t", "id": "arn:aws:sns:us-east-1:111122223333:t"}
	sub := map[string]any{"protocol": "email", "endpoint": "someone@example.com", "endpoint_auto_confirms": false,
		"arn":       "arn:aws:sns:us-east-1:111122223333:t:0b7f5a2c-1111-2222-3333-444455556666",
		"topic_arn": "arn:aws:sns:us-east-1:111122223333:t", "pending_confirmation": true}
	changes := []change{
		withActions("aws_sns_topic.t", []string{"no-op"}, topic, topic, nil),
		withActions("aws_sns_topic_subscription.s", []string{"no-op"}, sub, sub, nil),
	}
	s := convertPlan(t, planJSON(t, changes, nil), nil).Snapshot
	inventory.Resolve(s)
	if len(s.SNSTopics) != 1 || len(s.SNSTopics[0].Subscriptions) != 1 {
		t.Fatalf("topics: %+v", s.SNSTopics)
	}
	if n := s.SNSTopics[0].Posture.ConfirmedSubscribers; n != 0 {
		t.Errorf("confirmed subscribers = %d, want 0: %+v", n, s.SNSTopics[0].Subscriptions)
	}
}
