package aws

import (
	"maps"
	"slices"
)

// Count names a quantity of an account, counted in one region, that decides how many
// calls a collection makes there.
type Count string

// The counts the call plan reads. A trail, an event data store or a KMS key counts in
// its home region; a bucket in its own region.
const (
	CountTrails          Count = "trails" // trails homed in the region
	CountEventDataStores Count = "event-data-stores"
	CountAlarms          Count = "alarms" // metric and composite
	CountLogGroups       Count = "log-groups"
	CountMetricFilters   Count = "metric-filters"
	CountTopics          Count = "topics"
	CountSubscriptions   Count = "subscriptions"
	// CountUnconfirmedTopicPages are the pages of ListSubscriptionsByTopic of the topics
	// ListSubscriptions leaves without a confirmed subscription, one at least each.
	CountUnconfirmedTopicPages     Count = "unconfirmed-topic-subscription-pages"
	CountDBInstances               Count = "db-instances"
	CountDBClusters                Count = "db-clusters"
	CountDBParameterPages          Count = "db-parameter-pages" // pages of the distinct parameter groups, one at least each
	CountClusterParamPages         Count = "db-cluster-parameter-pages"
	CountOptionGroups              Count = "option-groups"
	CountRDSEventSubs              Count = "rds-event-subscriptions"
	CountTables                    Count = "tables"
	CountScalableTargets           Count = "scalable-targets"
	CountBuckets                   Count = "buckets"
	CountBucketsNoRegion           Count = "buckets-without-region" // in the home region: ListBuckets did not give their region
	CountRedshiftClusters          Count = "redshift-clusters"
	CountRedshiftParamPages        Count = "redshift-parameter-pages"
	CountRedshiftEventSubs         Count = "redshift-event-subscriptions"
	CountNamespaces                Count = "namespaces"
	CountReplicationGroups         Count = "replication-groups"
	CountCacheClusters             Count = "cache-clusters"
	CountDomains                   Count = "domains"
	CountMemoryDBClusters          Count = "memorydb-clusters"
	CountKMSKeys                   Count = "kms-keys" // distinct keys the collected resources name
	countAllBuckets                Count = "all-buckets"
	describeAlarmsPage                   = 100
	describeLogGroupsPage                = 50
	describeMetricFiltersPage            = 50
	describeScalableTargetsPage          = 50
	listBucketsPage                      = 1000
	defaultPage                          = 100 // RDS, DynamoDB ListTables, SNS, Redshift, ElastiCache, MemoryDB
	describeEventDataStoresPageCap       = 10
)

// Sizes are an account's counts per region, with the regions scanned and the home
// region of the account-wide calls.
type Sizes struct {
	Home    string
	Scanned []string
	Regions map[string]map[Count]int
}

// where says in which regions an operation is called.
type where int

const (
	inScanned where = iota // once per scanned region, however many pages
	inEvery                // in every region with something to read: per item
	inHome                 // once per account, in the home region
)

// callRule is one line of the collector's call plan: an operation, where it is called
// and how many times, from the region's counts.
type callRule struct {
	op    Operation
	where where
	calls func(c map[Count]int) int
}

// pageCount is the number of calls a listing of n items makes at size per page: one at
// least, an empty listing still answers.
func pageCount(n, size int) int { return max(1, (n+size-1)/size) }

func listing(count Count, size int) func(map[Count]int) int {
	return func(c map[Count]int) int { return pageCount(c[count], size) }
}

func each(count Count) func(map[Count]int) int {
	return func(c map[Count]int) int { return c[count] }
}

func once(map[Count]int) int { return 1 }

// ifAny calls a listing only when the region has count: a region-wide detail listing
// (option groups, scalable targets) is skipped when nothing needs it.
func ifAny(count Count, calls func(map[Count]int) int) func(map[Count]int) int {
	return func(c map[Count]int) int {
		if c[count] == 0 {
			return 0
		}
		return calls(c)
	}
}

