package aws

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"

	"github.com/storewatch/storewatch/inventory"
)

// snsAPI is the part of the SNS API the collector calls.
type snsAPI interface {
	ListTopics(ctx context.Context, in *sns.ListTopicsInput, opts ...func(*sns.Options)) (*sns.ListTopicsOutput, error)
	ListSubscriptions(ctx context.Context, in *sns.ListSubscriptionsInput, opts ...func(*sns.Options)) (*sns.ListSubscriptionsOutput, error)
	ListSubscriptionsByTopic(ctx context.Context, in *sns.ListSubscriptionsByTopicInput, opts ...func(*sns.Options)) (*sns.ListSubscriptionsByTopicOutput, error)
	GetTopicAttributes(ctx context.Context, in *sns.GetTopicAttributesInput, opts ...func(*sns.Options)) (*sns.GetTopicAttributesOutput, error)
}

// collectSNS collects the region's topics with their subscriptions. Subscriptions come
// from one region-wide listing (a page holds 100) rather than one call per topic; only a
// topic that listing leaves without a confirmed subscription is listed on its own (see
// listTopicSubscriptions).
func collectSNS(ctx context.Context, s *scope, api snsAPI) error {
	if !s.plan.Has(opListTopics) {
		return nil
	}
	var topics []inventory.SNSTopic
	p := sns.NewListTopicsPaginator(api, &sns.ListTopicsInput{}, func(o *sns.ListTopicsPaginatorOptions) { o.StopOnDuplicateToken = true })
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			if err := s.listingFailed(ctx, opListTopics, err); err != nil {
				return err
			}
			break
		}
		for _, t := range page.Topics {
			arn := aws.ToString(t.TopicArn)
			topics = append(topics, inventory.SNSTopic{Meta: s.meta(inventory.TypeSNSTopic, arn, arnResource(arn))})
		}
	}
	byARN := make(map[string]int, len(topics))
	for i := range topics {
		byARN[topics[i].ARN] = i
	}
	// subs holds each topic's subscriptions as SNS gave them: the two listings are merged
	// before endpoints are redacted, which would make distinct pending subscriptions alike.
	subs := make([][]snstypes.Subscription, len(topics))
	listed := false
	if s.plan.Has(opListSubscriptions) {
		listed = true
		p := sns.NewListSubscriptionsPaginator(api, &sns.ListSubscriptionsInput{}, func(o *sns.ListSubscriptionsPaginatorOptions) { o.StopOnDuplicateToken = true })
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				// Every topic's subscriber list is now incomplete: the error is the
				// region's, and the topics say so too.
				if err := s.listingFailed(ctx, opListSubscriptions, err); err != nil {
					return err
				}
				for i := range topics {
					s.note(&topics[i].Meta, s.region, opListSubscriptions, err)
				}
				listed = false
				break
			}
			for _, sub := range page.Subscriptions {
				if i, ok := byARN[aws.ToString(sub.TopicArn)]; ok {
					subs[i] = append(subs[i], sub)
				}
			}
		}
	}
	// After a failed region-wide listing every topic is already unknown for the region:
	// listing each one would cost a call per topic and change no verdict.
	if listed && s.plan.Has(opListSubsByTopic) {
		var lone []int
		for i := range topics {
			if !anyConfirmed(subs[i]) {
				lone = append(lone, i)
			}
		}
		err := forEach(ctx, s.detail, len(lone), func(ctx context.Context, k int) error {
			i := lone[k]
			more, err := listTopicSubscriptions(ctx, api, topics[i].ARN)
			if err != nil {
				return s.failed(ctx, &topics[i].Meta, opListSubsByTopic, err)
			}
			subs[i] = mergeSubscriptions(subs[i], more)
			return nil
		})
		if err != nil {
			return err
		}
	}
	for i := range topics {
		for _, sub := range subs[i] {
			topics[i].Subscriptions = append(topics[i].Subscriptions, subscriptionFromAPI(sub, s.redact))
		}
	}
	if s.plan.Has(opGetTopicAttributes) {
		err := forEach(ctx, s.detail, len(topics), func(ctx context.Context, i int) error {
			t := &topics[i]
			out, err := api.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: aws.String(t.ARN)})
			if err != nil {
				return s.failed(ctx, &t.Meta, opGetTopicAttributes, err)
			}
			t.KMSKeyID = out.Attributes["KmsMasterKeyId"]
			return nil
		})
		if err != nil {
			return err
		}
	}
	s.out.add(func(snap *inventory.Snapshot) { snap.SNSTopics = append(snap.SNSTopics, topics...) })
	return nil
}

