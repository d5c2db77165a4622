package terraform

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/storewatch/storewatch/inventory"
)

// Merge judges a plan in the context of the live account: it returns the live snapshot with
// the plan's end state laid over it. A planned resource replaces the live resource it
// changes (matched by ARN, or by type, account, region and name); what the plan leaves
// unknown about an existing resource only because it does not manage it (a bucket's public
// access block, an instance's parameters, a topic's other subscriptions) is taken from the
// live one. Resources the plan destroys leave; separate resources that configure a live
// resource (a metric filter on a log group created elsewhere) are applied to it. The plan's
// NotInPlan marks are dropped for the accounts the live snapshot covers. live is modified.
//
// A plan whose account is unknown (UnknownAccount) is placed in the live snapshot's account
// when it has exactly one; so is an unknown region.
func Merge(live *inventory.Snapshot, plan *Result) *inventory.Snapshot {
	p := plan.Snapshot
	m := &merger{live: live, plan: plan}
	m.adoptAccount()
	m.deleteDestroyed()

	liveAccounts := map[string]bool{}
	for _, a := range live.Accounts {
		liveAccounts[a.ID] = true
	}
	for _, a := range p.Accounts {
		if !liveAccounts[a.ID] {
			live.Accounts = append(live.Accounts, a)
		}
	}
	m.joinLogPolicies()
	applyAccountBlocks(live, plan.accountBlocks)
	for _, r := range p.Regions {
		if !liveAccounts[r.AccountID] {
			live.Regions = append(live.Regions, r)
		}
	}
	live.Trails = mergeItems(m, live.Trails, p.Trails, func(x *inventory.Trail) *inventory.Meta { return &x.Meta })
	live.Alarms = mergeItems(m, live.Alarms, p.Alarms, func(x *inventory.Alarm) *inventory.Meta { return &x.Meta })
	live.CompositeAlarms = mergeItems(m, live.CompositeAlarms, p.CompositeAlarms, func(x *inventory.CompositeAlarm) *inventory.Meta { return &x.Meta })
	live.LogGroups = mergeItems(m, live.LogGroups, p.LogGroups, func(x *inventory.LogGroup) *inventory.Meta { return &x.Meta })
	live.SNSTopics = mergeItems(m, live.SNSTopics, p.SNSTopics, func(x *inventory.SNSTopic) *inventory.Meta { return &x.Meta })
	live.EventSubscriptions = mergeItems(m, live.EventSubscriptions, p.EventSubscriptions, func(x *inventory.EventSubscription) *inventory.Meta { return &x.Meta })
	live.DBInstances = mergeItems(m, live.DBInstances, p.DBInstances, func(x *inventory.DBInstance) *inventory.Meta { return &x.Meta })
	live.DBClusters = mergeItems(m, live.DBClusters, p.DBClusters, func(x *inventory.DBCluster) *inventory.Meta { return &x.Meta })
	live.DynamoDBTables = mergeItems(m, live.DynamoDBTables, p.DynamoDBTables, func(x *inventory.DynamoDBTable) *inventory.Meta { return &x.Meta })
	live.S3Buckets = mergeItems(m, live.S3Buckets, p.S3Buckets, func(x *inventory.S3Bucket) *inventory.Meta { return &x.Meta })
	live.RedshiftClusters = mergeItems(m, live.RedshiftClusters, p.RedshiftClusters, func(x *inventory.RedshiftCluster) *inventory.Meta { return &x.Meta })
	live.RedshiftServerlessNamespaces = mergeItems(m, live.RedshiftServerlessNamespaces, p.RedshiftServerlessNamespaces, func(x *inventory.RedshiftServerlessNamespace) *inventory.Meta { return &x.Meta })
	live.ElastiCacheClusters = mergeItems(m, live.ElastiCacheClusters, p.ElastiCacheClusters, func(x *inventory.ElastiCacheCluster) *inventory.Meta { return &x.Meta })
	live.OpenSearchDomains = mergeItems(m, live.OpenSearchDomains, p.OpenSearchDomains, func(x *inventory.OpenSearchDomain) *inventory.Meta { return &x.Meta })
	live.MemoryDBClusters = mergeItems(m, live.MemoryDBClusters, p.MemoryDBClusters, func(x *inventory.MemoryDBCluster) *inventory.Meta { return &x.Meta })
	for _, k := range p.KMSKeys {
		i := slices.IndexFunc(live.KMSKeys, func(l inventory.KMSKey) bool { return l.ARN == k.ARN })
		if i < 0 {
			live.KMSKeys = append(live.KMSKeys, k)
			continue
		}
		// The plan lists only the aliases it manages; others made beside it stay.
		k.Aliases = joinBy(k.Aliases, live.KMSKeys[i].Aliases, identity)
		live.KMSKeys[i] = k
	}
	m.joinMembers()
	m.applyOrphans()
	markGoneKeys(live, m.plan.goneKeys, m.plan.goneAliases)
	live.Sources = append(live.Sources, p.Sources...)
	live.Partial = live.Partial || p.Partial
	live.Normalize()
	return live
}

