package aws

import (
	"fmt"
	"slices"
	"sort"
	"testing"

	"github.com/storewatch/storewatch/inventory"
)

// TestCallPlanCoversCatalogue: every operation the collector can call in an account has
// a line in the call plan, so the minimum is never silently missing a call.
func TestCallPlanCoversCatalogue(t *testing.T) {
	for _, op := range Operations() {
		if accountControlOp(op) {
			continue
		}
		if !slices.ContainsFunc(callPlan, func(r callRule) bool { return r.op == op }) {
			t.Errorf("%s is in the catalogue but not in the call plan", op)
		}
	}
}

func TestMinimumCalls(t *testing.T) {
	plan, _ := NewPlan(nil, PlanOptions{All: true})
	s := Sizes{Home: "us-east-1", Scanned: []string{"us-east-1", "eu-west-1"}, Regions: map[string]map[Count]int{
		"us-east-1": {CountAlarms: 250, CountLogGroups: 51, CountTables: 3, CountBuckets: 2, CountBucketsNoRegion: 3, CountDomains: 6,
			CountTopics: 4, CountUnconfirmedTopicPages: 2},
		"eu-west-1": {CountBuckets: 1},
	}}
	got := MinimumCalls(plan, s)
	for _, tt := range []struct {
		op     Operation
		region string
		want   int
	}{
		{opDescribeAlarms, "us-east-1", 3},
		{opDescribeAlarms, "eu-west-1", 1}, // an empty listing still answers once
		{opDescribeLogGroups, "us-east-1", 2},
		{opDescribeSubFilters, "us-east-1", 51},
		{opDescribeTable, "us-east-1", 3},
		{opDescribeScalableTargets, "eu-west-1", 0}, // no table, no call
		{opListBuckets, "us-east-1", 1},
		{opListBuckets, "eu-west-1", 0},
		{opGetBucketLocation, "us-east-1", 3},
		{opGetBucketLogging, "eu-west-1", 1},
		{opDescribeDomains, "us-east-1", 2},
		{opListSubsByTopic, "us-east-1", 2}, // only the topics ListSubscriptions left unconfirmed
		{opListSubsByTopic, "eu-west-1", 0},
		{opGetCallerIdentity, "us-east-1", 1},
	} {
		if n := got[OpRegion{tt.op, tt.region}]; n != tt.want {
			t.Errorf("%s in %s: %d calls, want %d", tt.op, tt.region, n, tt.want)
		}
	}
}

// sizesOf counts what a snapshot holds, region by region, as the call plan reads it.
// Parameter groups count one page each (the emulator's groups hold a few parameters),
// and moto's ListBuckets gives no bucket's region, so every bucket's location is asked.
func sizesOf(snap *inventory.Snapshot, home string, scanned []string) Sizes {
	s := Sizes{Home: home, Scanned: scanned, Regions: map[string]map[Count]int{}}
	add := func(region string, c Count, n int) {
		if s.Regions[region] == nil {
			s.Regions[region] = map[Count]int{}
		}
		s.Regions[region][c] += n
	}
	distinct := map[string]bool{}
	group := func(region string, c Count, name string) {
		if name != "" && !distinct[string(c)+region+name] {
			distinct[string(c)+region+name] = true
			add(region, c, 1)
		}
	}
	for _, t := range snap.Trails {
		add(t.HomeRegion, CountTrails, 1)
	}
	for _, e := range snap.EventDataStores {
		add(e.Region, CountEventDataStores, 1)
	}
	for _, a := range snap.Alarms {
		add(a.Region, CountAlarms, 1)
	}
	for _, a := range snap.CompositeAlarms {
		add(a.Region, CountAlarms, 1)
	}
	for _, g := range snap.LogGroups {
		add(g.Region, CountLogGroups, 1)
		add(g.Region, CountMetricFilters, len(g.MetricFilters))
	}
	for _, tp := range snap.SNSTopics {
		add(tp.Region, CountTopics, 1)
		// ListSubscriptions lists the account's own subscriptions; a topic it leaves
		// without a confirmed one is listed by topic, with every account's.
		own, confirmed := 0, false
		for _, sb := range tp.Subscriptions {
			if sb.Owner == "" || sb.Owner == tp.AccountID {
				own++
				confirmed = confirmed || sb.Confirmed
			}
		}
		add(tp.Region, CountSubscriptions, own)
		if !confirmed {
			add(tp.Region, CountUnconfirmedTopicPages, pageCount(len(tp.Subscriptions), defaultPage))
		}
	}
	for _, d := range snap.DBInstances {
		add(d.Region, CountDBInstances, 1)
		group(d.Region, CountDBParameterPages, d.ParameterGroup)
	}
	for _, c := range snap.DBClusters {
		add(c.Region, CountDBClusters, 1)
		group(c.Region, CountClusterParamPages, c.ParameterGroup)
	}
	for _, e := range snap.EventSubscriptions {
		if e.Service == "rds" {
			add(e.Region, CountRDSEventSubs, 1)
		} else {
			add(e.Region, CountRedshiftEventSubs, 1)
		}
	}
	for _, t := range snap.DynamoDBTables {
		add(t.Region, CountTables, 1)
		add(t.Region, CountScalableTargets, len(t.AutoScaling))
	}
	for _, b := range snap.S3Buckets {
		add(b.Region, CountBuckets, 1)
		add(home, CountBucketsNoRegion, 1)
	}
	for _, c := range snap.RedshiftClusters {
		add(c.Region, CountRedshiftClusters, 1)
		group(c.Region, CountRedshiftParamPages, c.ParameterGroup)
	}
	for _, n := range snap.RedshiftServerlessNamespaces {
		add(n.Region, CountNamespaces, 1)
	}
	for _, c := range snap.ElastiCacheClusters {
		add(c.Region, CountCacheClusters, 1)
	}
	for _, d := range snap.OpenSearchDomains {
		add(d.Region, CountDomains, 1)
	}
	for _, c := range snap.MemoryDBClusters {
		add(c.Region, CountMemoryDBClusters, 1)
	}
	for _, k := range keyRefs(snap) {
		add(k.region, CountKMSKeys, 1)
	}
	return s
}

// planDiff lists the (operation, region) pairs whose calls differ from the minimum.
func planDiff(minimum map[OpRegion]int, made map[OpRegion]int) []string {
	var out []string
	for k, n := range made {
		if minimum[k] != n {
			out = append(out, fmt.Sprintf("%s in %s: made %d, minimum %d", k.Operation, k.Region, n, minimum[k]))
		}
	}
	for k, n := range minimum {
		if _, ok := made[k]; !ok {
			out = append(out, fmt.Sprintf("%s in %s: made 0, minimum %d", k.Operation, k.Region, n))
		}
	}
	sort.Strings(out)
	return out
}
