package terraform

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestLogWarnings(t *testing.T) {
	tests := []struct {
		name            string
		warnings        int
		wantWarn        int
		wantDebug       int
		wantLeftOutNote bool
	}{
		{name: "none", warnings: 0},
		{name: "a few, each", warnings: 3, wantWarn: 3},
		{name: "the bound, each", warnings: maxWarnings, wantWarn: maxWarnings},
		{name: "beyond the bound: the rest at debug, counted", warnings: maxWarnings + 5, wantWarn: maxWarnings + 1, wantDebug: 5, wantLeftOutNote: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			l := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
			var ws []string
			for i := range tt.warnings {
				ws = append(ws, fmt.Sprintf("warning %d", i))
			}
			logWarnings(l, ws)
			out := buf.String()
			if got := strings.Count(out, "level=WARN"); got != tt.wantWarn {
				t.Errorf("%d warnings logged, want %d:\n%s", got, tt.wantWarn, out)
			}
			if got := strings.Count(out, "level=DEBUG"); got != tt.wantDebug {
				t.Errorf("%d debug lines, want %d", got, tt.wantDebug)
			}
			if got := strings.Contains(out, fmt.Sprintf("more=%d", tt.wantDebug)); got != tt.wantLeftOutNote {
				t.Errorf("left-out note present = %v, want %v:\n%s", got, tt.wantLeftOutNote, out)
			}
		})
	}
}

// TestCollectedAtWholeSeconds: a plan without a timestamp is dated now, in whole seconds as
// a live collection is, so that jq's fromdate reads the reports' times.
func TestCollectedAtWholeSeconds(t *testing.T) {
	now := time.Date(2026, 11, 26, 14, 20, 5, 123456789, time.UTC)
	for _, tt := range []struct{ name, timestamp, want string }{
		{"plan timestamp", "2026-11-20T08:00:00Z", "2026-11-20T08:00:00Z"},
		{"no timestamp: now", "", "2026-11-26T14:20:05Z"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := &converter{plan: &Plan{Timestamp: tt.timestamp}, opts: Options{Now: func() time.Time { return now }}}
			if got := c.collectedAt().Format(time.RFC3339Nano); got != tt.want {
				t.Errorf("collected at %s, want %s", got, tt.want)
			}
		})
	}
}

// TestModuleSourceProblems: a module that is not on disk is named with what to do about it:
// terraform init installs a registry or git source, never a local path.
func TestModuleSourceProblems(t *testing.T) {
	cfg := &configIndex{calls: map[string]*ModuleCall{
		"stack":        {Source: "git::https://example.com/stack.git"},
		"stack.alarms": {Source: "../alarms"},
	}}
	_, problems := loadSources(context.Background(), t.TempDir(), cfg)
	var got []string
	for _, p := range problems {
		got = append(got, p.Error())
	}
	want := []string{
		`module stack: source "git::https://example.com/stack.git" is not on disk (run terraform init in the configuration directory to install it)`,
		`module stack.alarms: local source "../alarms" is relative to a module that is not on disk (is --tf-dir the directory the plan was made in?)`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
