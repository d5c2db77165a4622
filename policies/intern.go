package policies

import (
	"encoding/json"
	"hash/maphash"
	"math"
	"sync"
)

// evidenceInterner makes findings with equal evidence share one map. At 100,000 stores,
// 446,000 findings carry evidence but only 103,000 different ones (a store's kind, the
// metrics a rule wanted, the same trail for every store of a region): sharing them keeps
// a quarter of a gigabyte less alive until the reports are written. Evidence is never
// changed once a finding holds it.
type evidenceInterner struct {
	seed   maphash.Seed
	shards [64]internShard
}

type internShard struct {
	mu sync.Mutex
	m  map[uint64][]map[string]any
}

func newEvidenceInterner() *evidenceInterner {
	return &evidenceInterner{seed: maphash.MakeSeed()}
}

// intern returns a map equal to ev that an earlier finding already holds, or ev itself.
func (in *evidenceInterner) intern(ev map[string]any) map[string]any {
	if in == nil || len(ev) == 0 {
		return ev
	}
	sum, ok := hashJSON(in.seed, ev)
	if !ok {
		return ev
	}
	s := &in.shards[sum%uint64(len(in.shards))]
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.m[sum] {
		if equalJSON(c, ev) {
			return c
		}
	}
	if s.m == nil {
		s.m = map[uint64][]map[string]any{}
	}
	s.m[sum] = append(s.m[sum], ev)
	return ev
}

// hashJSON hashes a decoded JSON value; a map's hash does not depend on its order. It
// reports false for a type that decoded JSON does not hold, which is then not shared.
// Equal values hash the same; values that collide are told apart by equalJSON.
func hashJSON(seed maphash.Seed, v any) (uint64, bool) {
	const prime = 1099511628211
	switch x := v.(type) {
	case nil:
		return 1, true
	case bool:
		if x {
			return 2, true
		}
		return 3, true
	case json.Number:
		return maphash.String(seed, string(x)) ^ 4, true
	case float64:
		return math.Float64bits(x)*prime ^ 5, true
	case string:
		return maphash.String(seed, x) ^ 6, true
	case []any:
		h := uint64(7)
		for _, e := range x {
			s, ok := hashJSON(seed, e)
			if !ok {
				return 0, false
			}
			h = h*prime + s
		}
		return h, true
	case map[string]any:
		// Entries are mixed on their own and summed, so that order does not matter.
		h := uint64(8)
		for k, e := range x {
			s, ok := hashJSON(seed, e)
			if !ok {
				return 0, false
			}
			h += (maphash.String(seed, k) + s) * prime
		}
		return h, true
	}
	return 0, false
}

// equalJSON reports whether two decoded JSON values are the same, type for type (a
// json.Number is not equal to a float64, "1" not to "1.0"), so that a shared map
// encodes exactly as the finding's own would have.
func equalJSON(a, b any) bool {
	switch x := a.(type) {
	case nil:
		return b == nil
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case json.Number:
		y, ok := b.(json.Number)
		return ok && x == y
	case float64:
		y, ok := b.(float64)
		return ok && math.Float64bits(x) == math.Float64bits(y)
	case string:
		y, ok := b.(string)
		return ok && x == y
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) || (x == nil) != (y == nil) {
			return false
		}
		for i := range x {
			if !equalJSON(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) || (x == nil) != (y == nil) {
			return false
		}
		for k, e := range x {
			f, ok := y[k]
			if !ok || !equalJSON(e, f) {
				return false
			}
		}
		return true
	}
	return false
}
