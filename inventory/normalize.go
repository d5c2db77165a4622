package inventory

import (
	"cmp"
	"slices"
	"strings"
)

func sortStrings(s []string) { slices.Sort(s) }

// sortedUnique sorts s in place and drops repeats.
func sortedUnique(s []string) []string {
	if len(s) == 0 {
		return s
	}
	slices.Sort(s)
	return slices.Compact(s)
}

// byID sorts items by id, then type, keeping the order of equal ones. It sorts the keys and
// moves the items once: comparing the items themselves copied two resources to the heap per
// comparison, and Normalize runs on every Resolve and Write. Items already in order (the
// usual case) are not moved.
func byID[T any](items []T, meta func(*T) *Meta) {
	type key struct {
		id, typ string
		index   int
	}
	keys := make([]key, len(items))
	for i := range items {
		m := meta(&items[i])
		keys[i] = key{m.ID, m.Type, i}
	}
	compare := func(a, b key) int {
		return cmp.Or(strings.Compare(a.id, b.id), strings.Compare(a.typ, b.typ))
	}
	if slices.IsSortedFunc(keys, compare) {
		return
	}
	slices.SortStableFunc(keys, compare)
	sorted := make([]T, len(items))
	for i, k := range keys {
		sorted[i] = items[k.index]
	}
	copy(items, sorted)
}

func compareErrors(a, b CollectionError) int {
	return cmp.Or(
		strings.Compare(a.AccountID, b.AccountID),
		strings.Compare(a.Region, b.Region),
		strings.Compare(a.Service, b.Service),
		strings.Compare(a.Operation, b.Operation),
		strings.Compare(a.Resource, b.Resource),
		strings.Compare(a.Code, b.Code),
		strings.Compare(a.Message, b.Message),
	)
}

func normalizeErrors(errs []CollectionError) []CollectionError {
	if len(errs) == 0 {
		return nil
	}
	slices.SortFunc(errs, compareErrors)
	return slices.CompactFunc(errs, func(a, b CollectionError) bool { return compareErrors(a, b) == 0 })
}

func (m *Meta) normalize() {
	m.UnknownFields = sortedUnique(m.UnknownFields)
	m.Errors = normalizeErrors(m.Errors)
}

