package terraform

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
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
