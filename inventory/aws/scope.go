package aws

import (
	"context"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"github.com/storewatch/storewatch/inventory"
)

// scope is what a service collector works in: one account and one region, the plan, and
// the account's results.
type scope struct {
	account   string
	partition string
	region    string
	// home is the region of the account's global calls.
	home string
	plan Plan
	// detail bounds the detail calls one service makes at once in the region.
	detail int
	redact bool
	out    *accountRun
}

// arn builds the ARN of a resource of the scope's account and region.
func (s *scope) arn(service, resource string) string {
	return "arn:" + s.partition + ":" + service + ":" + s.region + ":" + s.account + ":" + resource
}

// meta builds the common fields of a resource found in the scope.
func (s *scope) meta(typ, arn, name string) inventory.Meta {
	return inventory.Meta{ID: arn, Type: typ, ARN: arn, Name: name, AccountID: s.account, Region: s.region}
}

// listingFailed records a listing that failed for the whole region (or account), and
// returns the error to stop with when the collection was interrupted.
//
// A listing the service answered is not offered in the region is not a failure: the
// region has no such resources, and a note says so instead of an error, so nothing is
// unknown for want of them. Only the service's explicit answer counts (notOfferedInRegion);
// a name that does not resolve, or any other failure, stays an error.
func (s *scope) listingFailed(ctx context.Context, op Operation, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if notOfferedInRegion(err) && len(inventory.ListedTypes(string(op))) > 0 {
		s.out.addNote(collectionError(s.account, s.region, op, "", err))
		return nil
	}
	s.out.addError(collectionError(s.account, s.region, op, "", err))
	return nil
}

// failed records a detail call that failed on the resource it was about, which is kept,
// and returns the error to stop with when the collection was interrupted.
func (s *scope) failed(ctx context.Context, m *inventory.Meta, op Operation, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	s.note(m, s.region, op, err)
	return nil
}

// note records a failed call on the resource it concerns.
func (s *scope) note(m *inventory.Meta, region string, op Operation, err error) {
	m.Errors = append(m.Errors, collectionError(s.account, region, op, m.ID, err))
	s.out.errs.Add(1)
}

// forEach runs fn for every index, at most limit at once. fn returns an error only to stop
// everything (an interruption); collection errors are recorded, not returned.
func forEach(ctx context.Context, limit, n int, fn func(ctx context.Context, i int) error) error {
	if n == 0 {
		return nil
	}
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(max(1, limit))
	for i := 0; i < n; i++ {
		g.Go(func() error { return fn(ctx, i) })
	}
	return g.Wait()
}

// accountRun accumulates what the collectors of one account found. Collectors build
// their items locally and add them in one step, under the lock.
type accountRun struct {
	mu   sync.Mutex
	snap inventory.Snapshot
	// elsewhere holds, by ARN, the trails listed in a region other than their home.
	elsewhere map[string]inventory.Trail
	// buckets are all the account's buckets, listed once; bucketsDone those whose details
	// were read.
	buckets     []listedBucket
	bucketsDone map[string]bool
	logPolicies []inventory.LogResourcePolicy
	pab         *inventory.PublicAccessBlock
	// keysDone is set once the KMS keys the resources name were described.
	keysDone bool
	// errs counts the collection errors recorded, on resources or not.
	errs atomic.Int64
	// regions are the regions scanned in the account.
	regions []string
}

func (a *accountRun) seeTrailElsewhere(t inventory.Trail) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.elsewhere == nil {
		a.elsewhere = map[string]inventory.Trail{}
	}
	if _, ok := a.elsewhere[t.ARN]; !ok {
		a.elsewhere[t.ARN] = t
	}
}

func (a *accountRun) addLogPolicies(p []inventory.LogResourcePolicy) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.logPolicies = append(a.logPolicies, p...)
}

func (a *accountRun) add(fn func(s *inventory.Snapshot)) {
	a.mu.Lock()
	defer a.mu.Unlock()
	fn(&a.snap)
}

func (a *accountRun) addNote(e inventory.CollectionError) {
	a.add(func(s *inventory.Snapshot) { s.Notes = append(s.Notes, e) })
}

func (a *accountRun) addError(e inventory.CollectionError) {
	a.errs.Add(1)
	a.add(func(s *inventory.Snapshot) { s.Errors = append(s.Errors, e) })
}

// cache remembers the answer for a key so that a fact shared by many resources (a
// parameter group, a KMS key) is fetched once; concurrent askers of one key wait for the
// first.
type cache[V any] struct {
	mu      sync.Mutex
	entries map[string]*cacheEntry[V]
}

type cacheEntry[V any] struct {
	once sync.Once
	val  V
	err  error
}

func (c *cache[V]) get(key string, fetch func() (V, error)) (V, error) {
	c.mu.Lock()
	if c.entries == nil {
		c.entries = map[string]*cacheEntry[V]{}
	}
	e, ok := c.entries[key]
	if !ok {
		e = &cacheEntry[V]{}
		c.entries[key] = e
	}
	c.mu.Unlock()
	e.once.Do(func() { e.val, e.err = fetch() })
	return e.val, e.err
}

// tagMap turns an API's tag list into the snapshot's map.
func tagMap[T any](tags []T, kv func(T) (string, string)) map[string]string {
	if len(tags) == 0 {
		return nil
	}
	m := make(map[string]string, len(tags))
	for _, t := range tags {
		k, v := kv(t)
		m[k] = v
	}
	return m
}