// Normalize puts the snapshot in its canonical order: collections sorted by id, lists
// inside resources sorted where their order carries no meaning, repeats dropped. Two
// snapshots of the same account therefore serialise to the same bytes and diff cleanly.
// Lists whose order AWS gives meaning to (event selectors, metric-math queries) keep it.
// Lists are sorted in place: a caller must not share a slice between a snapshot and
// anything else it expects to keep its order.
func (s *Snapshot) Normalize() {
	// The two lists the format requires are written as [] rather than null when empty.
	if s.Sources == nil {
		s.Sources = []Source{}
	}
	if s.Accounts == nil {
		s.Accounts = []Account{}
	}
	for i := range s.Sources {
		s.Sources[i].Accounts = sortedUnique(s.Sources[i].Accounts)
	}
	// Sources of one kind and detail (the per-account snapshots a merge combines) are told
	// apart by their accounts, so the order of a merge's inputs does not show.
	slices.SortStableFunc(s.Sources, func(a, b Source) int {
		return cmp.Or(strings.Compare(a.Kind, b.Kind), strings.Compare(a.Detail, b.Detail),
			slices.Compare(a.Accounts, b.Accounts), strings.Compare(a.TerraformVersion, b.TerraformVersion))
	})
	for _, c := range s.Collections() {
		for i := 0; i < c.Len; i++ {
			c.Meta(i).normalize()
		}
	}
	for i := range s.Accounts {
		a := &s.Accounts[i]
		a.Regions = sortedUnique(a.Regions)
		slices.SortFunc(a.LogResourcePolicies, func(x, y LogResourcePolicy) int {
			return cmp.Or(strings.Compare(x.Region, y.Region), strings.Compare(x.Name, y.Name))
		})
	}
	for i := range s.Trails {
		t := &s.Trails[i]
		t.InsightTypes = sortedUnique(t.InsightTypes)
		t.ListedBy = sortedUnique(t.ListedBy)
		for j := range t.EventSelectors {
			t.EventSelectors[j].ExcludeManagementEventSources = sortedUnique(t.EventSelectors[j].ExcludeManagementEventSources)
		}
	}
	for i := range s.Alarms {
		a := &s.Alarms[i]
		sortDimensions(a.Dimensions)
		for j := range a.Metrics {
			if ms := a.Metrics[j].MetricStat; ms != nil {
				sortDimensions(ms.Dimensions)
				ms.UnknownFields = sortedUnique(ms.UnknownFields)
			}
		}
		a.AlarmActions = sortedUnique(a.AlarmActions)
		a.OKActions = sortedUnique(a.OKActions)
		a.InsufficientDataActions = sortedUnique(a.InsufficientDataActions)
	}
	for i := range s.CompositeAlarms {
		a := &s.CompositeAlarms[i]
		a.AlarmActions = sortedUnique(a.AlarmActions)
		a.OKActions = sortedUnique(a.OKActions)
		a.InsufficientDataActions = sortedUnique(a.InsufficientDataActions)
	}
	for i := range s.LogGroups {
		g := &s.LogGroups[i]
		slices.SortFunc(g.MetricFilters, func(x, y MetricFilter) int { return strings.Compare(x.Name, y.Name) })
		slices.SortFunc(g.SubscriptionFilters, func(x, y SubscriptionFilter) int { return strings.Compare(x.Name, y.Name) })
	}
	for i := range s.SNSTopics {
		slices.SortFunc(s.SNSTopics[i].Subscriptions, func(x, y Subscription) int {
			return cmp.Or(strings.Compare(x.ARN, y.ARN), strings.Compare(x.Protocol, y.Protocol), strings.Compare(x.Endpoint, y.Endpoint), strings.Compare(x.Owner, y.Owner))
		})
	}
	for i := range s.EventSubscriptions {
		e := &s.EventSubscriptions[i]
		e.EventCategories = sortedUnique(e.EventCategories)
		e.SourceIDs = sortedUnique(e.SourceIDs)
	}
	for i := range s.DBInstances {
		d := &s.DBInstances[i]
		d.EnabledLogExports = sortedUnique(d.EnabledLogExports)
		d.OptionGroups = sortedUnique(d.OptionGroups)
		d.Options = sortedUnique(d.Options)
	}
	for i := range s.DBClusters {
		d := &s.DBClusters[i]
		d.EnabledLogExports = sortedUnique(d.EnabledLogExports)
		d.Members = sortedUnique(d.Members)
	}
	for i := range s.DynamoDBTables {
		d := &s.DynamoDBTables[i]
		d.GlobalIndexes = sortedUnique(d.GlobalIndexes)
		d.ReplicaRegions = sortedUnique(d.ReplicaRegions)
		d.AutoScaling = sortedUnique(d.AutoScaling)
	}
	for i := range s.S3Buckets {
		b := &s.S3Buckets[i]
		b.MetricsConfigurations = sortedUnique(b.MetricsConfigurations)
		slices.SortFunc(b.Notifications, func(x, y BucketNotification) int {
			return cmp.Or(strings.Compare(x.Kind, y.Kind), strings.Compare(x.ARN, y.ARN))
		})
	}
	for i := range s.RedshiftClusters {
		if l := s.RedshiftClusters[i].Logging; l != nil {
			l.LogExports = sortedUnique(l.LogExports)
		}
	}
	for i := range s.RedshiftServerlessNamespaces {
		s.RedshiftServerlessNamespaces[i].LogExports = sortedUnique(s.RedshiftServerlessNamespaces[i].LogExports)
	}
	for i := range s.ElastiCacheClusters {
		e := &s.ElastiCacheClusters[i]
		e.Members = sortedUnique(e.Members)
		slices.SortFunc(e.LogDelivery, func(x, y ElastiCacheLogDelivery) int { return strings.Compare(x.LogType, y.LogType) })
	}
	for i := range s.OpenSearchDomains {
		slices.SortFunc(s.OpenSearchDomains[i].LogPublishing, func(x, y OpenSearchLogPublishing) int {
			return strings.Compare(x.LogType, y.LogType)
		})
	}
	slices.SortStableFunc(s.KMSKeys, func(a, b KMSKey) int { return strings.Compare(a.ARN, b.ARN) })
	for i := range s.KMSKeys {
		s.KMSKeys[i].Aliases = sortedUnique(s.KMSKeys[i].Aliases)
	}
	s.Errors = normalizeErrors(s.Errors)
	s.Notes = normalizeErrors(s.Notes)

	byID(s.Accounts, func(x *Account) *Meta { return &x.Meta })
	byID(s.Regions, func(x *RegionScope) *Meta { return &x.Meta })
	byID(s.Trails, func(x *Trail) *Meta { return &x.Meta })
	byID(s.EventDataStores, func(x *EventDataStore) *Meta { return &x.Meta })
	byID(s.Alarms, func(x *Alarm) *Meta { return &x.Meta })
	byID(s.CompositeAlarms, func(x *CompositeAlarm) *Meta { return &x.Meta })
	byID(s.LogGroups, func(x *LogGroup) *Meta { return &x.Meta })
	byID(s.SNSTopics, func(x *SNSTopic) *Meta { return &x.Meta })
	byID(s.EventSubscriptions, func(x *EventSubscription) *Meta { return &x.Meta })
	byID(s.DBInstances, func(x *DBInstance) *Meta { return &x.Meta })
	byID(s.DBClusters, func(x *DBCluster) *Meta { return &x.Meta })
	byID(s.DynamoDBTables, func(x *DynamoDBTable) *Meta { return &x.Meta })
	byID(s.S3Buckets, func(x *S3Bucket) *Meta { return &x.Meta })
	byID(s.RedshiftClusters, func(x *RedshiftCluster) *Meta { return &x.Meta })
	byID(s.RedshiftServerlessNamespaces, func(x *RedshiftServerlessNamespace) *Meta { return &x.Meta })
	byID(s.ElastiCacheClusters, func(x *ElastiCacheCluster) *Meta { return &x.Meta })
	byID(s.OpenSearchDomains, func(x *OpenSearchDomain) *Meta { return &x.Meta })
	byID(s.MemoryDBClusters, func(x *MemoryDBCluster) *Meta { return &x.Meta })
}

func sortDimensions(d []Dimension) {
	slices.SortFunc(d, func(a, b Dimension) int { return strings.Compare(a.Name, b.Name) })
}
