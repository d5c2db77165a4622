package awstest

import (
	"slices"
	"strings"
	"sync"
	"time"
)

// Limits make the proxy behave like AWS under load: every call takes Latency, and each
// (service, region) admits Rate calls per second, answering the excess with the
// service's own throttling error (ThrottlingException, Throttling, SlowDown), which the
// SDK's retryer recognises.
type Limits struct {
	// Latency is added to every call, throttled ones included: a round trip to AWS.
	Latency time.Duration
	// Rate is the calls per second each (service, region) admits; 0 means no limit.
	Rate float64
	// Burst is the token bucket's capacity: calls admitted at once after a quiet spell.
	// 0 means 1.
	Burst int
}

// bucket is a token bucket refilled continuously.
type bucket struct {
	tokens float64
	last   time.Time
}

// take spends a token at now if one is left.
func (b *bucket) take(now time.Time, rate float64, burst int) bool {
	capacity := float64(max(1, burst))
	if b.last.IsZero() {
		b.tokens = capacity
	} else {
		b.tokens = min(capacity, b.tokens+now.Sub(b.last).Seconds()*rate)
	}
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

type limiter struct {
	mu      sync.Mutex
	limits  Limits
	buckets map[string]*bucket
}

// SetLimits applies latency and rate limits to the calls from now on, with fresh
// buckets.
func (p *Proxy) SetLimits(l Limits) {
	p.limiter.mu.Lock()
	defer p.limiter.mu.Unlock()
	p.limiter.limits = l
	p.limiter.buckets = map[string]*bucket{}
}

// admit reports the latency to add to a call and whether its (service, region) bucket
// admits it.
func (l *limiter) admit(op, region string, now time.Time) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.limits.Rate <= 0 {
		return l.limits.Latency, true
	}
	svc, _, _ := strings.Cut(op, ":")
	k := svc + "|" + region
	b := l.buckets[k]
	if b == nil {
		b = &bucket{}
		l.buckets[k] = b
	}
	return l.limits.Latency, b.take(now, l.limits.Rate, l.limits.Burst)
}

// OpCount is what the proxy saw of one operation in one region.
type OpCount struct {
	Operation string
	Region    string
	// Calls counts every request, throttled or not.
	Calls int
	// Throttled counts the requests answered with a throttling error.
	Throttled int
	// First and Last are the arrivals of the first and the last request.
	First, Last time.Time
}

// Counts tallies the calls seen so far per operation and region, sorted.
func (p *Proxy) Counts() []OpCount {
	byKey := map[[2]string]*OpCount{}
	for _, c := range p.Calls() {
		k := [2]string{c.Operation, c.Region}
		oc := byKey[k]
		if oc == nil {
			oc = &OpCount{Operation: c.Operation, Region: c.Region, First: c.At}
			byKey[k] = oc
		}
		if c.At.Before(oc.First) {
			oc.First = c.At
		}
		if c.At.After(oc.Last) {
			oc.Last = c.At
		}
		oc.Calls++
		if c.Fault == Throttle {
			oc.Throttled++
		}
	}
	out := make([]OpCount, 0, len(byKey))
	for _, oc := range byKey {
		out = append(out, *oc)
	}
	slices.SortFunc(out, func(a, b OpCount) int {
		if c := strings.Compare(a.Operation, b.Operation); c != 0 {
			return c
		}
		return strings.Compare(a.Region, b.Region)
	})
	return out
}