// callPlan is what the collector calls, with each API's page size: the minimum calls
// for an account. A test holds it to the calls the collector makes on the emulator.
var callPlan = []callRule{
	{opGetCallerIdentity, inHome, once},
	{opDescribeOrganization, inHome, once},
	{opDescribeTrails, inScanned, once}, // one answer, shadow trails included
	{opGetTrailStatus, inEvery, each(CountTrails)},
	{opGetEventSelectors, inEvery, each(CountTrails)},
	{opGetInsightSelectors, inEvery, each(CountTrails)},
	{opListEventDataStores, inScanned, listing(CountEventDataStores, describeEventDataStoresPageCap)},
	{opGetEventDataStore, inEvery, each(CountEventDataStores)},
	{opDescribeAlarms, inScanned, listing(CountAlarms, describeAlarmsPage)},
	{opDescribeLogGroups, inScanned, listing(CountLogGroups, describeLogGroupsPage)},
	{opDescribeMetricFilter, inScanned, listing(CountMetricFilters, describeMetricFiltersPage)},
	{opDescribeSubFilters, inEvery, each(CountLogGroups)},
	{opDescribeLogPolicies, inScanned, once},
	{opListTopics, inScanned, listing(CountTopics, defaultPage)},
	{opListSubscriptions, inScanned, listing(CountSubscriptions, defaultPage)},
	{opListSubsByTopic, inEvery, each(CountUnconfirmedTopicPages)},
	{opGetTopicAttributes, inEvery, each(CountTopics)},
	{opDescribeDBInstances, inScanned, listing(CountDBInstances, defaultPage)},
	{opDescribeDBClusters, inScanned, listing(CountDBClusters, defaultPage)},
	{opDescribeDBParameters, inEvery, each(CountDBParameterPages)},
	{opDescribeDBClusterParameters, inEvery, each(CountClusterParamPages)},
	{opDescribeOptionGroups, inScanned, ifAny(CountDBInstances, listing(CountOptionGroups, defaultPage))},
	{opDescribeRDSEventSubs, inScanned, listing(CountRDSEventSubs, defaultPage)},
	{opListTables, inScanned, listing(CountTables, defaultPage)},
	{opDescribeTable, inEvery, each(CountTables)},
	{opDescribeContinuousBackups, inEvery, each(CountTables)},
	{opDescribeContributorInsights, inEvery, each(CountTables)},
	{opDescribeScalableTargets, inScanned, ifAny(CountTables, listing(CountScalableTargets, describeScalableTargetsPage))},
	{opListBuckets, inHome, func(c map[Count]int) int { return pageCount(c[countAllBuckets], listBucketsPage) }},
	{opGetBucketLocation, inHome, each(CountBucketsNoRegion)},
	{opGetBucketLogging, inEvery, each(CountBuckets)},
	{opGetBucketVersioning, inEvery, each(CountBuckets)},
	{opGetPublicAccessBlock, inEvery, each(CountBuckets)},
	{opGetBucketPolicyStatus, inEvery, each(CountBuckets)},
	{opGetBucketACL, inEvery, each(CountBuckets)},
	{opGetBucketPolicy, inEvery, each(CountBuckets)},
	{opListBucketMetricsConfigs, inEvery, each(CountBuckets)},
	{opGetBucketNotificationConfig, inEvery, each(CountBuckets)},
	{opGetObjectLockConfiguration, inEvery, each(CountBuckets)},
	{opGetBucketLifecycleConfig, inEvery, each(CountBuckets)},
	{opGetAccountPublicAccessBlock, inHome, once},
	{opDescribeRedshiftClusters, inScanned, listing(CountRedshiftClusters, defaultPage)},
	{opDescribeLoggingStatus, inEvery, each(CountRedshiftClusters)},
	{opDescribeClusterParameters, inEvery, each(CountRedshiftParamPages)},
	{opDescribeRedshiftEventSubs, inScanned, listing(CountRedshiftEventSubs, defaultPage)},
	{opListNamespaces, inScanned, listing(CountNamespaces, defaultPage)},
	{opDescribeReplicationGroups, inScanned, listing(CountReplicationGroups, defaultPage)},
	{opDescribeCacheClusters, inScanned, listing(CountCacheClusters, defaultPage)},
	{opListDomainNames, inScanned, once},
	{opDescribeDomains, inEvery, func(c map[Count]int) int { return (c[CountDomains] + describeDomainsBatch - 1) / describeDomainsBatch }},
	{opDescribeMemoryDBClusters, inScanned, listing(CountMemoryDBClusters, defaultPage)},
	{opDescribeKey, inEvery, each(CountKMSKeys)},
}

// OpRegion is an operation called in a region.
type OpRegion struct {
	Operation Operation
	Region    string
}

// MinimumCalls is the fewest calls the plan needs on an account of these sizes, per
// operation and region: one per page of each listing at the API's largest page, one per
// item of each detail call, shared facts once.
func MinimumCalls(p Plan, s Sizes) map[OpRegion]int {
	out := map[OpRegion]int{}
	regions := slices.Sorted(maps.Keys(s.Regions))
	for _, r := range append(slices.Clone(s.Scanned), s.Home) {
		if !slices.Contains(regions, r) {
			regions = append(regions, r)
		}
	}
	all := map[Count]int{}
	for _, c := range s.Regions {
		all[countAllBuckets] += c[CountBuckets]
	}
	for _, rule := range callPlan {
		if !p.Has(rule.op) {
			continue
		}
		for _, r := range regions {
			c := s.Regions[r]
			switch rule.where {
			case inScanned:
				if !slices.Contains(s.Scanned, r) {
					continue
				}
			case inHome:
				if r != s.Home {
					continue
				}
				c = merge(c, all)
			}
			if n := rule.calls(c); n > 0 {
				out[OpRegion{rule.op, r}] += n
			}
		}
	}
	return out
}

func merge(a, b map[Count]int) map[Count]int {
	out := make(map[Count]int, len(a)+len(b))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}