type merger struct {
	live *inventory.Snapshot
	plan *Result
}

// adoptAccount places a plan whose account or region is unknown in the live snapshot's only
// account or region.
func (m *merger) adoptAccount() {
	if len(m.live.Accounts) != 1 {
		return
	}
	acct := m.live.Accounts[0]
	region := ""
	if len(acct.Regions) == 1 {
		region = acct.Regions[0]
	}
	p := m.plan.Snapshot
	replace := func(meta *inventory.Meta) {
		if meta.AccountID == UnknownAccount {
			meta.AccountID = acct.ID
		}
		if meta.Region == UnknownRegion && region != "" {
			meta.Region = region
		}
		for i := range meta.Errors {
			if meta.Errors[i].AccountID == UnknownAccount {
				meta.Errors[i].AccountID = acct.ID
			}
		}
	}
	for _, c := range p.Collections() {
		for i := 0; i < c.Len; i++ {
			replace(c.Meta(i))
		}
	}
	for i := range p.Accounts {
		if p.Accounts[i].ID == UnknownAccount {
			p.Accounts[i].ID = acct.ID
		}
	}
	if b, ok := m.plan.accountBlocks[UnknownAccount]; ok {
		delete(m.plan.accountBlocks, UnknownAccount)
		m.plan.accountBlocks[acct.ID] = b
	}
	for i := range p.Sources {
		for j, a := range p.Sources[i].Accounts {
			if a == UnknownAccount {
				p.Sources[i].Accounts[j] = acct.ID
			}
		}
	}
	for i := range p.Regions {
		if p.Regions[i].AccountID == acct.ID {
			p.Regions[i].ID = acct.ID + "/" + p.Regions[i].Region
		}
	}
	for i := range p.KMSKeys {
		if p.KMSKeys[i].AccountID == UnknownAccount {
			p.KMSKeys[i].AccountID = acct.ID
		}
	}
	for i := range p.Accounts {
		for j := range p.Accounts[i].LogResourcePolicies {
			if lp := &p.Accounts[i].LogResourcePolicies[j]; lp.Region == UnknownRegion && region != "" {
				lp.Region = region
			}
		}
	}
	for i := range m.plan.unknownLogPolicies {
		u := &m.plan.unknownLogPolicies[i]
		if u.account == UnknownAccount {
			u.account = acct.ID
		}
		if u.region == UnknownRegion && region != "" {
			u.region = region
		}
	}
	// Log group ARNs spelled out from a planned group's name carry the placeholder.
	fix := func(s string) string {
		s = strings.Replace(s, ":"+UnknownAccount+":", ":"+acct.ID+":", 1)
		if region != "" {
			s = strings.Replace(s, ":"+UnknownRegion+":", ":"+region+":", 1)
		}
		return s
	}
	for i := range p.Trails {
		p.Trails[i].CloudWatchLogsLogGroupARN = fix(p.Trails[i].CloudWatchLogsLogGroupARN)
	}
	for i := range p.OpenSearchDomains {
		for j := range p.OpenSearchDomains[i].LogPublishing {
			lp := &p.OpenSearchDomains[i].LogPublishing[j]
			lp.LogGroupARN = fix(lp.LogGroupARN)
		}
	}
	for i := range m.plan.orphans {
		if m.plan.orphans[i].account == UnknownAccount {
			m.plan.orphans[i].account = acct.ID
		}
		if m.plan.orphans[i].region == UnknownRegion && region != "" {
			m.plan.orphans[i].region = region
		}
	}
	for i := range m.plan.Deleted {
		if m.plan.Deleted[i].AccountID == "" {
			m.plan.Deleted[i].AccountID = acct.ID
		}
	}
}

