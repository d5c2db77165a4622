package aws

import (
	"testing"
	"time"
)

func TestPacerReserve(t *testing.T) {
	start := time.Unix(0, 0)
	at := func(ms int) time.Time { return start.Add(time.Duration(ms) * time.Millisecond) }
	var p pacer
	interval := 50 * time.Millisecond
	for _, tt := range []struct{ now, wait int }{
		{0, 0},    // the first call goes at once
		{0, 50},   // a second at the same instant waits one interval
		{10, 90},  // a third is booked after the second
		{500, 0},  // after a quiet spell a call goes at once: no burst is saved up
		{510, 40}, // and the next waits for the rest of the interval
	} {
		if got := p.reserve(at(tt.now), interval); got != time.Duration(tt.wait)*time.Millisecond {
			t.Errorf("reserve at %dms waits %s, want %dms", tt.now, got, tt.wait)
		}
	}
}
