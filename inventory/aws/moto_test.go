package aws

import (
	"bytes"
	"context"
	"errors"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/storewatch/storewatch/internal/awstest"
	"github.com/storewatch/storewatch/internal/golden"
	"github.com/storewatch/storewatch/inventory"
)

// emulator is a seeded moto behind a fault-injecting proxy, shared by the subtests.
type emulator struct {
	moto  *awstest.Moto
	proxy *awstest.Proxy
}

func startEmulator(t *testing.T) *emulator {
	t.Helper()
	m := awstest.StartMoto(t)
	if err := awstest.Seed(context.Background(), m.URL); err != nil {
		t.Fatal(err)
	}
	if err := awstest.SeedCrossAccountTopic(context.Background(), m.URL); err != nil {
		t.Fatal(err)
	}
	p, err := awstest.NewProxy(t, m.URL)
	if err != nil {
		t.Fatal(err)
	}
	p.MarkPending(awstest.PendingEndpoint)
	p.OtherAccountSubscriptions(awstest.OpsAccount)
	p.AddNamespace(awstest.RegionA, awstest.Namespace{Name: "analytics", LogExports: []string{"userlog", "connectionlog"}})
	p.SetContributorInsights("orders", "ENABLED")
	return &emulator{moto: m, proxy: p}
}

var fixedNow = time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)

// options collects both scanned regions through the proxy with every operation planned.
func (e *emulator) options(stats *Stats) Options {
	plan, _ := NewPlan(nil, PlanOptions{All: true})
	return Options{
		Config:      awstest.Config(e.proxy.URL, awstest.RegionA),
		Regions:     []string{awstest.RegionA, awstest.RegionB},
		Plan:        plan,
		Redact:      true,
		Stats:       stats,
		CallTimeout: 5 * time.Second,
		MaxBackoff:  50 * time.Millisecond,
		Tool:        inventory.Tool{Name: "storewatch", Version: "test"},
		Now:         func() time.Time { return fixedNow },
	}
}

func (e *emulator) collect(t *testing.T, o Options) *inventory.Snapshot {
	t.Helper()
	snap, err := Collect(context.Background(), o)
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	return snap
}