// deleteDestroyed removes the live resources the plan destroys, and what the separate
// resources it destroys configured on live resources: the subscriptions, filters, metrics
// configurations, scalable dimensions and log resource policies that would otherwise come
// back when the live entries join the plan's.
func (m *merger) deleteDestroyed() {
	m.dropGone()
	if len(m.plan.Deleted) == 0 {
		return
	}
	byARN, byName := map[string]bool{}, map[string]bool{}
	for _, d := range m.plan.Deleted {
		if d.ARN != "" {
			byARN[d.ARN] = true
		}
		if d.Name != "" {
			byName[d.Type+"|"+d.AccountID+"|"+d.Name] = true
		}
	}
	gone := func(meta *inventory.Meta) bool {
		return meta.ARN != "" && byARN[meta.ARN] ||
			meta.Name != "" && (byName[meta.Type+"|"+meta.AccountID+"|"+meta.Name] || byName[meta.Type+"||"+meta.Name])
	}
	s := m.live
	s.Trails = slices.DeleteFunc(s.Trails, func(x inventory.Trail) bool { return gone(&x.Meta) })
	s.Alarms = slices.DeleteFunc(s.Alarms, func(x inventory.Alarm) bool { return gone(&x.Meta) })
	s.CompositeAlarms = slices.DeleteFunc(s.CompositeAlarms, func(x inventory.CompositeAlarm) bool { return gone(&x.Meta) })
	s.LogGroups = slices.DeleteFunc(s.LogGroups, func(x inventory.LogGroup) bool { return gone(&x.Meta) })
	s.SNSTopics = slices.DeleteFunc(s.SNSTopics, func(x inventory.SNSTopic) bool { return gone(&x.Meta) })
	s.EventSubscriptions = slices.DeleteFunc(s.EventSubscriptions, func(x inventory.EventSubscription) bool { return gone(&x.Meta) })
	s.DBInstances = slices.DeleteFunc(s.DBInstances, func(x inventory.DBInstance) bool { return gone(&x.Meta) })
	s.DBClusters = slices.DeleteFunc(s.DBClusters, func(x inventory.DBCluster) bool { return gone(&x.Meta) })
	s.DynamoDBTables = slices.DeleteFunc(s.DynamoDBTables, func(x inventory.DynamoDBTable) bool { return gone(&x.Meta) })
	s.S3Buckets = slices.DeleteFunc(s.S3Buckets, func(x inventory.S3Bucket) bool { return gone(&x.Meta) })
	s.RedshiftClusters = slices.DeleteFunc(s.RedshiftClusters, func(x inventory.RedshiftCluster) bool { return gone(&x.Meta) })
	s.RedshiftServerlessNamespaces = slices.DeleteFunc(s.RedshiftServerlessNamespaces, func(x inventory.RedshiftServerlessNamespace) bool { return gone(&x.Meta) })
	s.ElastiCacheClusters = slices.DeleteFunc(s.ElastiCacheClusters, func(x inventory.ElastiCacheCluster) bool { return gone(&x.Meta) })
	s.OpenSearchDomains = slices.DeleteFunc(s.OpenSearchDomains, func(x inventory.OpenSearchDomain) bool { return gone(&x.Meta) })
	s.MemoryDBClusters = slices.DeleteFunc(s.MemoryDBClusters, func(x inventory.MemoryDBCluster) bool { return gone(&x.Meta) })
	// A member's alarms count for its cluster (inventory.stores), so a destroyed member
	// left in the list would vouch for the cluster with an alarm on nothing.
	member := func(typ, account, name string) bool {
		return byName[typ+"|"+account+"|"+name] || byName[typ+"||"+name]
	}
	for i := range s.DBClusters {
		cl := &s.DBClusters[i]
		cl.Members = slices.DeleteFunc(cl.Members, func(x string) bool { return member(inventory.TypeDBInstance, cl.AccountID, x) })
	}
	for i := range s.ElastiCacheClusters {
		g := &s.ElastiCacheClusters[i]
		g.Members = slices.DeleteFunc(g.Members, func(x string) bool { return member(inventory.TypeElastiCacheCacheCluster, g.AccountID, x) })
	}
}

