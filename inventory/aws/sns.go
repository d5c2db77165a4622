package aws

import (
	"context"
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/storewatch/storewatch/inventory"
)

// snsAPI is the part of the SNS API the collector calls.
type snsAPI interface {
	ListTopics(ctx context.Context, in *sns.ListTopicsInput, opts ...func(*sns.Options)) (*sns.ListTopicsOutput, error)
	ListSubscriptions(ctx context.Context, in *sns.ListSubscriptionsInput, opts ...func(*sns.Options)) (*sns.ListSubscriptionsOutput, error)
	GetTopicAttributes(ctx context.Context, in *sns.GetTopicAttributesInput, opts ...func(*sns.Options)) (*sns.GetTopicAttributesOutput, error)
}

// collectSNS collects the region's topics with their subscriptions. Subscriptions come
// from one region-wide listing (a page holds 100) rather than one call per topic.
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
	if s.plan.Has(opListSubscriptions) {
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
				break
			}
			for _, sub := range page.Subscriptions {
				i, ok := byARN[aws.ToString(sub.TopicArn)]
				if !ok {
					continue
				}
				arn := aws.ToString(sub.SubscriptionArn)
				protocol := aws.ToString(sub.Protocol)
				endpoint := aws.ToString(sub.Endpoint)
				if s.redact {
					endpoint = RedactEndpoint(protocol, endpoint)
				}
				topics[i].Subscriptions = append(topics[i].Subscriptions, inventory.Subscription{
					// A subscription awaiting confirmation has the ARN "PendingConfirmation";
					// only a real ARN delivers.
					ARN: arn, Protocol: protocol, Endpoint: endpoint, Confirmed: strings.HasPrefix(arn, "arn:"),
				})
			}
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
