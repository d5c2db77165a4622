package main

import "testing"

func TestGCPercentFor(t *testing.T) {
	tests := []struct {
		live uint64
		want int
	}{
		{0, maxGCPercent},
		{100 << 20, maxGCPercent}, // a small heap: collect at three times it
		{200 << 20, maxGCPercent}, // the budget would allow 3.5 times
		{280 << 20, 150},          // the budget allows 2.5 times
		{400 << 20, minGCPercent}, // the budget allows 1.75 times: Go's default
		{4 << 30, minGCPercent},   // beyond the budget: Go's default, never more often
	}
	for _, tt := range tests {
		if got := gcPercentFor(tt.live); got != tt.want {
			t.Errorf("gcPercentFor(%d MiB) = %d, want %d", tt.live>>20, got, tt.want)
		}
	}
}

func TestMemoryLimitFor(t *testing.T) {
	tests := []struct {
		live uint64
		want int64
	}{
		{0, memoryBudget},
		{400 << 20, memoryBudget}, // 100,000 stores: the budget
		{600 << 20, memoryBudget}, // the budget is four thirds of 637.5 MiB
		{768 << 20, 1 << 30},      // beyond it, the limit leaves a third of the live heap to fill
		{3 << 30, 4 << 30},        // likewise
		{1 << 63, 1<<63 - 1},      // no overflow
	}
	for _, tt := range tests {
		if got := memoryLimitFor(tt.live); got != tt.want {
			t.Errorf("memoryLimitFor(%d MiB) = %d MiB, want %d MiB", tt.live>>20, got>>20, tt.want>>20)
		}
	}
}