// joinMembers adds the plan's cluster instances and cache clusters to the member lists of
// the live clusters and replication groups they join, which the plan alone could not: the
// cluster was not in it. A member the plan replaces comes back here after deleteDestroyed
// removed it.
func (m *merger) joinMembers() {
	key := func(meta *inventory.Meta, name string) string { return meta.AccountID + "|" + meta.Region + "|" + name }
	clusters := map[string]*inventory.DBCluster{}
	for i := range m.live.DBClusters {
		if cl := &m.live.DBClusters[i]; cl.Name != "" {
			clusters[key(&cl.Meta, cl.Name)] = cl
		}
	}
	for _, d := range m.plan.Snapshot.DBInstances {
		cl := clusters[key(&d.Meta, d.ClusterID)]
		if d.ClusterID == "" || cl == nil {
			continue
		}
		name := d.Name
		if name == "" {
			name = d.ID
		}
		if !slices.Contains(cl.Members, name) {
			cl.Members = append(cl.Members, name)
		}
	}
	groups := map[string]*inventory.ElastiCacheCluster{}
	for i := range m.live.ElastiCacheClusters {
		if g := &m.live.ElastiCacheClusters[i]; g.Type == inventory.TypeElastiCacheReplicationGroup && g.Name != "" {
			groups[key(&g.Meta, g.Name)] = g
		}
	}
	for _, e := range m.plan.Snapshot.ElastiCacheClusters {
		g := groups[key(&e.Meta, e.ReplicationGroupID)]
		if e.ReplicationGroupID == "" || g == nil || e.Name == "" {
			continue
		}
		if !slices.Contains(g.Members, e.Name) {
			g.Members = append(g.Members, e.Name)
		}
	}
}

func (m *merger) dropGone() {
	gone := m.plan.gone
	s := m.live
	if len(gone) > 0 {
		for i := range s.SNSTopics {
			s.SNSTopics[i].Subscriptions = slices.DeleteFunc(s.SNSTopics[i].Subscriptions, func(x inventory.Subscription) bool {
				return gone[goneSubscription(x.ARN)]
			})
		}
		for i := range s.LogGroups {
			g := &s.LogGroups[i]
			g.MetricFilters = slices.DeleteFunc(g.MetricFilters, func(x inventory.MetricFilter) bool { return gone[goneMetricFilter(g.Name, x.Name)] })
			g.SubscriptionFilters = slices.DeleteFunc(g.SubscriptionFilters, func(x inventory.SubscriptionFilter) bool {
				return gone[goneSubscriptionFilter(g.Name, x.Name)]
			})
		}
		for i := range s.S3Buckets {
			b := &s.S3Buckets[i]
			b.MetricsConfigurations = slices.DeleteFunc(b.MetricsConfigurations, func(x string) bool { return gone[goneBucketMetric(b.Name, x)] })
		}
		for i := range s.DynamoDBTables {
			t := &s.DynamoDBTables[i]
			t.AutoScaling = slices.DeleteFunc(t.AutoScaling, func(x string) bool { return gone[goneScaling(t.Name, x)] })
		}
	}
	for _, p := range m.plan.goneLogPolicies {
		for i := range s.Accounts {
			a := &s.Accounts[i]
			if p.account != "" && p.account != UnknownAccount && a.ID != p.account {
				continue
			}
			a.LogResourcePolicies = slices.DeleteFunc(a.LogResourcePolicies, func(x inventory.LogResourcePolicy) bool {
				return x.Name == p.name && (x.Region == p.region || p.region == UnknownRegion)
			})
		}
	}
}

