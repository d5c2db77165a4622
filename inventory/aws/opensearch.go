package aws

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/opensearch"

	"github.com/storewatch/storewatch/inventory"
)

// openSearchAPI is the part of the OpenSearch Service API the collector calls.
type openSearchAPI interface {
	ListDomainNames(ctx context.Context, in *opensearch.ListDomainNamesInput, opts ...func(*opensearch.Options)) (*opensearch.ListDomainNamesOutput, error)
	DescribeDomains(ctx context.Context, in *opensearch.DescribeDomainsInput, opts ...func(*opensearch.Options)) (*opensearch.DescribeDomainsOutput, error)
}

// describeDomainsBatch is the most domains DescribeDomains accepts in one call.
const describeDomainsBatch = 5

// collectOpenSearch collects the region's OpenSearch and Elasticsearch domains.
// ListDomainNames is not paginated; DescribeDomains takes five names per call.
func collectOpenSearch(ctx context.Context, s *scope, api openSearchAPI) error {
	if !s.plan.Has(opListDomainNames) {
		return nil
	}
	list, err := api.ListDomainNames(ctx, &opensearch.ListDomainNamesInput{})
	if err != nil {
		return s.listingFailed(ctx, opListDomainNames, err)
	}
	names := make([]string, 0, len(list.DomainNames))
	for _, d := range list.DomainNames {
		names = append(names, aws.ToString(d.DomainName))
	}
	var batches [][]string
	for start := 0; start < len(names); start += describeDomainsBatch {
		batches = append(batches, names[start:min(start+describeDomainsBatch, len(names))])
	}
	results := make([][]inventory.OpenSearchDomain, len(batches))
	err = forEach(ctx, s.detail, len(batches), func(ctx context.Context, i int) error {
		out, err := api.DescribeDomains(ctx, &opensearch.DescribeDomainsInput{DomainNames: batches[i]})
		if err != nil {
			// The domains exist; what they are configured with is unknown.
			for _, name := range batches[i] {
				d := inventory.OpenSearchDomain{Meta: s.meta(inventory.TypeOpenSearchDomain, s.arn("es", "domain/"+name), name)}
				if err := s.failed(ctx, &d.Meta, opDescribeDomains, err); err != nil {
					return err
				}
				results[i] = append(results[i], d)
			}
			return nil
		}
		for _, st := range out.DomainStatusList {
			name := aws.ToString(st.DomainName)
			arn := aws.ToString(st.ARN)
			if arn == "" {
				arn = s.arn("es", "domain/"+name)
			}
			d := inventory.OpenSearchDomain{
				Meta:          s.meta(inventory.TypeOpenSearchDomain, arn, name),
				EngineVersion: aws.ToString(st.EngineVersion),
			}
			if c := st.ClusterConfig; c != nil {
				d.InstanceCount = int(aws.ToInt32(c.InstanceCount))
				d.DedicatedMasterEnabled = aws.ToBool(c.DedicatedMasterEnabled)
			}
			if a := st.AdvancedSecurityOptions; a != nil {
				d.AdvancedSecurityEnabled = aws.ToBool(a.Enabled)
			}
			for logType, o := range st.LogPublishingOptions {
				d.LogPublishing = append(d.LogPublishing, inventory.OpenSearchLogPublishing{
					LogType: logType, Enabled: aws.ToBool(o.Enabled), LogGroupARN: aws.ToString(o.CloudWatchLogsLogGroupArn),
				})
			}
			results[i] = append(results[i], d)
		}
		return nil
	})
	if err != nil {
		return err
	}
	var items []inventory.OpenSearchDomain
	for _, r := range results {
		items = append(items, r...)
	}
	s.out.add(func(snap *inventory.Snapshot) { snap.OpenSearchDomains = append(snap.OpenSearchDomains, items...) })
	return nil
}
