package aws

import (
	"context"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/storewatch/storewatch/internal/awstest"
	"github.com/storewatch/storewatch/inventory"
)

// The conditions of issue 9's collection benchmark: every call takes 50 ms, and each
// service admits 20 calls per second in each region, throttling the rest.
const (
	benchLatency = 50 * time.Millisecond
	benchRate    = 20.0
	benchBurst   = 5
)

// Targets: calls ≤ 1.05 × the minimum, wall ≤ 1.5 × the ideal, no throttling left.
const (
	maxCallRatio = 1.05
	maxWallRatio = 1.5
)

var benchRegions = []string{"us-east-1", "eu-west-1", "ap-southeast-2"}

// collectBenchSize reads STOREWATCH_COLLECT_STORES (default 100) and
// STOREWATCH_COLLECT_REGIONS (default 1): the default is the brief run CI makes.
func collectBenchSize(b *testing.B) (int, []string) {
	num := func(name string, def int) int {
		v := os.Getenv(name)
		if v == "" {
			return def
		}
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			b.Fatalf("%s=%q: want a positive number", name, v)
		}
		return n
	}
	stores, regions := num("STOREWATCH_COLLECT_STORES", 100), num("STOREWATCH_COLLECT_REGIONS", 1)
	if regions > len(benchRegions) {
		b.Fatalf("STOREWATCH_COLLECT_REGIONS=%d: at most %d", regions, len(benchRegions))
	}
	return stores, benchRegions[:regions]
}

// BenchmarkCollect collects a seeded account through the proxy's latency and rate
// limits and judges the collection against the call plan's minimum and the ideal wall
// time (docs/performance.md, "Collection"). It fails when a target is missed.
func BenchmarkCollect(b *testing.B) {
	stores, regions := collectBenchSize(b)
	m := awstest.StartMoto(b)
	ctx := context.Background()
	fleet, err := awstest.SeedFleet(ctx, m.URL, awstest.FleetOptions{Stores: stores, Regions: regions})
	if err != nil {
		b.Fatal(err)
	}
	p, err := awstest.NewProxy(b, m.URL)
	if err != nil {
		b.Fatal(err)
	}
	plan, _ := NewPlan(nil, PlanOptions{All: true})
	b.Run(fmt.Sprintf("stores=%d/regions=%d", stores, len(regions)), func(b *testing.B) {
		var rep collectReport
		for i := 0; i < b.N; i++ {
			p.ResetCalls()
			p.SetLimits(awstest.Limits{Latency: benchLatency, Rate: benchRate, Burst: benchBurst})
			o := Options{Config: awstest.Config(p.URL, regions[0]), Regions: regions, Plan: plan, Redact: true}
			start := time.Now()
			snap, err := Collect(ctx, o)
			wall := time.Since(start)
			if err != nil {
				b.Fatalf("Collect: %v", err)
			}
			checkFleet(b, fleet, snap)
			rep = judgeCollection(plan, sizesOf(snap, regions[0], regions), p.Counts(), snap, wall, withDefaults(o).Details)
		}
		b.ReportMetric(rep.callRatio(), "calls/min")
		b.ReportMetric(rep.wallRatio(), "wall/ideal")
		b.ReportMetric(float64(rep.throttlesLeft), "throttles-left")
		b.ReportMetric(float64(rep.throttled), "throttled")
		// Printed, not logged: the testing package cuts a benchmark's log short.
		fmt.Print(rep.table())
		if r := rep.callRatio(); r > maxCallRatio {
			b.Errorf("calls = %.3f × the minimum, target ≤ %.2f", r, maxCallRatio)
		}
		if r := rep.wallRatio(); r > maxWallRatio {
			b.Errorf("wall = %.2f × the ideal, target ≤ %.1f", r, maxWallRatio)
		}
		if rep.throttlesLeft != 0 || rep.otherErrors != 0 {
			b.Errorf("collection errors: %d throttling left after retries, %d others", rep.throttlesLeft, rep.otherErrors)
		}
	})
}

// checkFleet makes sure the snapshot holds everything seeded: the minimum is computed
// from the snapshot's counts, which must therefore be the account's.
func checkFleet(b *testing.B, f *awstest.Fleet, snap *inventory.Snapshot) {
	b.Helper()
	replicationGroups := 0
	for _, c := range snap.ElastiCacheClusters {
		if c.Type == inventory.TypeElastiCacheReplicationGroup {
			replicationGroups++
		}
	}
	for _, c := range []struct {
		kind string
		got  int
	}{
		{awstest.KindDBInstance, len(snap.DBInstances)}, {awstest.KindDBCluster, len(snap.DBClusters)},
		{awstest.KindTable, len(snap.DynamoDBTables)}, {awstest.KindBucket, len(snap.S3Buckets)},
		{awstest.KindReplicationGroup, replicationGroups}, {awstest.KindRedshiftCluster, len(snap.RedshiftClusters)},
		{awstest.KindDomain, len(snap.OpenSearchDomains)}, {awstest.KindMemoryDBCluster, len(snap.MemoryDBClusters)},
		{awstest.KindAlarm, len(snap.Alarms)}, {awstest.KindLogGroup, len(snap.LogGroups)},
		{awstest.KindTopic, len(snap.SNSTopics)}, {awstest.KindTrail, len(snap.Trails)},
	} {
		if want := f.Total(c.kind); c.got != want {
			b.Errorf("snapshot has %d %s, seeded %d", c.got, c.kind, want)
		}
	}
}

