package aws

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"
	ectypes "github.com/aws/aws-sdk-go-v2/service/elasticache/types"
	"github.com/aws/smithy-go"

	"github.com/storewatch/storewatch/inventory"
)

// elastiCacheAPI is the part of the ElastiCache API the collector calls.
type elastiCacheAPI interface {
	DescribeReplicationGroups(ctx context.Context, in *elasticache.DescribeReplicationGroupsInput, opts ...func(*elasticache.Options)) (*elasticache.DescribeReplicationGroupsOutput, error)
	DescribeCacheClusters(ctx context.Context, in *elasticache.DescribeCacheClustersInput, opts ...func(*elasticache.Options)) (*elasticache.DescribeCacheClustersOutput, error)
}

// collectElastiCache collects the region's replication groups and the cache clusters
// that belong to none. A member cluster is judged through its group (the group's Members
// name it), except for its notification topic: only cache clusters carry one, so a
// group takes its members'.
func collectElastiCache(ctx context.Context, s *scope, api elastiCacheAPI) error {
	var items []inventory.ElastiCacheCluster
	groupIndex := map[string]int{}
	if s.plan.Has(opDescribeReplicationGroups) {
		p := elasticache.NewDescribeReplicationGroupsPaginator(api, &elasticache.DescribeReplicationGroupsInput{},
			func(o *elasticache.DescribeReplicationGroupsPaginatorOptions) { o.StopOnDuplicateToken = true })
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				if err := s.listingFailed(ctx, opDescribeReplicationGroups, err); err != nil {
					return err
				}
				break
			}
			for _, g := range page.ReplicationGroups {
				name := aws.ToString(g.ReplicationGroupId)
				arn := aws.ToString(g.ARN)
				if arn == "" {
					arn = s.arn("elasticache", "replicationgroup:"+name)
				}
				groupIndex[name] = len(items)
				items = append(items, inventory.ElastiCacheCluster{
					Meta:        s.meta(inventory.TypeElastiCacheReplicationGroup, arn, name),
					Engine:      aws.ToString(g.Engine),
					NodeType:    aws.ToString(g.CacheNodeType),
					Status:      aws.ToString(g.Status),
					Members:     g.MemberClusters,
					NodeGroups:  len(g.NodeGroups),
					LogDelivery: logDelivery(g.LogDeliveryConfigurations),
				})
			}
		}
	}
	if s.plan.Has(opDescribeCacheClusters) {
		// listed marks the groups of which the listing gave a member.
		listed := make([]bool, len(items))
		complete := true
		p := elasticache.NewDescribeCacheClustersPaginator(api, &elasticache.DescribeCacheClustersInput{},
			func(o *elasticache.DescribeCacheClustersPaginatorOptions) { o.StopOnDuplicateToken = true })
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				if err := s.listingFailed(ctx, opDescribeCacheClusters, err); err != nil {
					return err
				}
				complete = false
				break
			}
			for _, c := range page.CacheClusters {
				topic := ""
				if n := c.NotificationConfiguration; n != nil && aws.ToString(n.TopicStatus) != "inactive" {
					topic = aws.ToString(n.TopicArn)
				}
				if gid := aws.ToString(c.ReplicationGroupId); gid != "" {
					if i, ok := groupIndex[gid]; ok {
						listed[i] = true
						if items[i].NotificationTopic == "" {
							items[i].NotificationTopic = topic
						}
						if items[i].EngineVersion == "" {
							items[i].EngineVersion = aws.ToString(c.EngineVersion)
						}
						continue
					}
				}
				name := aws.ToString(c.CacheClusterId)
				arn := aws.ToString(c.ARN)
				if arn == "" {
					arn = s.arn("elasticache", "cluster:"+name)
				}
				items = append(items, inventory.ElastiCacheCluster{
					Meta:               s.meta(inventory.TypeElastiCacheCacheCluster, arn, name),
					Engine:             aws.ToString(c.Engine),
					EngineVersion:      aws.ToString(c.EngineVersion),
					NodeType:           aws.ToString(c.CacheNodeType),
					Status:             aws.ToString(c.CacheClusterStatus),
					ReplicationGroupID: aws.ToString(c.ReplicationGroupId),
					LogDelivery:        logDelivery(c.LogDeliveryConfigurations),
					NotificationTopic:  topic,
				})
			}
		}
		// A group whose members a complete listing left out (created or replaced between
		// the two listings) has a topic nobody read: say so on the group rather than let
		// it read as a group without one. (A failed listing is recorded for the region.)
		for i, ok := range listed {
			if !ok && complete && len(items[i].Members) > 0 {
				s.note(&items[i].Meta, s.region, opDescribeCacheClusters, errMembersNotListed(items[i].Members))
			}
		}
	}
	s.out.add(func(snap *inventory.Snapshot) { snap.ElastiCacheClusters = append(snap.ElastiCacheClusters, items...) })
	return nil
}

// errMembersNotListed is the collection error of a replication group none of whose member
// cache clusters the DescribeCacheClusters listing returned.
func errMembersNotListed(members []string) error {
	return &smithy.GenericAPIError{Code: "NotFound", Message: "the cache cluster listing returned none of the replication group's members (" +
		strings.Join(members, ", ") + "), which carry its notification topic"}
}

func logDelivery(cfgs []ectypes.LogDeliveryConfiguration) []inventory.ElastiCacheLogDelivery {
	var out []inventory.ElastiCacheLogDelivery
	for _, c := range cfgs {
		d := inventory.ElastiCacheLogDelivery{
			LogType: string(c.LogType), DestinationType: string(c.DestinationType),
			Format: string(c.LogFormat), Status: string(c.Status),
		}
		if dd := c.DestinationDetails; dd != nil {
			switch {
			case dd.CloudWatchLogsDetails != nil:
				d.Destination = aws.ToString(dd.CloudWatchLogsDetails.LogGroup)
			case dd.KinesisFirehoseDetails != nil:
				d.Destination = aws.ToString(dd.KinesisFirehoseDetails.DeliveryStream)
			}
		}
		out = append(out, d)
	}
	return out
}
