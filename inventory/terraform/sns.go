package terraform

import (
	"slices"

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
	onTarget(c, in, "topic_arn", "aws_sns_topic", func(t *inventory.SNSTopic, r reader) {
		addSubscription(c, in, t, r)
	})
}

func addSubscription(c *converter, in *instance, t *inventory.SNSTopic, r reader) {
	s := inventory.Subscription{Protocol: r.str("subscriptions", "protocol")}
	if v := c.get(in, "arn"); v.known {
		s.ARN = v.str()
	} else {
		s.ARN = in.address
	}
	// No rule judges the endpoint, so a sensitive one is redacted rather than made unknown.
	if in.after.get("endpoint").sensitive() {
		s.Endpoint = redacted
	} else {
		s.Endpoint = r.str("subscriptions", "endpoint")
	}
	if !confirmsAtOnce[s.Protocol] && s.Endpoint != "" {
		s.Endpoint = redacted
	}
	pending := c.get(in, "pending_confirmation")
	switch {
	case pending.known:
		b, _ := pending.v.(bool)
		s.Confirmed = !b
		if b {
			// The provider records the real ARN of a subscription still awaiting
			// confirmation; SNS lists it as PendingConfirmation, and a real ARN would
			// otherwise read as confirmed.
			s.ARN = inventory.PendingConfirmationARN
		}
	case confirmsAtOnce[s.Protocol]:
		s.Confirmed = true
	case (s.Protocol == "http" || s.Protocol == "https") && r.boolean("subscriptions", false, "endpoint_auto_confirms"):
		// The provider waits for an endpoint that confirms by itself.
		s.Confirmed = true
	default:
		// An email or web endpoint stays PendingConfirmation after apply until its owner
		// confirms: whether anyone will is unknown.
		s.Confirmed = false
		c.pendingTopics[t] = true
	}
	t.Subscriptions = append(t.Subscriptions, s)
}

// markPending records, on each topic whose only subscriptions await confirmation by a
// person, that its subscribers cannot be known until after apply: rules that need a
// confirmed subscriber then report unknown rather than fail a topic nobody could have
// confirmed yet.
func markPending(c *converter) {
	for t := range c.pendingTopics {
		setPending(t)
	}
}

// markPendingIn does the same on a merged snapshot, where live subscriptions may have been
// added to a planned topic and planned ones to a live topic.
func (c *converter) markPendingIn(s *inventory.Snapshot) {
	for i := range s.SNSTopics {
		t := &s.SNSTopics[i]
		if c.pendingTopics[t] || slices.ContainsFunc(t.Errors, isPending) {
			setPending(t)
		}
	}
}

func isPending(e inventory.CollectionError) bool {
	return e.Code == CodePendingConfirmation && e.Source == inventory.SourceTerraformPlan
}

func setPending(t *inventory.SNSTopic) {
	t.Errors = slices.DeleteFunc(t.Errors, isPending)
	for _, s := range t.Subscriptions {
		if s.Confirmed {
			return
		}
	}
	t.Errors = append(t.Errors, inventory.CollectionError{
		Source: inventory.SourceTerraformPlan, AccountID: t.AccountID, Region: t.Region,
		Service: "sns", Operation: "sns:ListSubscriptions", Resource: t.ID,
		Code:    CodePendingConfirmation,
		Message: "the topic's subscriptions stay pending after apply until their recipients confirm them",
	})
}

// CodePendingConfirmation is the collection error code of a topic whose subscribers are
// all waiting for their recipient's confirmation after apply.
const CodePendingConfirmation = inventory.CodePendingConfirmation
