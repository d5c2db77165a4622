package aws

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/memorydb"

	"github.com/storewatch/storewatch/inventory"
)

// memoryDBAPI is the part of the MemoryDB API the collector calls.
type memoryDBAPI interface {
	DescribeClusters(ctx context.Context, in *memorydb.DescribeClustersInput, opts ...func(*memorydb.Options)) (*memorydb.DescribeClustersOutput, error)
}

// collectMemoryDB collects the region's MemoryDB clusters.
func collectMemoryDB(ctx context.Context, s *scope, api memoryDBAPI) error {
	if !s.plan.Has(opDescribeMemoryDBClusters) {
		return nil
	}
	var items []inventory.MemoryDBCluster
	p := memorydb.NewDescribeClustersPaginator(api, &memorydb.DescribeClustersInput{},
		func(o *memorydb.DescribeClustersPaginatorOptions) { o.StopOnDuplicateToken = true })
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			if err := s.listingFailed(ctx, opDescribeMemoryDBClusters, err); err != nil {
				return err
			}
			break
		}
		for _, c := range page.Clusters {
			name := aws.ToString(c.Name)
			arn := aws.ToString(c.ARN)
			if arn == "" {
				arn = s.arn("memorydb", "cluster/"+name)
			}
			topic := ""
			if aws.ToString(c.SnsTopicStatus) != "inactive" {
				topic = aws.ToString(c.SnsTopicArn)
			}
			items = append(items, inventory.MemoryDBCluster{
				Meta:           s.meta(inventory.TypeMemoryDBCluster, arn, name),
				NodeType:       aws.ToString(c.NodeType),
				EngineVersion:  aws.ToString(c.EngineVersion),
				Status:         aws.ToString(c.Status),
				NumShards:      int(aws.ToInt32(c.NumberOfShards)),
				ParameterGroup: aws.ToString(c.ParameterGroupName),
				SNSTopicARN:    topic,
			})
		}
	}
	s.out.add(func(snap *inventory.Snapshot) { snap.MemoryDBClusters = append(snap.MemoryDBClusters, items...) })
	return nil
}
