package aws

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/redshift"
	rstypes "github.com/aws/aws-sdk-go-v2/service/redshift/types"

	"github.com/storewatch/storewatch/inventory"
)

// redshiftAPI is the part of the Redshift API the collector calls.
type redshiftAPI interface {
	DescribeClusters(ctx context.Context, in *redshift.DescribeClustersInput, opts ...func(*redshift.Options)) (*redshift.DescribeClustersOutput, error)
	DescribeLoggingStatus(ctx context.Context, in *redshift.DescribeLoggingStatusInput, opts ...func(*redshift.Options)) (*redshift.DescribeLoggingStatusOutput, error)
	DescribeClusterParameters(ctx context.Context, in *redshift.DescribeClusterParametersInput, opts ...func(*redshift.Options)) (*redshift.DescribeClusterParametersOutput, error)
	DescribeEventSubscriptions(ctx context.Context, in *redshift.DescribeEventSubscriptionsInput, opts ...func(*redshift.Options)) (*redshift.DescribeEventSubscriptionsOutput, error)
}

// redshiftAuditParameters are the parameters without which audit logs stay empty:
// useractivitylog needs enable_user_activity_logging
// (https://docs.aws.amazon.com/redshift/latest/mgmt/db-auditing.html).
var redshiftAuditParameters = map[string]bool{"enable_user_activity_logging": true, "require_ssl": true}

// collectRedshift collects the region's provisioned clusters with their audit logging
// status and parameters, and the Redshift event subscriptions.
func collectRedshift(ctx context.Context, s *scope, api redshiftAPI) error {
	if s.plan.Has(opDescribeRedshiftClusters) {
		if err := collectRedshiftClusters(ctx, s, api); err != nil {
			return err
		}
	}
	if s.plan.Has(opDescribeRedshiftEventSubs) {
		return collectRedshiftEventSubscriptions(ctx, s, api)
	}
	return nil
}

func collectRedshiftClusters(ctx context.Context, s *scope, api redshiftAPI) error {
	var clusters []inventory.RedshiftCluster
	p := redshift.NewDescribeClustersPaginator(api, &redshift.DescribeClustersInput{},
		func(o *redshift.DescribeClustersPaginatorOptions) { o.StopOnDuplicateToken = true })
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			if err := s.listingFailed(ctx, opDescribeRedshiftClusters, err); err != nil {
				return err
			}
			break
		}
		for _, c := range page.Clusters {
			name := aws.ToString(c.ClusterIdentifier)
			rc := inventory.RedshiftCluster{
				Meta:          s.meta(inventory.TypeRedshiftCluster, s.arn("redshift", "cluster:"+name), name),
				NodeType:      aws.ToString(c.NodeType),
				NumberOfNodes: int(aws.ToInt32(c.NumberOfNodes)),
				Status:        aws.ToString(c.ClusterStatus),
				Encrypted:     aws.ToBool(c.Encrypted),
			}
			rc.Tags = tagMap(c.Tags, func(t rstypes.Tag) (string, string) { return aws.ToString(t.Key), aws.ToString(t.Value) })
			if len(c.ClusterParameterGroups) > 0 {
				rc.ParameterGroup = aws.ToString(c.ClusterParameterGroups[0].ParameterGroupName)
			}
			clusters = append(clusters, rc)
		}
	}
	var params cache[map[string]string]
	err := forEach(ctx, s.detail, len(clusters), func(ctx context.Context, i int) error {
		c := &clusters[i]
		if s.plan.Has(opDescribeLoggingStatus) {
			out, err := api.DescribeLoggingStatus(ctx, &redshift.DescribeLoggingStatusInput{ClusterIdentifier: aws.String(c.Name)})
			if err != nil {
				if err := s.failed(ctx, &c.Meta, opDescribeLoggingStatus, err); err != nil {
					return err
				}
			} else {
				c.Logging = &inventory.RedshiftLogging{
					Enabled:         aws.ToBool(out.LoggingEnabled),
					DestinationType: string(out.LogDestinationType),
					BucketName:      aws.ToString(out.BucketName),
					LogExports:      out.LogExports,
					LastFailure:     aws.ToString(out.LastFailureMessage),
				}
				// Before destinations existed, S3 was the only one.
				if c.Logging.Enabled && c.Logging.DestinationType == "" && c.Logging.BucketName != "" {
					c.Logging.DestinationType = string(rstypes.LogDestinationTypeS3)
				}
			}
		}
		if !s.plan.Has(opDescribeClusterParameters) || c.ParameterGroup == "" {
			return nil
		}
		got, err := params.get(c.ParameterGroup, func() (map[string]string, error) {
			out := map[string]string{}
			p := redshift.NewDescribeClusterParametersPaginator(api, &redshift.DescribeClusterParametersInput{ParameterGroupName: aws.String(c.ParameterGroup)},
				func(o *redshift.DescribeClusterParametersPaginatorOptions) { o.StopOnDuplicateToken = true })
			for p.HasMorePages() {
				page, err := p.NextPage(ctx)
				if err != nil {
					return nil, err
				}
				for _, prm := range page.Parameters {
					if name := aws.ToString(prm.ParameterName); redshiftAuditParameters[name] && prm.ParameterValue != nil {
						out[name] = *prm.ParameterValue
					}
				}
			}
			return out, nil
		})
		if err != nil {
			return s.failed(ctx, &c.Meta, opDescribeClusterParameters, err)
		}
		c.Parameters = got
		return nil
	})
	if err != nil {
		return err
	}
	s.out.add(func(snap *inventory.Snapshot) { snap.RedshiftClusters = append(snap.RedshiftClusters, clusters...) })
	return nil
}

func collectRedshiftEventSubscriptions(ctx context.Context, s *scope, api redshiftAPI) error {
	var subs []inventory.EventSubscription
	p := redshift.NewDescribeEventSubscriptionsPaginator(api, &redshift.DescribeEventSubscriptionsInput{},
		func(o *redshift.DescribeEventSubscriptionsPaginatorOptions) { o.StopOnDuplicateToken = true })
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			if err := s.listingFailed(ctx, opDescribeRedshiftEventSubs, err); err != nil {
				return err
			}
			break
		}
		for _, e := range page.EventSubscriptionsList {
			name := aws.ToString(e.CustSubscriptionId)
			sub := inventory.EventSubscription{
				Meta:            s.meta(inventory.TypeRedshiftEventSubscription, s.arn("redshift", "eventsubscription:"+name), name),
				Service:         "redshift",
				SourceType:      aws.ToString(e.SourceType),
				EventCategories: e.EventCategoriesList,
				SourceIDs:       e.SourceIdsList,
				Severity:        aws.ToString(e.Severity),
				Enabled:         aws.ToBool(e.Enabled),
				SNSTopicARN:     aws.ToString(e.SnsTopicArn),
				Status:          aws.ToString(e.Status),
			}
			sub.Tags = tagMap(e.Tags, func(t rstypes.Tag) (string, string) { return aws.ToString(t.Key), aws.ToString(t.Value) })
			subs = append(subs, sub)
		}
	}
	s.out.add(func(snap *inventory.Snapshot) { snap.EventSubscriptions = append(snap.EventSubscriptions, subs...) })
	return nil
}