// joinLogPolicies lays the plan's CloudWatch Logs resource policies over those of the live
// accounts, as PutResourcePolicy does on apply: a policy is known by its name in its
// region, so the plan's replaces the live one of that name and the others stay. A policy
// whose document is known only after apply takes the live one's place with no document,
// which cannot be read, so whether it opens a log group is unknown rather than judged on
// the document it replaces.
func (m *merger) joinLogPolicies() {
	put := func(account string, lp inventory.LogResourcePolicy) {
		for i := range m.live.Accounts {
			a := &m.live.Accounts[i]
			if a.ID != account {
				continue
			}
			if lp.Region != UnknownRegion {
				a.LogResourcePolicies = slices.DeleteFunc(a.LogResourcePolicies, func(x inventory.LogResourcePolicy) bool {
					return x.Name == lp.Name && x.Region == lp.Region
				})
				a.LogResourcePolicies = append(a.LogResourcePolicies, lp)
				continue
			}
			// The plan does not say which region the policy goes to: in every region of
			// the account it may replace the policy of its name, so there the policy is
			// one whose document cannot be read, and exposure is unknown rather than
			// judged on a document that may be replaced.
			a.LogResourcePolicies = slices.DeleteFunc(a.LogResourcePolicies, func(x inventory.LogResourcePolicy) bool {
				return x.Name == lp.Name
			})
			for _, r := range a.Regions {
				a.LogResourcePolicies = append(a.LogResourcePolicies, inventory.LogResourcePolicy{Name: lp.Name, Region: r})
			}
		}
	}
	for _, a := range m.plan.Snapshot.Accounts {
		for _, lp := range a.LogResourcePolicies {
			put(a.ID, lp)
		}
	}
	for _, u := range m.plan.unknownLogPolicies {
		put(u.account, inventory.LogResourcePolicy{Name: u.name, Region: u.region})
	}
}

// mergeItems lays the planned items of one collection over the live ones.
func mergeItems[T any](m *merger, live, planned []T, meta func(*T) *inventory.Meta) []T {
	byARN := map[string]int{}
	byName := map[string]int{}
	for i := range live {
		lm := meta(&live[i])
		if lm.ARN != "" {
			byARN[lm.ARN] = i
		}
		if lm.Name != "" {
			byName[nameKey(lm)] = i
		}
	}
	replaced := map[int]bool{}
	var added []T
	for i := range planned {
		pm := meta(&planned[i])
		j, ok := byARN[pm.ARN]
		if !ok || pm.ARN == "" {
			j, ok = byName[nameKey(pm)]
		}
		if !ok || pm.Name == "" && pm.ARN == "" || replaced[j] {
			added = append(added, planned[i])
			continue
		}
		item := planned[i]
		if m.plan.existing[pm.ID] {
			fillFromLive(&item, &live[j], meta)
		}
		live[j] = item
		replaced[j] = true
	}
	return append(live, added...)
}

// nameKey identifies a resource by name within its type and place; bucket names are global.
func nameKey(meta *inventory.Meta) string {
	if meta.Type == inventory.TypeS3Bucket {
		return meta.Type + "|" + meta.Name
	}
	return meta.Type + "|" + meta.AccountID + "|" + meta.Region + "|" + meta.Name
}

// keptBeside are the fields that list what is managed beside the plan as well as in it: a
// topic's subscriptions and a log group's filters. The live entries are added to the plan's,
// never put in their place.
var keptBeside = map[string]bool{"subscriptions": true, "metric_filters": true, "subscription_filters": true,
	"metrics_configurations": true, "auto_scaling": true}

