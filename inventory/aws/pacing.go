package aws

import (
	"context"
	"sync"
	"time"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"
)

// pacers space the calls of one account so that each (service, region) is sent at most
// rate calls per second. AWS throttles per account, region and API family; a throttled
// call costs a retry and a backoff, so staying under the rate is cheaper than finding it
// by being throttled. The SDK's adaptive retry still narrows the rate further when AWS
// throttles anyway.
type pacers struct {
	interval time.Duration
	mu       sync.Mutex
	byKey    map[string]*pacer
}

// newPacers paces at rate calls per second; a rate of 0 or less does not pace.
func newPacers(rate float64) *pacers {
	p := &pacers{byKey: map[string]*pacer{}}
	if rate > 0 {
		p.interval = time.Duration(float64(time.Second) / rate)
	}
	return p
}

// pacer hands out send times at least interval apart: a token bucket of one token.
type pacer struct {
	mu   sync.Mutex
	next time.Time
}

// reserve books the next send time at or after now and returns how long to wait for it.
func (p *pacer) reserve(now time.Time, interval time.Duration) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	slot := now
	if p.next.After(now) {
		slot = p.next
	}
	p.next = slot.Add(interval)
	return slot.Sub(now)
}

func (p *pacers) get(key string) *pacer {
	p.mu.Lock()
	defer p.mu.Unlock()
	pc := p.byKey[key]
	if pc == nil {
		pc = &pacer{}
		p.byKey[key] = pc
	}
	return pc
}

// middleware waits for the call's turn. It sits in the finalize step after the retry
// middleware, so every attempt, retries included, waits its turn.
func (p *pacers) middleware(stack *middleware.Stack) error {
	if p.interval <= 0 {
		return nil
	}
	return stack.Finalize.Insert(middleware.FinalizeMiddlewareFunc("StorewatchPacing",
		func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			key := servicePrefix(awsmiddleware.GetServiceID(ctx)) + "|" + awsmiddleware.GetRegion(ctx)
			if d := p.get(key).reserve(time.Now(), p.interval); d > 0 {
				t := time.NewTimer(d)
				select {
				case <-t.C:
				case <-ctx.Done():
					t.Stop()
					return middleware.FinalizeOutput{}, middleware.Metadata{}, ctx.Err()
				}
			}
			return next.HandleFinalize(ctx, in)
		}), "Retry", middleware.After)
}