// moto invents ids, times and versions; they are masked before comparing snapshots.
var volatile = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`), "UUID"},
	{regexp.MustCompile(`"20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z"`), `"TIME"`},
}

func canonical(t *testing.T, s *inventory.Snapshot) []byte {
	t.Helper()
	// Subscription ARNs end in moto's random ids, which decide their order: mask them
	// first, so the order falls to protocol and endpoint.
	for i := range s.SNSTopics {
		for j := range s.SNSTopics[i].Subscriptions {
			sub := &s.SNSTopics[i].Subscriptions[j]
			sub.ARN = volatile[0].re.ReplaceAllString(sub.ARN, volatile[0].with)
		}
	}
	// So do key ARNs: mask them on a copy (the tests read the real ones after this) and
	// order the keys by what tells them apart.
	keys := s.KMSKeys
	defer func() { s.KMSKeys = keys }()
	s.KMSKeys = slices.Clone(keys)
	for i := range s.KMSKeys {
		s.KMSKeys[i].ARN = volatile[0].re.ReplaceAllString(s.KMSKeys[i].ARN, volatile[0].with)
	}
	slices.SortStableFunc(s.KMSKeys, func(a, b inventory.KMSKey) int {
		if c := strings.Compare(strings.Join(a.Aliases, ","), strings.Join(b.Aliases, ",")); c != 0 {
			return c
		}
		return strings.Compare(a.KeyState, b.KeyState)
	})
	var buf bytes.Buffer
	if err := inventory.Write(&buf, s); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	for _, v := range volatile {
		b = v.re.ReplaceAll(b, []byte(v.with))
	}
	return b
}

func TestEmulator(t *testing.T) {
	e := startEmulator(t)
	stats := NewStats()
	e.proxy.ResetCalls()
	base := e.collect(t, e.options(stats))
	baseJSON := canonical(t, base)

	t.Run("snapshot", func(t *testing.T) {
		golden.Assert(t, "testdata/emulator.golden.json", baseJSON)
		if got := collectionErrorCount(base); got != 0 {
			t.Errorf("collection errors = %d, want 0: %+v", got, base.Errors)
		}
	})

	t.Run("trails", func(t *testing.T) {
		byName := map[string]inventory.Trail{}
		for _, tr := range base.Trails {
			byName[tr.Name] = tr
		}
		if len(base.Trails) != 4 {
			t.Fatalf("trails = %d, want 4 (shadow copies of multi-Region trails kept once)", len(base.Trails))
		}
		want := []inventory.EventSelector{{ReadWriteType: "All", IncludeManagementEvents: true}}
		if diff := cmp.Diff(want, byName[awstest.TrailBare].EventSelectors, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("trail never given selectors (-want +got):\n%s", diff)
		}
		if g := byName[awstest.TrailGlobal]; g.Region != awstest.RegionHome || g.Status == nil || !g.Status.IsLogging {
			t.Errorf("trail homed in an unscanned region = %+v, want read in %s and logging", g.Meta, awstest.RegionHome)
		}
		if eu := byName[awstest.TrailEU]; len(eu.AdvancedEventSelectors) != 2 || len(eu.EventSelectors) != 0 {
			t.Errorf("advanced selectors = %+v", eu.AdvancedEventSelectors)
		}
	})

	t.Run("disabled key", func(t *testing.T) {
		// The key's state comes from DescribeKey: a group encrypted with a disabled key is
		// told apart from one whose key works.
		for _, g := range base.LogGroups {
			if g.Name != awstest.DisabledKeyLogGroup {
				continue
			}
			for _, k := range base.KMSKeys {
				if k.ARN == g.KMSKeyID {
					if k.KeyState != inventory.KeyStateDisabled {
						t.Errorf("key %s of group %s in state %q, want Disabled", k.ARN, g.Name, k.KeyState)
					}
					return
				}
			}
			t.Fatalf("the key %q of group %s was not described: keys %+v", g.KMSKeyID, g.Name, base.KMSKeys)
		}
		t.Errorf("no log group %s", awstest.DisabledKeyLogGroup)
	})

	t.Run("pagination", func(t *testing.T) {
		count := func(region string, n func(i int) string, l int) int {
			c := 0
			for i := 0; i < l; i++ {
				if n(i) == region {
					c++
				}
			}
			return c
		}
		if got := count(awstest.RegionB, func(i int) string { return base.LogGroups[i].Region }, len(base.LogGroups)); got != awstest.LogGroupsPaged {
			t.Errorf("log groups in %s = %d, want %d (more than one page)", awstest.RegionB, got, awstest.LogGroupsPaged)
		}
		if got := count(awstest.RegionB, func(i int) string { return base.SNSTopics[i].Region }, len(base.SNSTopics)); got != awstest.TopicsPaged {
			t.Errorf("topics in %s = %d, want %d (more than one page)", awstest.RegionB, got, awstest.TopicsPaged)
		}
	})

	t.Run("redaction and pending subscriptions", func(t *testing.T) {
		if bytes.Contains(baseJSON, []byte("example.com/services")) || bytes.Contains(baseJSON, []byte("oncall@")) || bytes.Contains(baseJSON, []byte("secret-token")) {
			t.Error("snapshot keeps an SNS endpoint secret")
		}
		for _, tp := range base.SNSTopics {
			if tp.Name != awstest.AlertsTopic {
				continue
			}
			confirmed := 0
			for _, s := range tp.Subscriptions {
				if s.Confirmed {
					confirmed++
				}
			}
			if len(tp.Subscriptions) != 3 || confirmed != 2 {
				t.Errorf("alerts subscriptions = %+v, want 3 with 2 confirmed", tp.Subscriptions)
			}
		}
	})

	t.Run("another account's subscription", func(t *testing.T) {
		// ListSubscriptions lists only the scanning account's subscriptions: the topic's
		// one subscriber, owned by the operations account, is found by topic.
		tp := topicNamed(base, awstest.OpsAlarmsTopic)
		if tp == nil {
			t.Fatalf("topic %s not collected", awstest.OpsAlarmsTopic)
		}
		want := []inventory.Subscription{{ARN: tp.ARN + ":UUID", Protocol: "sqs", Endpoint: awstest.OpsQueue, Confirmed: true, Owner: awstest.OpsAccount}}
		got := slices.Clone(tp.Subscriptions)
		for i := range got {
			got[i].ARN = volatile[0].re.ReplaceAllString(got[i].ARN, volatile[0].with)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("subscriptions of %s (-want +got):\n%s", tp.Name, diff)
		}
		if len(tp.Errors) != 0 {
			t.Errorf("topic %s errors = %+v, want none", tp.Name, tp.Errors)
		}
	})

	calls := e.proxy.Calls()
	t.Run("read-only", func(t *testing.T) {
		for _, c := range calls {
			if !awstest.IsReadOnly(c.Operation) && c.Operation != string(opGetCallerIdentity) {
				t.Errorf("collector called %s, which is not a read-only operation", c.Operation)
			}
		}
	})

	t.Run("declared operations", func(t *testing.T) {
		seen := map[string]bool{}
		for _, c := range calls {
			seen[c.Operation] = true
			if _, ok := catalogue[Operation(c.Operation)]; !ok {
				t.Errorf("collector called %s, which the catalogue does not declare (iam-policy would not allow it)", c.Operation)
			}
		}
		policy := IAMPolicy(e.options(nil).Plan, "")
		allowed := policy.Statement[0].Action
		for op := range seen {
			for _, a := range iamActions(Operation(op)) {
				if !slices.Contains(allowed, a) {
					t.Errorf("policy does not allow %s, needed by %s", a, op)
				}
			}
		}
		// Operations the seeded account cannot exercise: no region discovery (regions are
		// given), no other account, no CloudTrail Lake store in moto.
		notExercised := []Operation{opAssumeRole, opListAccounts, opDescribeRegions, opGetEventDataStore}
		for _, op := range Operations() {
			if !seen[string(op)] && !slices.Contains(notExercised, op) {
				t.Errorf("declared operation %s was never called on the seeded account", op)
			}
		}
		for op, n := range stats.Operations() {
			if got := countCalls(calls, string(op)); got != n {
				t.Errorf("stats count %d calls of %s, the proxy saw %d", n, op, got)
			}
		}
		t.Logf("API calls per service: %+v", stats.Services())
	})

	t.Run("call plan", func(t *testing.T) {
		// The call plan's minimum for what the account holds is exactly what the
		// collector called: the table the collection benchmark judges by is honest.
		minimum := MinimumCalls(e.options(nil).Plan, sizesOf(base, awstest.RegionA, []string{awstest.RegionA, awstest.RegionB}))
		made := map[OpRegion]int{}
		for _, c := range calls {
			made[OpRegion{Operation(c.Operation), c.Region}]++
		}
		for _, d := range planDiff(minimum, made) {
			t.Error(d)
		}
	})

	t.Run("throttling is retried and counted", func(t *testing.T) {
		e.proxy.Inject(
			awstest.Fault{Operation: "rds:DescribeDBInstances", Kind: awstest.Throttle, Times: 2},
			awstest.Fault{Operation: "logs:DescribeLogGroups", Kind: awstest.Throttle, Times: 3},
			awstest.Fault{Operation: "s3:GetBucketAcl", Kind: awstest.Throttle, Times: 1},
			awstest.Fault{Operation: "dynamodb:ListTables", Kind: awstest.ServerError, Times: 2},
			awstest.Fault{Operation: "sns:ListTopics", Kind: awstest.Reset, Times: 1},
		)
		defer e.proxy.ClearFaults()
		st := NewStats()
		got := canonical(t, e.collect(t, e.options(st)))
		if diff := cmp.Diff(string(baseJSON), string(got)); diff != "" {
			t.Errorf("retried collection differs from the baseline (-want +got):\n%s", diff)
		}
		throttled := map[string]int{}
		for _, s := range st.Services() {
			throttled[s.Service] = s.Throttled
		}
		want := map[string]int{"rds": 2, "logs": 3, "s3": 1}
		for svc, n := range want {
			if throttled[svc] != n {
				t.Errorf("%s throttled = %d, want %d", svc, throttled[svc], n)
			}
		}
	})

	t.Run("access denied on one detail call", func(t *testing.T) {
		e.proxy.Inject(awstest.Fault{Operation: "s3:GetBucketLogging", Path: "sw-trail-logs", Kind: awstest.AccessDenied})
		defer e.proxy.ClearFaults()
		snap := e.collect(t, e.options(nil))
		var bucket *inventory.S3Bucket
		for i := range snap.S3Buckets {
			if snap.S3Buckets[i].Name == "sw-trail-logs" {
				bucket = &snap.S3Buckets[i]
			}
		}
		if bucket == nil {
			t.Fatal("bucket dropped after a detail call failed")
		}
		if len(bucket.Errors) != 1 || bucket.Errors[0].Operation != "s3:GetBucketLogging" || bucket.Errors[0].Code != "AccessDenied" {
			t.Errorf("bucket errors = %+v, want one AccessDenied on s3:GetBucketLogging", bucket.Errors)
		}
		// Nothing else changes: put back what the denied call returned and compare.
		bucket.Errors = nil
		bucket.Logging = &inventory.BucketLogging{TargetBucket: "sw-access-logs", TargetPrefix: "trail/"}
		if diff := cmp.Diff(string(baseJSON), string(canonical(t, snap))); diff != "" {
			t.Errorf("AccessDenied changed more than the denied fact (-want +got):\n%s", diff)
		}
	})

	t.Run("access denied listing one topic's subscriptions", func(t *testing.T) {
		e.proxy.Inject(awstest.Fault{Operation: "sns:ListSubscriptionsByTopic", Body: awstest.OpsAlarmsTopic, Kind: awstest.AccessDenied})
		defer e.proxy.ClearFaults()
		snap := e.collect(t, e.options(nil))
		tp := topicNamed(snap, awstest.OpsAlarmsTopic)
		if tp == nil {
			t.Fatal("topic dropped after its subscriptions could not be listed")
		}
		want := []inventory.CollectionError{{Source: inventory.SourceAWS, AccountID: awstest.Account, Region: awstest.RegionA, Service: "sns",
			Operation: "sns:ListSubscriptionsByTopic", Resource: tp.ARN, Code: "AuthorizationError"}}
		if diff := cmp.Diff(want, tp.Errors, cmpopts.IgnoreFields(inventory.CollectionError{}, "Message")); diff != "" {
			t.Errorf("topic errors (-want +got):\n%s", diff)
		}
		if len(tp.Subscriptions) != 0 {
			t.Errorf("subscriptions = %+v, want none read", tp.Subscriptions)
		}
		// The error is the topic's alone: no region-wide error, no other topic touched.
		if n := collectionErrorCount(snap); n != 1 {
			t.Errorf("collection errors = %d, want the topic's one: %+v", n, snap.Errors)
		}
	})

	t.Run("access denied on a listing", func(t *testing.T) {
		e.proxy.Inject(awstest.Fault{Operation: "rds:DescribeDBInstances", Region: awstest.RegionA, Kind: awstest.AccessDenied})
		defer e.proxy.ClearFaults()
		snap := e.collect(t, e.options(nil))
		var found bool
		for _, er := range snap.Errors {
			if er.Operation == "rds:DescribeDBInstances" && er.Region == awstest.RegionA && er.Code == "AccessDenied" && er.AccountID == awstest.Account {
				found = true
			}
		}
		if !found {
			t.Errorf("snapshot errors = %+v, want AccessDenied on rds:DescribeDBInstances in %s", snap.Errors, awstest.RegionA)
		}
	})

	t.Run("timeouts and expired sessions are recorded", func(t *testing.T) {
		e.proxy.Inject(
			awstest.Fault{Operation: "es:ListDomainNames", Region: awstest.RegionB, Kind: awstest.Latency, Delay: 2 * time.Second},
			awstest.Fault{Operation: "cloudwatch:*", Kind: awstest.Expired},
		)
		defer e.proxy.ClearFaults()
		o := e.options(nil)
		o.CallTimeout = 300 * time.Millisecond
		o.MaxAttempts = 2
		start := time.Now()
		snap := e.collect(t, o)
		if took := time.Since(start); took > 20*time.Second {
			t.Errorf("collection took %s with faults, want it bounded", took)
		}
		codes := map[string]string{}
		for _, er := range snap.Errors {
			codes[er.Operation+" "+er.Region] = er.Code
		}
		if c := codes["es:ListDomainNames "+awstest.RegionB]; c != inventory.CodeTimeout {
			t.Errorf("slow ListDomainNames code = %q, want %s", c, inventory.CodeTimeout)
		}
		if c := codes["cloudwatch:DescribeAlarms "+awstest.RegionA]; c != "ExpiredToken" {
			t.Errorf("expired DescribeAlarms code = %q, want ExpiredToken", c)
		}
	})

	t.Run("interruption stops quickly with a partial snapshot", func(t *testing.T) {
		e.proxy.Inject(awstest.Fault{Operation: "*", Kind: awstest.Latency, Delay: 30 * time.Second})
		defer e.proxy.ClearFaults()
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(300*time.Millisecond, cancel)
		o := e.options(nil)
		start := time.Now()
		_, err := Collect(ctx, o)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Collect error = %v, want context.Canceled", err)
		}
		// Every call hangs for 30 s: stopping within a few seconds can only mean the
		// cancellation stopped them, and the margin keeps a loaded machine from failing it.
		if took := time.Since(start); took > 5*time.Second {
			t.Errorf("interruption took %s to stop, want well under the 30 s the calls hang", took)
		}
	})

	// The multi-Region trail homed in the region that is not scanned is listed by the
	// regional collectors and read afterwards, with its bucket and the KMS keys: an
	// interruption before or during that step must leave it in the partial snapshot with
	// what was not read as errors, not drop it (the account would be judged without it).
	interrupted := []struct {
		name  string
		fault awstest.Fault
		// stop says when to interrupt: once these (region service) tasks are done, or once
		// the proxy saw this operation.
		after  []string
		seenOp string
	}{
		{name: "interruption while regions are read keeps the trails listed elsewhere",
			fault: awstest.Fault{Operation: "es:ListDomainNames", Region: awstest.RegionB, Kind: awstest.Latency, Delay: 30 * time.Second},
			after: []string{awstest.RegionA + " cloudtrail", awstest.RegionB + " cloudtrail", " s3"}},
		{name: "interruption while trails homed elsewhere are read keeps them",
			fault:  awstest.Fault{Operation: "cloudtrail:GetTrailStatus", Region: awstest.RegionHome, Kind: awstest.Latency, Delay: 30 * time.Second},
			seenOp: "cloudtrail:GetTrailStatus " + awstest.RegionHome},
	}
	for _, tt := range interrupted {
		t.Run(tt.name, func(t *testing.T) {
			e.proxy.Inject(tt.fault)
			defer e.proxy.ClearFaults()
			e.proxy.ResetCalls()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			o := e.options(nil)
			if len(tt.after) > 0 {
				o.Progress = &cancelAfter{want: tt.after, cancel: cancel}
			} else {
				go func() {
					for ctx.Err() == nil {
						for _, c := range e.proxy.Calls() {
							if c.Operation+" "+c.Region == tt.seenOp {
								cancel()
							}
						}
						time.Sleep(20 * time.Millisecond)
					}
				}()
			}
			snap, err := Collect(ctx, o)
			if !errors.Is(err, context.Canceled) || snap == nil || !snap.Partial {
				t.Fatalf("Collect = partial snapshot %v, error %v; want a partial snapshot and context.Canceled", snap != nil && snap.Partial, err)
			}
			canceled := func(errs []inventory.CollectionError) []string {
				var ops []string
				for _, er := range errs {
					if er.Code == inventory.CodeCanceled {
						ops = append(ops, er.Operation)
					}
				}
				slices.Sort(ops)
				return ops
			}
			var trail *inventory.Trail
			for i := range snap.Trails {
				if snap.Trails[i].Name == awstest.TrailGlobal {
					trail = &snap.Trails[i]
				}
			}
			if trail == nil {
				t.Fatalf("trail %s, listed before the interruption, is not in the partial snapshot", awstest.TrailGlobal)
			}
			wantTrail := []string{"cloudtrail:GetEventSelectors", "cloudtrail:GetInsightSelectors", "cloudtrail:GetTrailStatus"}
			if diff := cmp.Diff(wantTrail, canceled(trail.Errors)); diff != "" {
				t.Errorf("trail %s canceled operations (-want +got):\n%s", awstest.TrailGlobal, diff)
			}
			var bucket *inventory.S3Bucket
			for i := range snap.S3Buckets {
				if snap.S3Buckets[i].Name == "sw-home-trail-logs" {
					bucket = &snap.S3Buckets[i]
				}
			}
			if bucket == nil || !slices.Contains(canceled(bucket.Errors), string(opGetBucketLogging)) {
				t.Errorf("bucket of trail %s = %+v, want it kept with Canceled errors on its details", awstest.TrailGlobal, bucket)
			}
			if !slices.Contains(canceled(snap.Errors), string(opDescribeKey)) {
				t.Errorf("snapshot errors = %+v, want kms:DescribeKey Canceled (the keys were never described)", snap.Errors)
			}
		})
	}
}

// cancelAfter interrupts a collection once the named tasks ("region service") are done.
type cancelAfter struct {
	mu     sync.Mutex
	want   []string
	cancel context.CancelFunc
}

func (p *cancelAfter) TasksAdded(int) {}

func (p *cancelAfter) TaskDone(t Task) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.want = slices.DeleteFunc(p.want, func(w string) bool { return w == t.Region+" "+t.Service })
	if len(p.want) == 0 {
		p.cancel()
	}
}

// collectionErrorCount counts the errors of the snapshot and its resources, leaving out
// the operations that were not planned.
func collectionErrorCount(s *inventory.Snapshot) int {
	n := 0
	for _, e := range s.Errors {
		if e.Code != inventory.CodeNotCollected {
			n++
		}
	}
	for _, c := range s.Collections() {
		for i := 0; i < c.Len; i++ {
			n += len(c.Meta(i).Errors)
		}
	}
	return n
}

func countCalls(calls []awstest.Call, op string) int {
	n := 0
	for _, c := range calls {
		if c.Operation == op {
			n++
		}
	}
	return n
}

var _ = strings.Contains

func topicNamed(s *inventory.Snapshot, name string) *inventory.SNSTopic {
	for i := range s.SNSTopics {
		if s.SNSTopics[i].Name == name {
			return &s.SNSTopics[i]
		}
	}
	return nil
}