// listTopicSubscriptions lists every subscription of a topic, whoever owns it.
// ListSubscriptions returns only the requester's own subscriptions, so a subscription
// another account made to the topic (a central operations account's queue or function on
// an alarm topic) appears only here:
// https://docs.aws.amazon.com/sns/latest/api/API_ListSubscriptions.html and
// https://docs.aws.amazon.com/sns/latest/api/API_ListSubscriptionsByTopic.html.
func listTopicSubscriptions(ctx context.Context, api snsAPI, topicARN string) ([]snstypes.Subscription, error) {
	var out []snstypes.Subscription
	p := sns.NewListSubscriptionsByTopicPaginator(api, &sns.ListSubscriptionsByTopicInput{TopicArn: aws.String(topicARN)},
		func(o *sns.ListSubscriptionsByTopicPaginatorOptions) { o.StopOnDuplicateToken = true })
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list subscriptions of topic %s: %w", topicARN, err)
		}
		out = append(out, page.Subscriptions...)
	}
	return out, nil
}

// mergeSubscriptions adds to have the subscriptions of more it lacks. A confirmed
// subscription is known by its ARN; a pending one has no ARN of its own (every pending
// subscription is "PendingConfirmation"), so it is known by its protocol, endpoint and
// owner, and stays pending.
func mergeSubscriptions(have, more []snstypes.Subscription) []snstypes.Subscription {
	seen := make(map[string]bool, len(have)+len(more))
	out := make([]snstypes.Subscription, 0, len(have)+len(more))
	for _, list := range [][]snstypes.Subscription{have, more} {
		for _, sub := range list {
			k := subscriptionKey(sub)
			if seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, sub)
		}
	}
	return out
}

func subscriptionKey(sub snstypes.Subscription) string {
	arn := aws.ToString(sub.SubscriptionArn)
	if subscriptionConfirmed(arn) {
		return arn
	}
	return strings.Join([]string{arn, aws.ToString(sub.Protocol), aws.ToString(sub.Endpoint), aws.ToString(sub.Owner)}, "\x00")
}

// subscriptionConfirmed: a subscription awaiting confirmation has the ARN
// "PendingConfirmation"; only a real ARN delivers.
func subscriptionConfirmed(arn string) bool { return strings.HasPrefix(arn, "arn:") }

func anyConfirmed(subs []snstypes.Subscription) bool {
	for _, sub := range subs {
		if subscriptionConfirmed(aws.ToString(sub.SubscriptionArn)) {
			return true
		}
	}
	return false
}

func subscriptionFromAPI(sub snstypes.Subscription, redact bool) inventory.Subscription {
	arn := aws.ToString(sub.SubscriptionArn)
	protocol := aws.ToString(sub.Protocol)
	endpoint := aws.ToString(sub.Endpoint)
	if redact {
		endpoint = RedactEndpoint(protocol, endpoint)
	}
	return inventory.Subscription{ARN: arn, Protocol: protocol, Endpoint: endpoint, Confirmed: subscriptionConfirmed(arn), Owner: aws.ToString(sub.Owner)}
}

// redacted replaces what a subscription endpoint must not reveal.
const redacted = "REDACTED"

// RedactEndpoint hides what an SNS subscription endpoint reveals about people and
// secrets: an email address or phone number entirely, an HTTP(S) URL down to its scheme
// and host (paths and queries carry tokens). Endpoints that are ARNs of the account's own
// resources (SQS, Lambda, Firehose, mobile applications) are kept: they are not secrets
// and they say where alarms go.
func RedactEndpoint(protocol, endpoint string) string {
	if endpoint == "" {
		return ""
	}
	switch strings.ToLower(protocol) {
	case "sqs", "lambda", "firehose", "application":
		if strings.HasPrefix(endpoint, "arn:") {
			return endpoint
		}
		return redacted
	case "http", "https":
		u, err := url.Parse(endpoint)
		if err != nil || u.Host == "" {
			return redacted
		}
		return u.Scheme + "://" + u.Hostname() + "/" + redacted
	default:
		return redacted
	}
}

// arnResource returns the resource part of an ARN (after the fifth colon).
func arnResource(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 {
		return arn
	}
	return parts[5]
}