// serviceRegion is one row of the report.
type serviceRegion struct {
	service, region   string
	calls, minimum    int
	throttled         int
	span, ideal       time.Duration
	phase             int
	firstCall, lastAt time.Time
}

type collectReport struct {
	rows                     []*serviceRegion
	wall, ideal              time.Duration
	calls, minimum           int
	throttled, throttlesLeft int
	otherErrors              int
}

func (r collectReport) callRatio() float64 { return float64(r.calls) / float64(max(1, r.minimum)) }
func (r collectReport) wallRatio() float64 { return r.wall.Seconds() / r.ideal.Seconds() }

// Phases of a collection: the identity (and organisation) calls come first, one after
// the other; then every (region, service) collector at once; then the KMS keys the
// collected resources name.
const (
	phaseStart = iota
	phaseTasks
	phaseEnd
)

func phaseOf(service string) int {
	switch service {
	case "sts", "organizations":
		return phaseStart
	case "kms":
		return phaseEnd
	}
	return phaseTasks
}

// idealWall is the least time the calls can take in one (service, region): the larger
// of their latency spread over the allowed concurrency and their count at the rate.
func idealWall(calls, concurrency int) time.Duration {
	byLatency := time.Duration(calls) * benchLatency / time.Duration(concurrency)
	byRate := time.Duration(float64(calls) / benchRate * float64(time.Second))
	return max(byLatency, byRate)
}

// judgeCollection compares what the proxy saw with the call plan's minimum, per service
// and region. The whole ideal is the sum over the phases, each the largest ideal of its
// (service, region) pairs, which run at once, except the start phase, whose calls are
// made one after the other.
func judgeCollection(plan Plan, sizes Sizes, counts []awstest.OpCount, snap *inventory.Snapshot, wall time.Duration, concurrency int) collectReport {
	rows := map[[2]string]*serviceRegion{}
	row := func(op Operation, region string) *serviceRegion {
		k := [2]string{op.Service(), region}
		if rows[k] == nil {
			rows[k] = &serviceRegion{service: op.Service(), region: region, phase: phaseOf(op.Service())}
		}
		return rows[k]
	}
	for k, n := range MinimumCalls(plan, sizes) {
		row(k.Operation, k.Region).minimum += n
	}
	for _, c := range counts {
		r := row(Operation(c.Operation), c.Region)
		r.calls += c.Calls
		r.throttled += c.Throttled
		if r.firstCall.IsZero() || c.First.Before(r.firstCall) {
			r.firstCall = c.First
		}
		if c.Last.After(r.lastAt) {
			r.lastAt = c.Last
		}
	}
	rep := collectReport{wall: wall}
	phaseIdeal := map[int]time.Duration{}
	for _, k := range slices.SortedFunc(maps.Keys(rows), func(a, b [2]string) int {
		if c := strings.Compare(a[0], b[0]); c != 0 {
			return c
		}
		return strings.Compare(a[1], b[1])
	}) {
		r := rows[k]
		r.ideal = idealWall(r.minimum, concurrency)
		if !r.firstCall.IsZero() {
			r.span = r.lastAt.Sub(r.firstCall) + benchLatency
		}
		if r.phase == phaseStart {
			phaseIdeal[r.phase] += r.ideal
		} else {
			phaseIdeal[r.phase] = max(phaseIdeal[r.phase], r.ideal)
		}
		rep.calls += r.calls
		rep.minimum += r.minimum
		rep.throttled += r.throttled
		rep.rows = append(rep.rows, r)
	}
	for _, d := range phaseIdeal {
		rep.ideal += d
	}
	count := func(e inventory.CollectionError) {
		switch {
		case e.Code == inventory.CodeNotCollected:
		case throttledCodes[e.Code]:
			rep.throttlesLeft++
		default:
			rep.otherErrors++
		}
	}
	for _, e := range snap.Errors {
		count(e)
	}
	for _, c := range snap.Collections() {
		for i := 0; i < c.Len; i++ {
			for _, e := range c.Meta(i).Errors {
				count(e)
			}
		}
	}
	return rep
}

// table renders the report as the markdown table of docs/performance.md.
func (r collectReport) table() string {
	var sb strings.Builder
	sb.WriteString("| service | region | calls | minimum | calls ÷ min | throttled (retried) | wall s | ideal s | wall ÷ ideal |\n|---|---|---|---|---|---|---|---|---|\n")
	for _, row := range r.rows {
		fmt.Fprintf(&sb, "| %s | %s | %d | %d | %.2f | %d | %.2f | %.2f | %.2f |\n", row.service, row.region, row.calls, row.minimum,
			float64(row.calls)/float64(max(1, row.minimum)), row.throttled, row.span.Seconds(), row.ideal.Seconds(), row.span.Seconds()/row.ideal.Seconds())
	}
	fmt.Fprintf(&sb, "| **total** | | %d | %d | **%.3f** | %d | **%.2f** | %.2f | **%.2f** |\n", r.calls, r.minimum, r.callRatio(), r.throttled,
		r.wall.Seconds(), r.ideal.Seconds(), r.wallRatio())
	fmt.Fprintf(&sb, "throttling errors left after retries: %d; other collection errors: %d\n", r.throttlesLeft, r.otherErrors)
	return sb.String()
}
