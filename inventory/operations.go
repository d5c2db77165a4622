package inventory

import "slices"

// The API operations resolution consults when it decides whether a fact was collected.
// They are IAM action names, as collection errors record them.
const (
	opDescribeTrails       = "cloudtrail:DescribeTrails"
	opGetTrailStatus       = "cloudtrail:GetTrailStatus"
	opGetEventSelectors    = "cloudtrail:GetEventSelectors"
	opDescribeLogGroups    = "logs:DescribeLogGroups"
	opDescribeMetricFilter = "logs:DescribeMetricFilters"
	opDescribeAlarms       = "cloudwatch:DescribeAlarms"
	// opDescribeCacheClusters lists the cache clusters, which alone carry an ElastiCache
	// notification topic.
	opDescribeCacheClusters = "elasticache:DescribeCacheClusters"
)

// hasError reports whether the errors include one for the operation.
func hasError(errs []CollectionError, op string) bool {
	return slices.ContainsFunc(errs, func(e CollectionError) bool { return e.Operation == op })
}