// fillFromLive completes an existing resource's planned item with the live item's values of
// the fields the plan could not know, and keeps what others manage beside the plan: the
// live subscriptions of a topic and the live filters of a log group.
func fillFromLive[T any](planned, live *T, meta func(*T) *inventory.Meta) {
	pm, lm := meta(planned), meta(live)
	if pm.ARN == "" {
		pm.ARN = lm.ARN
	}
	if len(pm.UnknownFields) > 0 {
		pj, err1 := json.Marshal(planned)
		lj, err2 := json.Marshal(live)
		var pmap, lmap map[string]json.RawMessage
		if err1 == nil && err2 == nil && json.Unmarshal(pj, &pmap) == nil && json.Unmarshal(lj, &lmap) == nil {
			var still []string
			for _, f := range pm.UnknownFields {
				switch v, ok := lmap[f]; {
				case slices.Contains(lm.UnknownFields, f):
					still = append(still, f)
				case keptBeside[f]:
					// The plan's own entries stay; the live ones join them below.
				case ok:
					pmap[f] = v
				default:
					// A snapshot leaves zero values out: the live field is zero.
					delete(pmap, f)
				}
			}
			if merged, err := json.Marshal(pmap); err == nil {
				var out T
				if json.Unmarshal(merged, &out) == nil {
					*planned = out
					pm = meta(planned)
					pm.UnknownFields = still
				}
			}
		}
	}
	// The plan lists the entries it manages; those made beside it stay.
	switch p := any(planned).(type) {
	case *inventory.SNSTopic:
		l := any(live).(*inventory.SNSTopic)
		p.Subscriptions = joinBy(p.Subscriptions, l.Subscriptions, func(x inventory.Subscription) string { return x.ARN })
	case *inventory.LogGroup:
		l := any(live).(*inventory.LogGroup)
		p.MetricFilters = joinBy(p.MetricFilters, l.MetricFilters, func(x inventory.MetricFilter) string { return x.Name })
		p.SubscriptionFilters = joinBy(p.SubscriptionFilters, l.SubscriptionFilters, func(x inventory.SubscriptionFilter) string { return x.Name })
	case *inventory.S3Bucket:
		l := any(live).(*inventory.S3Bucket)
		p.MetricsConfigurations = joinBy(p.MetricsConfigurations, l.MetricsConfigurations, identity)
	case *inventory.DBCluster:
		l := any(live).(*inventory.DBCluster)
		p.Members = joinBy(p.Members, l.Members, identity)
	case *inventory.DynamoDBTable:
		l := any(live).(*inventory.DynamoDBTable)
		p.AutoScaling = joinBy(p.AutoScaling, l.AutoScaling, identity)
	}
	pm.Errors = append(pm.Errors, lm.Errors...)
}

// applyOrphans applies the plan's separate resources to the live resources they configure.
func (m *merger) applyOrphans() {
	if len(m.plan.orphans) == 0 {
		return
	}
	items := map[string]any{}
	for _, c := range m.live.Collections() {
		for i := 0; i < c.Len; i++ {
			meta := c.Meta(i)
			if meta.ARN != "" {
				items[meta.Type+"|"+meta.ARN] = c.Item(i)
			}
			if meta.Name != "" {
				items[meta.Type+"|"+meta.AccountID+"|"+meta.Region+"|"+meta.Name] = c.Item(i)
				if meta.Type == inventory.TypeS3Bucket {
					items[meta.Type+"|"+meta.Name] = c.Item(i)
				}
			}
		}
	}
	for _, o := range m.plan.orphans {
		item := items[o.typ+"|"+o.key]
		if item == nil {
			item = items[o.typ+"|"+o.account+"|"+o.region+"|"+o.key]
		}
		if item != nil {
			o.apply(item)
		}
	}
	if m.plan.conv != nil {
		m.plan.conv.markPendingIn(m.live)
	}
}

// joinBy appends to planned the live entries whose key it does not hold.
func joinBy[T any, K comparable](planned, live []T, key func(T) K) []T {
	for _, x := range live {
		k := key(x)
		if !slices.ContainsFunc(planned, func(y T) bool { return key(y) == k }) {
			planned = append(planned, x)
		}
	}
	return planned
}

func identity[T any](x T) T { return x }
