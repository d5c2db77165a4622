package aws

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"
	ectypes "github.com/aws/aws-sdk-go-v2/service/elasticache/types"
	"github.com/google/go-cmp/cmp"

	"github.com/storewatch/storewatch/inventory"
)

type fakeElastiCache struct {
	groups       []ectypes.ReplicationGroup
	clusters     []ectypes.CacheCluster
	denyClusters bool
}

func (f *fakeElastiCache) DescribeReplicationGroups(context.Context, *elasticache.DescribeReplicationGroupsInput, ...func(*elasticache.Options)) (*elasticache.DescribeReplicationGroupsOutput, error) {
	return &elasticache.DescribeReplicationGroupsOutput{ReplicationGroups: f.groups}, nil
}

func (f *fakeElastiCache) DescribeCacheClusters(context.Context, *elasticache.DescribeCacheClustersInput, ...func(*elasticache.Options)) (*elasticache.DescribeCacheClustersOutput, error) {
	if f.denyClusters {
		return nil, denied()
	}
	return &elasticache.DescribeCacheClustersOutput{CacheClusters: f.clusters}, nil
}

// A replication group's notification topic is read from its member cache clusters. When the
// listing leaves them all out, the topic was not read: the group carries an error for it
// (the resolver then says its topic is unknown), never an empty topic alone, which reads as
// a group without one.
func TestCollectElastiCacheGroupTopic(t *testing.T) {
	const topic = "arn:aws:sns:eu-west-1:111122223333:ops"
	group := func(name string, members ...string) ectypes.ReplicationGroup {
		return ectypes.ReplicationGroup{ReplicationGroupId: aws.String(name), Engine: aws.String("redis"), MemberClusters: members}
	}
	member := func(name, group, topic string) ectypes.CacheCluster {
		c := ectypes.CacheCluster{CacheClusterId: aws.String(name), ReplicationGroupId: aws.String(group), Engine: aws.String("redis")}
		if topic != "" {
			c.NotificationConfiguration = &ectypes.NotificationConfiguration{TopicArn: aws.String(topic), TopicStatus: aws.String("active")}
		}
		return c
	}
	tests := []struct {
		name         string
		api          *fakeElastiCache
		wantTopic    string
		wantErrors   []string
		regionErrors int
	}{
		{name: "member listed with a topic",
			api:       &fakeElastiCache{groups: []ectypes.ReplicationGroup{group("g", "g-001", "g-002")}, clusters: []ectypes.CacheCluster{member("g-001", "g", topic), member("g-002", "g", topic)}},
			wantTopic: topic, wantErrors: []string{}},
		{name: "member listed without a topic",
			api:        &fakeElastiCache{groups: []ectypes.ReplicationGroup{group("g", "g-001")}, clusters: []ectypes.CacheCluster{member("g-001", "g", "")}},
			wantErrors: []string{}},
		{name: "members left out of the listing",
			api:        &fakeElastiCache{groups: []ectypes.ReplicationGroup{group("g", "g-001", "g-002")}},
			wantErrors: []string{"elasticache:DescribeCacheClusters NotFound"}},
		{name: "group without members",
			api:        &fakeElastiCache{groups: []ectypes.ReplicationGroup{group("g")}},
			wantErrors: []string{}},
		{name: "listing denied is recorded for the region",
			api:        &fakeElastiCache{groups: []ectypes.ReplicationGroup{group("g", "g-001")}, denyClusters: true},
			wantErrors: []string{}, regionErrors: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, run := testScope(opDescribeReplicationGroups, opDescribeCacheClusters)
			if err := collectElastiCache(context.Background(), s, tt.api); err != nil {
				t.Fatal(err)
			}
			var g *inventory.ElastiCacheCluster
			for i := range run.snap.ElastiCacheClusters {
				if c := &run.snap.ElastiCacheClusters[i]; c.Type == inventory.TypeElastiCacheReplicationGroup {
					g = c
				}
			}
			if g == nil || len(run.snap.ElastiCacheClusters) != 1 {
				t.Fatalf("clusters = %+v, want the group alone", run.snap.ElastiCacheClusters)
			}
			if g.NotificationTopic != tt.wantTopic {
				t.Errorf("topic = %q, want %q", g.NotificationTopic, tt.wantTopic)
			}
			if diff := cmp.Diff(tt.wantErrors, errorOps(&g.Meta)); diff != "" {
				t.Errorf("group errors (-want +got):\n%s", diff)
			}
			if got := len(run.snap.Errors); got != tt.regionErrors {
				t.Errorf("region errors = %d, want %d: %+v", got, tt.regionErrors, run.snap.Errors)
			}
		})
	}
}
