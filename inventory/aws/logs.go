package aws

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	logtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"

	"github.com/storewatch/storewatch/inventory"
)

// logsAPI is the part of the CloudWatch Logs API the collector calls.
type logsAPI interface {
	DescribeLogGroups(ctx context.Context, in *cloudwatchlogs.DescribeLogGroupsInput, opts ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.DescribeLogGroupsOutput, error)
	DescribeMetricFilters(ctx context.Context, in *cloudwatchlogs.DescribeMetricFiltersInput, opts ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.DescribeMetricFiltersOutput, error)
	DescribeSubscriptionFilters(ctx context.Context, in *cloudwatchlogs.DescribeSubscriptionFiltersInput, opts ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.DescribeSubscriptionFiltersOutput, error)
	DescribeResourcePolicies(ctx context.Context, in *cloudwatchlogs.DescribeResourcePoliciesInput, opts ...func(*cloudwatchlogs.Options)) (*cloudwatchlogs.DescribeResourcePoliciesOutput, error)
}

// collectLogs collects the region's log groups with their metric and subscription
// filters, and the account's CloudWatch Logs resource policies in the region.
func collectLogs(ctx context.Context, s *scope, api logsAPI) error {
	if s.plan.Has(opDescribeLogGroups) {
		if err := collectLogGroups(ctx, s, api); err != nil {
			return err
		}
	}
	if s.plan.Has(opDescribeLogPolicies) {
		return collectLogPolicies(ctx, s, api)
	}
	return nil
}

func collectLogGroups(ctx context.Context, s *scope, api logsAPI) error {
	var groups []inventory.LogGroup
	p := cloudwatchlogs.NewDescribeLogGroupsPaginator(api, &cloudwatchlogs.DescribeLogGroupsInput{},
		func(o *cloudwatchlogs.DescribeLogGroupsPaginatorOptions) { o.StopOnDuplicateToken = true })
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			if err := s.listingFailed(ctx, opDescribeLogGroups, err); err != nil {
				return err
			}
			break
		}
		for _, g := range page.LogGroups {
			groups = append(groups, logGroupFromAPI(s, g))
		}
	}
	byName := make(map[string]int, len(groups))
	for i := range groups {
		byName[groups[i].Name] = i
	}
	if s.plan.Has(opDescribeMetricFilter) {
		// One region-wide listing instead of one call per group: DescribeLogGroups'
		// metricFilterCount cannot be trusted to skip groups without filters everywhere.
		p := cloudwatchlogs.NewDescribeMetricFiltersPaginator(api, &cloudwatchlogs.DescribeMetricFiltersInput{},
			func(o *cloudwatchlogs.DescribeMetricFiltersPaginatorOptions) { o.StopOnDuplicateToken = true })
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				if err := s.listingFailed(ctx, opDescribeMetricFilter, err); err != nil {
					return err
				}
				break
			}
			for _, f := range page.MetricFilters {
				i, ok := byName[aws.ToString(f.LogGroupName)]
				if !ok {
					continue
				}
				mf := inventory.MetricFilter{Name: aws.ToString(f.FilterName), Pattern: aws.ToString(f.FilterPattern)}
				for _, t := range f.MetricTransformations {
					mf.Transformations = append(mf.Transformations, inventory.MetricTransformation{
						MetricName: aws.ToString(t.MetricName), MetricNamespace: aws.ToString(t.MetricNamespace), MetricValue: aws.ToString(t.MetricValue),
					})
				}
				groups[i].MetricFilters = append(groups[i].MetricFilters, mf)
			}
		}
	}
	if s.plan.Has(opDescribeSubFilters) {
		err := forEach(ctx, s.detail, len(groups), func(ctx context.Context, i int) error {
			g := &groups[i]
			p := cloudwatchlogs.NewDescribeSubscriptionFiltersPaginator(api, &cloudwatchlogs.DescribeSubscriptionFiltersInput{LogGroupName: aws.String(g.Name)},
				func(o *cloudwatchlogs.DescribeSubscriptionFiltersPaginatorOptions) { o.StopOnDuplicateToken = true })
			var filters []inventory.SubscriptionFilter
			for p.HasMorePages() {
				page, err := p.NextPage(ctx)
				if err != nil {
					return s.failed(ctx, &g.Meta, opDescribeSubFilters, err)
				}
				for _, f := range page.SubscriptionFilters {
					filters = append(filters, inventory.SubscriptionFilter{
						Name: aws.ToString(f.FilterName), FilterPattern: aws.ToString(f.FilterPattern), DestinationARN: aws.ToString(f.DestinationArn),
					})
				}
			}
			g.SubscriptionFilters = filters
			return nil
		})
		if err != nil {
			return err
		}
	}
	s.out.add(func(snap *inventory.Snapshot) { snap.LogGroups = append(snap.LogGroups, groups...) })
	return nil
}

func logGroupFromAPI(s *scope, g logtypes.LogGroup) inventory.LogGroup {
	arn := aws.ToString(g.LogGroupArn)
	if arn == "" {
		arn = strings.TrimSuffix(aws.ToString(g.Arn), ":*")
	}
	name := aws.ToString(g.LogGroupName)
	if arn == "" {
		arn = s.arn("logs", "log-group:"+name)
	}
	out := inventory.LogGroup{
		Meta:     s.meta(inventory.TypeLogGroup, arn, name),
		KMSKeyID: aws.ToString(g.KmsKeyId),
		// ACTIVATED is the only status under which the policy masks data.
		DataProtection: g.DataProtectionStatus == logtypes.DataProtectionStatusActivated,
	}
	if g.RetentionInDays != nil {
		days := int(*g.RetentionInDays)
		out.RetentionDays = &days
	}
	return out
}

// collectLogPolicies reads the region's CloudWatch Logs resource policies. An account
// holds at most 10 per region, so one call with the largest page answers: the API has no
// paginator in the SDK.
func collectLogPolicies(ctx context.Context, s *scope, api logsAPI) error {
	out, err := api.DescribeResourcePolicies(ctx, &cloudwatchlogs.DescribeResourcePoliciesInput{Limit: aws.Int32(50)})
	if err != nil {
		return s.listingFailed(ctx, opDescribeLogPolicies, err)
	}
	var policies []inventory.LogResourcePolicy
	for _, p := range out.ResourcePolicies {
		policies = append(policies, inventory.LogResourcePolicy{
			Name: aws.ToString(p.PolicyName), Region: s.region, Document: aws.ToString(p.PolicyDocument),
		})
	}
	s.out.addLogPolicies(policies)
	return nil
}
