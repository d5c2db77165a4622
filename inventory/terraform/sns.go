package terraform

import (
	"github.com/storewatch/storewatch/inventory"
)

// SNS topics and their subscriptions.

func mapSNSTopic(c *converter, in *instance) {
	t := &inventory.SNSTopic{Meta: c.meta(in, inventory.TypeSNSTopic)}
	r := c.reader(in, &t.Meta)
	t.KMSKeyID = r.ref("kms_key_id", "kms_master_key_id")
	t.Subscriptions = []inventory.Subscription{}
	if !in.isNew {
		// Subscriptions made outside this configuration do not show in the plan.
		r.unknown("subscriptions")
	}
	in.item = t
}

// confirmsAtOnce are the protocols whose subscriptions need no confirmation by the
// endpoint's owner (SNS sends no confirmation message for them).
var confirmsAtOnce = map[string]bool{"sqs": true, "lambda": true, "firehose": true, "application": true, "sms": true}

// redacted replaces subscription endpoints that may identify a person or hold a token (an
// email address, a URL), as the live collector does by default.
const redacted = "(redacted)"

func attachSubscription(c *converter, in *instance) {
	topic := c.target(in, c.get(in, "topic_arn"), "aws_sns_topic")
	if topic == nil {
		if v := c.get(in, "topic_arn"); v.known {
			c.warnf("%s: topic %q is not in the plan; with --snapshot it is judged as it is live", in.address, v.str())
		}
		return
	}
	t, ok := topic.item.(*inventory.SNSTopic)
	if !ok {
		return
	}
	r := c.reader(in, &t.Meta)
	s := inventory.Subscription{Protocol: r.str("subscriptions", "protocol")}
	if v := c.get(in, "arn"); v.known {
		s.ARN = v.str()
	} else {
		s.ARN = in.address
	}
	s.Endpoint = r.str("subscriptions", "endpoint")
	if !confirmsAtOnce[s.Protocol] && s.Endpoint != "" {
		s.Endpoint = redacted
	}
	pending := c.get(in, "pending_confirmation")
	switch {
	case pending.known:
		b, _ := pending.v.(bool)
		s.Confirmed = !b
	case confirmsAtOnce[s.Protocol]:
		s.Confirmed = true
	case (s.Protocol == "http" || s.Protocol == "https") && r.boolean("subscriptions", false, "endpoint_auto_confirms"):
		// The provider waits for an endpoint that confirms by itself.
		s.Confirmed = true
	default:
		// An email or web endpoint stays PendingConfirmation after apply until its owner
		// confirms: whether anyone will is unknown.
		s.Confirmed = false
		c.pendingTopics[topic] = true
	}
	t.Subscriptions = append(t.Subscriptions, s)
}

// markPending records, on each topic whose only subscriptions await confirmation by a
// person, that its subscribers cannot be known until after apply: rules that need a
// confirmed subscriber then report unknown rather than fail a topic nobody could have
// confirmed yet.
func markPending(c *converter) {
	for in := range c.pendingTopics {
		t, ok := in.item.(*inventory.SNSTopic)
		if !ok {
			continue
		}
		confirmed := false
		for _, s := range t.Subscriptions {
			confirmed = confirmed || s.Confirmed
		}
		if confirmed {
			continue
		}
		t.Errors = append(t.Errors, inventory.CollectionError{
			Source: inventory.SourceTerraformPlan, AccountID: t.AccountID, Region: t.Region,
			Service: "sns", Operation: "sns:ListSubscriptionsByTopic", Resource: t.ID,
			Code:    CodePendingConfirmation,
			Message: "the topic's subscriptions stay pending after apply until their recipients confirm them",
		})
	}
}

// CodePendingConfirmation is the collection error code of a topic whose subscribers are
// all waiting for their recipient's confirmation after apply.
const CodePendingConfirmation = "PendingConfirmation"
